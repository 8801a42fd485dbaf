/**
 * Where a HAR entry went: protocol, encryption, host and port from its URL,
 * and its server address (SPEC-FORMAT.md, "Captures": the entry's
 * `serverIPAddress`, or else the names resolved in the same file).
 */
import type { HarEntry } from '../capture/har-types.js';
import { parseIp } from '../geo/index.js';
import type { Protocol } from '../protocols/types.js';

/** What the URL scheme says about a flow. */
interface SchemeInfo {
  protocol: Protocol;
  encrypted: boolean;
  port: number;
}

/** URL schemes of network requests, by `URL.protocol`. */
const SCHEMES: Readonly<Record<string, SchemeInfo>> = {
  'https:': { protocol: 'tls', encrypted: true, port: 443 },
  'wss:': { protocol: 'tls', encrypted: true, port: 443 },
  'http:': { protocol: 'http', encrypted: false, port: 80 },
  'ws:': { protocol: 'http', encrypted: false, port: 80 },
};

/** Schemes of entries that never touched the network (browser-internal resources). */
const LOCAL_SCHEMES = new Set([
  'data:',
  'blob:',
  'about:',
  'javascript:',
  'file:',
  'filesystem:',
  'chrome:',
  'chrome-extension:',
  'moz-extension:',
  'safari-extension:',
  'resource:',
]);

/** An entry's destination as its URL gives it. */
export interface HarTarget {
  protocol: Protocol;
  encrypted: boolean;
  /** Lower-case host name or IP literal (no brackets), or null when the URL has none. */
  host: string | null;
  /** The host is an IP literal. */
  hostIsIp: boolean;
  port: number;
  /** Path and query, for the `http` table. */
  path: string | null;
}

/**
 * The target of a URL, or null for a browser-internal one (`data:`,
 * `blob:`...), which is no network flow. A URL that does not parse, or has an
 * unknown scheme, is an unrecognised cleartext `tcp` flow (fail-closed), and
 * `weird` names why.
 */
export function harTarget(url: string, weird: (name: string) => void): HarTarget | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    weird('har_bad_url');
    return { protocol: 'tcp', encrypted: false, host: null, hostIsIp: false, port: 0, path: null };
  }
  if (LOCAL_SCHEMES.has(u.protocol)) return null;
  const scheme = SCHEMES[u.protocol];
  if (!scheme) weird('har_unknown_url_scheme');
  const raw = u.hostname.toLowerCase();
  const host = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  const port = u.port !== '' ? Number(u.port) : (scheme?.port ?? 0);
  return {
    protocol: scheme?.protocol ?? 'tcp',
    encrypted: scheme?.encrypted ?? false,
    host: host === '' ? null : host,
    hostIsIp: host !== '' && parseIp(host) !== null,
    port,
    path: `${u.pathname}${u.search}`,
  };
}

/** Server addresses that entries of the file give for each host name, in entry order. */
export type HostAddresses = Map<string, Array<{ index: number; ip: string }>>;

function ownAddress(entry: HarEntry): string | null {
  return entry.serverAddress !== null && parseIp(entry.serverAddress) !== null ? entry.serverAddress : null;
}

/** Collects, per URL host, the server addresses recorded on the file's entries. */
export function hostAddresses(entries: readonly HarEntry[]): HostAddresses {
  const map: HostAddresses = new Map();
  for (const e of entries) {
    const ip = ownAddress(e);
    if (ip === null) continue;
    let host: string;
    try {
      host = new URL(e.request.url).hostname.toLowerCase();
    } catch {
      continue;
    }
    let list = map.get(host);
    if (!list) map.set(host, (list = []));
    list.push({ index: e.index, ip });
  }
  return map;
}

/**
 * The server address of an entry: its own (`serverIPAddress` or an
 * exporter's equivalent) when that is an IP, else the URL's host when it is
 * an IP literal, else the address another entry of the same file recorded
 * for the same host (the nearest before it, else the first after), else ""
 * (the country is then unknown). `weird` hears of an own address that is not
 * an IP.
 */
export function serverAddress(entry: HarEntry, target: HarTarget, byHost: HostAddresses, weird: (name: string) => void): string {
  const own = ownAddress(entry);
  if (own !== null) return own;
  if (entry.serverAddress !== null) weird('har_bad_server_address');
  if (target.host === null) return '';
  if (target.hostIsIp) return target.host;
  const seen = byHost.get(target.host);
  if (!seen) return '';
  let before: string | null = null;
  for (const s of seen) {
    if (s.index < entry.index) before = s.ip;
    else if (before === null) return s.ip;
    else break;
  }
  return before ?? '';
}
