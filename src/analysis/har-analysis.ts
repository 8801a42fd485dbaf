/**
 * One HAR file in, one CaptureAnalysis out (SPEC-FORMAT.md, "Captures").
 *
 * A HAR comes from a proxy or browser that saw the traffic decrypted, so it
 * has no packets: each entry is one flow, numbered like a frame.
 * - `id`, `first_frame`, `last_frame` and each finding's `frame` are the
 *   entry's 1-based position in `log.entries`; reports show no Wireshark
 *   filter for HAR flows.
 * - An `https://` (or `wss://`) entry is protocol `tls`, encrypted, TLS
 *   version unknown; an `http://` (or `ws://`) entry is `http`, not
 *   encrypted. Entries of browser-internal URLs (`data:`, `blob:`...) are
 *   counted but are no flow; an unparseable URL or other scheme is an
 *   unencrypted `tcp` flow.
 * - Transport `tcp`. The client is the first of `device.addresses`, else
 *   `0.0.0.0` (a HAR has no client address), port 0. The server port is the
 *   URL's (default 443 or 80); the server address as `serverAddress` in
 *   har-target.ts finds it, "" when unknown (country `unknown`).
 * - `names` is the URL host; `sni` is that host for https, `http_host` for all.
 * - The URL, headers, bodies and WebSocket messages of both directions are
 *   searched in every entry, encrypted or not (har-scan.ts).
 * - `bytes_up`/`bytes_down` add the head and body sizes the exporter
 *   recorded (unknown ones count 0, or the stored body's length), and the
 *   WebSocket messages' lengths; `packets` is 1.
 * - `window` selects entries by `startedDateTime`, in seconds from the
 *   earliest entry; an entry without a usable time is kept.
 */
import { readHar } from '../capture/har-reader.js';
import type { HarEntry } from '../capture/har-types.js';
import { compileMatcher } from '../detect/index.js';
import { ErrorCodes } from '../errors.js';
import type { GeoLookup } from '../geo/types.js';
import type { AnalyzeOptions } from './analyze.js';
import { scanEntry, type HarSearch } from './har-scan.js';
import { harTarget, hostAddresses, serverAddress, type HarTarget, type HostAddresses } from './har-target.js';
import type { CaptureAnalysis, FlowRecord } from './types.js';

/** The client address of HAR flows when the spec gives no device address. */
export const HAR_CLIENT_PLACEHOLDER = '0.0.0.0';

type Weird = (name: string) => void;

function utf8Length(s: string | null | undefined): number {
  return s ? Buffer.byteLength(s, 'utf8') : 0;
}

function known(n: number): number {
  return n > 0 ? n : 0;
}

function byteCounts(e: HarEntry): { up: number; down: number } {
  const req = e.request;
  let up = known(req.headersSize) + (req.bodySize >= 0 ? req.bodySize : utf8Length(req.postData?.text));
  let down = 0;
  if (e.response) {
    const res = e.response;
    down = known(res.headersSize) + (res.bodySize >= 0 ? res.bodySize : known(res.content.size));
  }
  for (const m of e.webSocketMessages) {
    if (m.type === 'receive') down += utf8Length(m.data);
    else up += utf8Length(m.data);
  }
  return { up, down };
}

interface EntryContext {
  search: HarSearch;
  geo: GeoLookup;
  client: string;
  byHost: HostAddresses;
  weird: Weird;
}

