/**
 * One capture in, one CaptureAnalysis out: reads frames (streamed), decodes
 * flows, runs protocol analyzers, scans cleartext for identifiers, and
 * places servers on the map. Depends only on the capture and the options;
 * policy is applied later.
 */
import { openCapture, sniffFormat } from '../capture/index.js';
import type { Frame } from '../capture/types.js';
import { createFlowTable } from '../decode/index.js';
import type { Dir, Flow, FlowSink } from '../decode/types.js';
import { addWeird } from '../decode/types.js';
import { compileMatcher, OneShotScan, StreamScan, type ScanHits } from '../detect/index.js';
import type { IdentifierDecl, Matcher } from '../detect/types.js';
import { ErrorCodes, LeakspecError } from '../errors.js';
import type { GeoLookup } from '../geo/types.js';
import { selectAnalyzer } from '../protocols/index.js';
import type { ProtocolAnalyzer, ProtocolEvent } from '../protocols/types.js';
import { DnsNames } from './dns-names.js';
import { analyzeHar } from './har-analysis.js';
import { dropContained, newFlowState, recordHits, type FlowState } from './flow-state.js';
import type { CaptureAnalysis, FlowRecord } from './types.js';

export interface AnalyzeProgress {
  bytesRead: number;
  size: number;
  frames: number;
  flows: number;
}

export interface AnalyzeOptions {
  identifiers: IdentifierDecl[];
  deviceAddresses?: string[];
  geo: GeoLookup;
  /** Seconds from the capture's first packet: frames outside are not analysed. */
  window?: { from: number; to: number } | null;
  /** Called every few thousand frames and at the end. */
  onProgress?: (p: AnalyzeProgress) => void;
  /** A matcher compiled earlier for the same identifiers (compiling is the costly part). */
  matcher?: Matcher;
}

const ENCRYPTED_PROTOCOLS = new Set(['tls', 'quic', 'dtls', 'ssh']);

