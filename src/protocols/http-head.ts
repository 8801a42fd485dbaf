/**
 * HTTP/1.x message heads (RFC 9112 sections 2-5): start line and header
 * fields. Lines end in CRLF or a bare LF; obsolete line folding is joined
 * with one space; at most MAX_HEADERS fields are kept. Pure functions over
 * bytes: failures are returned as a weird name.
 */
import { latin1 } from './bytes.js';

/** Header fields kept per message (more are counted as a weird and dropped). */
export const MAX_HEADERS = 200;
/** Bytes of head (start line and fields) per message at most. */
export const MAX_HEAD_BYTES = 64 * 1024;

/** Methods that identify an HTTP request when sniffing (any token is parsed once the flow is HTTP). */
export const KNOWN_METHODS = [
  'GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'REPORT', 'SEARCH',
];

export interface RequestHead {
  kind: 'request';
  method: string;
  target: string;
  version: string;
  headers: Array<[string, string]>;
}

export interface ResponseHead {
  kind: 'response';
  status: number;
  version: string;
  headers: Array<[string, string]>;
}

export type HeadResult =
  | { ok: true; head: RequestHead | ResponseHead; dropped: number; badLines: number }
  | { ok: false; weird: string };

/**
 * Offset just after the blank line ending a head in `b`, searching from
 * `from`, or -1. A head is ended by CRLFCRLF or LFLF (or mixed).
 */
export function findHeadEnd(b: Uint8Array, from: number): number {
  for (let i = Math.max(0, from); i < b.length; i++) {
    if (b[i] !== 0x0a) continue;
    if (i + 1 < b.length && b[i + 1] === 0x0a) return i + 2;
    if (i + 2 < b.length && b[i + 1] === 0x0d && b[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

/** Offset after the line starting at `from` (past its LF), and its end without CR; null when no LF yet. */
export function lineAt(b: Uint8Array, from: number, limit = b.length): { end: number; next: number } | null {
  const lf = b.indexOf(0x0a, from);
  if (lf < 0 || lf >= limit) return null;
  return { end: lf > from && b[lf - 1] === 0x0d ? lf - 1 : lf, next: lf + 1 };
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function parseFields(lines: string[], weirds: { bad: number; dropped: number }): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && out.length) {
      const last = out[out.length - 1];
      last[1] = `${last[1]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trimEnd() : '';
    if (!TOKEN.test(name)) {
      weirds.bad++;
      continue;
    }
    if (out.length >= MAX_HEADERS) {
      weirds.dropped++;
      continue;
    }
    out.push([name, line.slice(colon + 1).trim()]);
  }
  return out;
}

/**
 * Parses the head `b[start, end)` (including its blank line). Requests have
 * `METHOD SP target SP HTTP/x.y`; responses `HTTP/x.y SP status [SP reason]`.
 * A request line without a version is HTTP/0.9 (no fields follow it).
 */
export function parseHead(b: Uint8Array, start: number, end: number): HeadResult {
  const lines = splitLines(latin1(b, start, end));
  const first = lines.shift() ?? '';
  const w = { bad: 0, dropped: 0 };
  if (first.startsWith('HTTP/')) {
    const m = /^(HTTP\/\d\.\d) +(\d{3})(?: .*)?$/.exec(first);
    if (!m) return { ok: false, weird: 'http_bad_status_line' };
    const headers = parseFields(lines, w);
    return { ok: true, head: { kind: 'response', status: Number(m[2]), version: m[1], headers }, dropped: w.dropped, badLines: w.bad };
  }
  const parts = first.split(' ').filter((p) => p !== '');
  if (parts.length < 1 || parts.length > 3 || !TOKEN.test(parts[0])) return { ok: false, weird: 'http_bad_request_line' };
  const last = parts[parts.length - 1];
  const hasVersion = parts.length > 1 && /^HTTP\/\d\.\d$/.test(last);
  if (parts.length === 3 && !hasVersion) return { ok: false, weird: 'http_bad_request_line' };
  if (!hasVersion && lines.length === 0) {
    // "METHOD target" alone is an HTTP/0.9 request.
    if (parts.length !== 2) return { ok: false, weird: 'http_bad_request_line' };
    return { ok: true, head: { kind: 'request', method: parts[0], target: parts[1], version: 'HTTP/0.9', headers: [] }, dropped: 0, badLines: 0 };
  }
  // A request line missing its target or its version but followed by fields is read as HTTP/1.x (and flagged).
  if (parts.length !== 3) w.bad++;
  const target = parts.length === 3 || !hasVersion ? (parts[1] ?? '') : '';
  const version = hasVersion ? last : 'HTTP/1.0';
  const headers = parseFields(lines, w);
  return { ok: true, head: { kind: 'request', method: parts[0], target, version, headers }, dropped: w.dropped, badLines: w.bad };
}

/** Whether the bytes at `off` start like a header field line ("token:"). */
export function looksLikeFieldLine(b: Uint8Array, off: number): boolean {
  let i = off;
  while (i < b.length && i - off < 256) {
    const c = b[i];
    if (c === 0x3a) return i > off;
    if (c <= 0x20 || c >= 0x7f || c === 0x28 || c === 0x29 || c === 0x2c || c === 0x2f || c === 0x3b || c === 0x3c || c === 0x3d || c === 0x3e || c === 0x3f || c === 0x40 || c === 0x5b || c === 0x5c || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x22) return false;
    i++;
  }
  return false;
}

/** The values of header `name` (case-insensitive), in order. */
export function headerValues(headers: Array<[string, string]>, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [k, v] of headers) if (k.toLowerCase() === lower) out.push(v);
  return out;
}

/** Comma-separated list header as lower-case tokens ("Content-Encoding: gzip, br" -> ["gzip", "br"]). */
export function listTokens(headers: Array<[string, string]>, name: string): string[] {
  return headerValues(headers, name)
    .flatMap((v) => v.split(','))
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
}

/** Host without port, lower case, IPv6 brackets removed; null when empty. */
export function hostOnly(authority: string): string | null {
  let h = authority.trim();
  const at = h.lastIndexOf('@');
  if (at >= 0) h = h.slice(at + 1);
  if (h.startsWith('[')) {
    const close = h.indexOf(']');
    h = close > 0 ? h.slice(1, close) : h.slice(1);
  } else {
    const colon = h.indexOf(':');
    if (colon >= 0) h = h.slice(0, colon);
  }
  h = h.toLowerCase().replace(/\.$/, '');
  return h === '' ? null : h;
}

/**
 * Host and path of a request: absolute-form (`http://host/x`) targets give
 * the host (RFC 9112 section 3.2.2: it overrides the Host field), CONNECT's
 * authority-form gives it too, otherwise the Host field does.
 */
export function requestHostPath(method: string, target: string, headers: Array<[string, string]>): { host: string | null; path: string } {
  const abs = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)(.*)$/.exec(target);
  if (abs) return { host: hostOnly(abs[1]), path: abs[2] === '' ? '/' : abs[2] };
  if (method === 'CONNECT' && /^[^/?#\s]+$/.test(target)) return { host: hostOnly(target), path: target };
  const hosts = headerValues(headers, 'host');
  return { host: hosts.length ? hostOnly(hosts[0]) : null, path: target };
}