function toRecord(e: HarEntry, target: HarTarget, ctx: EntryContext): FlowRecord {
  const ip = serverAddress(e, target, ctx.byHost, ctx.weird);
  const g = ctx.geo.lookup(ip);
  const scan = scanEntry(e, ctx.search);
  for (const w of scan.weirds) ctx.weird(w);
  const sni = target.protocol === 'tls' && target.host !== null && !target.hostIsIp ? target.host : null;
  const ts = e.ts ?? 0;
  const bytes = byteCounts(e);
  return {
    id: e.index,
    transport: 'tcp',
    client: { ip: ctx.client, port: 0 },
    server: { ip, port: target.port },
    protocol: target.protocol,
    encrypted: target.encrypted,
    tls_version: null,
    names: target.host === null ? [] : [target.host],
    names_source: target.host === null ? 'none' : sni !== null ? 'sni' : 'http',
    sni,
    http_host: target.host,
    country: g.country,
    asn: g.asn,
    as_org: g.as_org,
    first_frame: e.index,
    last_frame: e.index,
    first_ts: ts,
    last_ts: ts + known(e.time) / 1000,
    bytes_up: bytes.up,
    bytes_down: bytes.down,
    packets: 1,
    has_payload: true,
    uninspected: scan.uninspected,
    findings: scan.findings,
  };
}

function inWindow(e: HarEntry, window: { from: number; to: number } | null, first: number | null): boolean {
  if (!window || e.ts === null || first === null) return true;
  const t = e.ts - first;
  return t >= window.from && t <= window.to;
}

/**
 * Analyses a HAR file (see the module comment for how entries become
 * flows). Throws the CaptureError of `readHar` when the file cannot be read;
 * an empty `entries` list, or a `window` that holds no entry, is reported in
 * `errors` as LS_CAPTURE_EMPTY.
 */
export function analyzeHar(file: string, opts: AnalyzeOptions): CaptureAnalysis {
  const har = readHar(file);
  const weirds = new Map<string, number>(Object.entries(har.weirds));
  const weird: Weird = (name) => void weirds.set(name, (weirds.get(name) ?? 0) + 1);
  const ctx: EntryContext = {
    search: {
      matcher: opts.matcher ?? compileMatcher(opts.identifiers.filter((d) => d.value !== null)),
      identifiers: opts.identifiers,
      locations: opts.identifiers.filter((d) => d.location),
    },
    geo: opts.geo,
    client: opts.deviceAddresses?.[0] ?? HAR_CLIENT_PLACEHOLDER,
    byHost: hostAddresses(har.entries),
    weird,
  };
  const window = opts.window ?? null;
  const summary = har.summary;
  const flows: FlowRecord[] = [];
  const tls: CaptureAnalysis['tls'] = [];
  const http: CaptureAnalysis['http'] = [];
  let selected = 0;
  for (const e of har.entries) {
    if (!inWindow(e, window, summary.first_ts)) continue;
    selected++;
    const target = harTarget(e.request.url, weird);
    if (target === null) {
      weird('har_entry_not_network');
      continue;
    }
    const flow = toRecord(e, target, ctx);
    flows.push(flow);
    if (flow.protocol === 'tls') tls.push({ frame: e.index, flow: flow.id, sni: flow.sni, alpn: [], version: 'unknown' });
    const status = e.response && e.response.status > 0 ? e.response.status : null;
    http.push({ frame: e.index, flow: flow.id, method: e.request.method || null, host: target.host, path: target.path, status });
  }
  opts.onProgress?.({ bytesRead: summary.bytes, size: summary.bytes, frames: har.entries.length, flows: flows.length });

  const errors: CaptureAnalysis['errors'] = [];
  if (har.entries.length === 0) {
    errors.push({ code: ErrorCodes.CAPTURE_EMPTY, message: `${file}: the HAR file holds no entries` });
  } else if (window && selected === 0) {
    const span = (summary.last_ts ?? 0) - (summary.first_ts ?? 0);
    errors.push({
      code: ErrorCodes.CAPTURE_EMPTY,
      message: `${file}: the window ${window.from}s..${window.to}s holds no HAR entries (they span ${span.toFixed(1)}s)`,
    });
  }
  const geoInfo = opts.geo.info();
  return {
    capture: summary,
    flows,
    dns: [],
    tls,
    http,
    weirds: Object.fromEntries([...weirds].sort(([a], [b]) => a.localeCompare(b))),
    geo_db: { name: geoInfo.name, build_date: geoInfo.build_date },
    errors,
    window,
  };
}