export function analyzeCapture(file: string, opts: AnalyzeOptions): CaptureAnalysis {
  if (sniffFormat(file) === 'har') return analyzeHar(file, opts);
  const source = openCapture(file);
  const matcher = opts.matcher ?? compileMatcher(opts.identifiers.filter((d) => d.value !== null));
  const weirds = new Map<string, number>();
  const dnsNames = new DnsNames();
  const dns: CaptureAnalysis['dns'] = [];
  const tls: CaptureAnalysis['tls'] = [];
  const http: CaptureAnalysis['http'] = [];
  const pendingHttp = new Map<number, number[]>();
  const ended: Flow[] = [];
  const errors: CaptureAnalysis['errors'] = [];
  const targets = { matcher, identifiers: opts.identifiers };
  // Datagrams and decoded bodies: each searched as a stream of its own.
  const once = new OneShotScan(targets);
  const recordOnce = (st: FlowState, h: ScanHits, data: Uint8Array, dir: Dir, frame: number, where: string, prefix: string[]): void => {
    recordHits(st, h.declared, data, 0, dir, frame, where, prefix);
    recordHits(st, h.detectors, data, 0, dir, frame, where, prefix);
    recordHits(st, h.locations, data, 0, dir, frame, where, prefix);
  };

  const handleEvent = (flow: Flow, st: FlowState, ev: ProtocolEvent): void => {
    switch (ev.type) {
      case 'dns':
        dns.push({ frame: ev.frame, name: ev.name, type: ev.qtype, answers: ev.answers.map((a) => a.data).filter(Boolean) });
        if (ev.response) dnsNames.add(ev.name, ev.answers, ev.frame);
        break;
      case 'tls-client-hello':
        tls.push({ frame: ev.frame, flow: flow.id, sni: ev.sni, alpn: ev.alpn, version: ev.version });
        if (ev.sni && !st.sni) st.sni = ev.sni.toLowerCase();
        break;
      case 'http-request': {
        http.push({ frame: ev.frame, flow: flow.id, method: ev.method, host: ev.host, path: ev.path, status: null });
        let q = pendingHttp.get(flow.id);
        if (!q) pendingHttp.set(flow.id, (q = []));
        q.push(http.length - 1);
        if (ev.host && !st.httpHost) st.httpHost = ev.host;
        break;
      }
      case 'http-response': {
        const q = pendingHttp.get(flow.id);
        const i = q?.shift();
        if (i !== undefined && ev.status >= 200) http[i].status = ev.status;
        else if (i !== undefined) q?.unshift(i);
        else http.push({ frame: ev.frame, flow: flow.id, method: null, host: null, path: null, status: ev.status });
        break;
      }
      case 'http-body': {
        if (!st.scan || !ev.encodings.length) break;
        const prefix = ev.encodings.filter((e) => e !== 'chunked');
        recordOnce(st, once.scan(ev.data), ev.data, ev.dir, ev.frame, 'http-body', prefix);
        break;
      }
      case 'uninspected':
        st.uninspected.push(`${ev.reason} (frame ${ev.frame})`);
        break;
      case 'tls-server-hello':
        break;
      case 'mqtt':
        break;
    }
  };

  const startAnalyzer = (flow: Flow, st: FlowState, data: Uint8Array, dir: Dir): void => {
    const ctx = { transport: flow.transport, clientPort: flow.client.port, serverPort: flow.server.port };
    const factory = selectAnalyzer(data, dir, ctx);
    st.analyzer = factory.create({
      ...ctx,
      emit: (ev) => handleEvent(flow, st, ev),
      weird: (name) => addWeird(weirds, name),
    });
    st.protocol = factory.protocol;
    st.scan = !ENCRYPTED_PROTOCOLS.has(factory.protocol);
    if (st.scan && flow.transport === 'tcp') st.scanners = [new StreamScan(targets), new StreamScan(targets)];
  };

  const sink: FlowSink = {
    onFlowStart(flow) {
      const st = newFlowState(flow);
      st.dnsNames = dnsNames.namesFor(flow.server.ip, flow.firstFrame);
      flow.state = st;
    },
    onData(flow, dir, data, frame) {
      const st = flow.state as FlowState;
      if (data.length === 0) return;
      st.hasPayload = true;
      if (!st.analyzer) startAnalyzer(flow, st, data, dir);
      st.analyzer!.onData(dir, data, frame);
      if (!st.scan) return;
      if (flow.transport === 'udp') {
        recordOnce(st, once.scan(data), data, dir, frame, 'datagram', []);
        return;
      }
      const s = st.scanners[dir]!;
      const start = s.position;
      const h = s.push(data);
      if (h.declared.length) recordHits(st, h.declared, data, start, dir, frame, 'stream', []);
      if (h.locations.length) recordHits(st, h.locations, data, start, dir, frame, 'stream', []);
      if (h.detectors.length) recordHits(st, h.detectors, data, start, dir, frame, 'stream', []);
    },
    onGap(flow, dir, length, frame) {
      const st = flow.state as FlowState;
      st.analyzer?.onGap?.(dir, length, frame);
      if (st.scan) st.uninspected.push(`${length} bytes missing ${dir === 0 ? 'client→server' : 'server→client'} before frame ${frame} (TCP gap)`);
    },
    onFlowEnd(flow) {
      const st = flow.state as FlowState;
      st.analyzer?.onEnd?.();
      for (const dir of [0, 1] as const) {
        const s = st.scanners[dir];
        if (!s) continue;
        const h = s.flush();
        recordHits(st, h.locations, new Uint8Array(0), s.position, dir, flow.lastFrame, 'stream', []);
        recordHits(st, h.detectors, new Uint8Array(0), s.position, dir, flow.lastFrame, 'stream', []);
      }
      st.findings = dropContained(st.findings);
      // Scanners are freed now; the record is made at the end, because the
      // flow table still counts late packets (the final ACK) to a closed flow.
      st.scanners = [null, null];
      st.analyzer = st.analyzer ? frozenAnalyzer(st.analyzer) : null;
      ended.push(flow);
      pendingHttp.delete(flow.id);
    },
  };

  const table = createFlowTable(sink, { deviceAddresses: opts.deviceAddresses ?? [] });
  const window = opts.window ?? null;
  let firstTs: number | null = null;
  let inWindow = 0;
  let frames = 0;
  const progress = (): void =>
    opts.onProgress?.({ bytesRead: source.bytesRead, size: source.size, frames, flows: table.stats.flows });
  let summary;
  try {
    try {
      for (let f: Frame | null = source.next(); f; f = source.next()) {
        frames++;
        if (firstTs === null) firstTs = f.ts;
        if (window && (f.ts - firstTs < window.from || f.ts - firstTs > window.to)) continue;
        inWindow++;
        table.push(f);
        if ((frames & 0x3fff) === 0) progress();
      }
    } catch (e) {
      if (!(e instanceof LeakspecError)) throw e;
      errors.push({ code: e.code, message: e.message });
    }
    // Before closing: after a CaptureError the reader still hashes the rest of the file.
    summary = source.summary();
  } finally {
    source.close();
  }
  table.finish();
  progress();
  for (const [name, n] of table.weirds) addWeird(weirds, name, n);

  if (frames === 0 && !errors.length) {
    errors.push({ code: ErrorCodes.CAPTURE_EMPTY, message: `${file}: the capture holds no packets` });
  } else if (window && inWindow === 0 && !errors.length) {
    errors.push({
      code: ErrorCodes.CAPTURE_EMPTY,
      message: `${file}: the window ${window.from}s..${window.to}s holds no packets (the capture spans ${((summary.last_ts ?? 0) - (summary.first_ts ?? 0)).toFixed(1)}s)`,
    });
  }
  const undecodable = [...table.stats.undecodableLinkTypes];
  if (undecodable.length) {
    const list = undecodable.map(([lt, n]) => `link type ${lt} (${n} packets)`).join(', ');
    errors.push({ code: ErrorCodes.CAPTURE_LINKTYPE, message: `${file}: packets of a link type that cannot be decoded: ${list}` });
  }

  const flows: FlowRecord[] = ended.map((f) => toRecord(f, f.state as FlowState, opts.geo)).sort((a, b) => a.id - b.id);
  const geoInfo = opts.geo.info();
  return {
    capture: summary,
    flows,
    dns,
    tls,
    http,
    weirds: Object.fromEntries([...weirds].sort(([a], [b]) => a.localeCompare(b))),
    geo_db: { name: geoInfo.name, build_date: geoInfo.build_date },
    errors,
    window,
  };
}

/** Keeps only the verdict of a finished analyzer, dropping its buffers. */
function frozenAnalyzer(a: ProtocolAnalyzer): ProtocolAnalyzer {
  const enc = a.encryption();
  return { protocol: a.protocol, onData: () => undefined, encryption: () => enc };
}

function toRecord(flow: Flow, st: FlowState, geo: GeoLookup): FlowRecord {
  const enc = st.analyzer ? st.analyzer.encryption() : { encrypted: false as const, version: null };
  let names: string[];
  let source: FlowRecord['names_source'];
  if (st.sni || st.httpHost) {
    names = [...new Set([st.sni, st.httpHost].filter((n): n is string => !!n))];
    source = st.sni ? 'sni' : 'http';
  } else if (st.dnsNames.length) {
    names = st.dnsNames;
    source = 'dns';
  } else {
    names = [];
    source = 'none';
  }
  const g = geo.lookup(flow.server.ip);
  return {
    id: flow.id,
    transport: flow.transport,
    client: { ...flow.client },
    server: { ...flow.server },
    protocol: st.protocol,
    encrypted: enc.encrypted,
    tls_version: ENCRYPTED_PROTOCOLS.has(st.protocol) ? enc.version : null,
    names,
    names_source: source,
    sni: st.sni,
    http_host: st.httpHost,
    country: g.country,
    asn: g.asn,
    as_org: g.as_org,
    first_frame: flow.firstFrame,
    last_frame: flow.lastFrame,
    first_ts: flow.firstTs,
    last_ts: flow.lastTs,
    bytes_up: flow.bytesUp,
    bytes_down: flow.bytesDown,
    packets: flow.packets,
    has_payload: st.hasPayload,
    uninspected:
      ENCRYPTED_PROTOCOLS.has(st.protocol) && enc.encrypted === false
        ? [...st.uninspected, `opened like ${st.protocol} but broke its framing: its payload was not inspected`]
        : st.uninspected,
    findings: st.findings,
  };
}

