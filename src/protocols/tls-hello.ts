/**
 * ClientHello and ServerHello bodies (RFC 8446 section 4.1.2-4.1.3, RFC 5246
 * section 7.4.1), shared by TLS and DTLS. Every vector length is checked
 * against its container before it is read; GREASE values (RFC 8701) are
 * ignored. Failures are returned as a weird name.
 */
import { safeAscii, u16 } from './bytes.js';

/** Wire version -> text ("1.0".."1.3", "SSL3", "SSL2"; DTLS 1.0/1.2/1.3 as "1.0"/"1.2"/"1.3"). */
export function versionText(v: number): string | null {
  switch (v) {
    case 0x0002: return 'SSL2';
    case 0x0300: return 'SSL3';
    case 0x0301: return '1.0';
    case 0x0302: return '1.1';
    case 0x0303: return '1.2';
    case 0x0304: return '1.3';
    case 0xfeff: return '1.0';
    case 0xfefd: return '1.2';
    case 0xfefc: return '1.3';
    default:
      // TLS 1.3 drafts (0x7fxx) and Facebook's experimental 0xfbxx versions.
      return (v & 0xff00) === 0x7f00 || (v & 0xff00) === 0xfb00 ? '1.3' : null;
  }
}

/** Order of the versions above, to pick the highest offered. */
function rank(text: string): number {
  return ['SSL2', 'SSL3', '1.0', '1.1', '1.2', '1.3'].indexOf(text);
}

/** Whether `v` is a GREASE value (0x?a?a with equal bytes). */
export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
}

/** Text for a version number that is not known: "0x0305". */
function unknownVersion(v: number): string {
  return '0x' + v.toString(16).padStart(4, '0');
}

export interface ClientHelloInfo {
  sni: string | null;
  alpn: string[];
  version: string;
}

export type HelloResult<T> = { ok: true; value: T } | { ok: false; weird: string };

function fail<T>(weird: string): HelloResult<T> {
  return { ok: false, weird };
}

/** Walks the extensions block `b[start, end)`, calling `fn(type, dataStart, dataEnd)`. */
function eachExtension(b: Uint8Array, start: number, end: number, fn: (type: number, s: number, e: number) => void): boolean {
  let p = start;
  while (p < end) {
    if (p + 4 > end) return false;
    const type = u16(b, p);
    const len = u16(b, p + 2);
    if (p + 4 + len > end) return false;
    fn(type, p + 4, p + 4 + len);
    p += 4 + len;
  }
  return true;
}

function parseSni(b: Uint8Array, s: number, e: number): string | null {
  if (s + 2 > e) return null;
  const listEnd = s + 2 + u16(b, s);
  if (listEnd > e) return null;
  for (let p = s + 2; p + 3 <= listEnd; ) {
    const type = b[p];
    const len = u16(b, p + 1);
    if (p + 3 + len > listEnd) return null;
    if (type === 0) return safeAscii(b, p + 3, p + 3 + len);
    p += 3 + len;
  }
  return null;
}

function parseAlpn(b: Uint8Array, s: number, e: number): string[] | null {
  if (s + 2 > e) return null;
  const listEnd = s + 2 + u16(b, s);
  if (listEnd > e) return null;
  const out: string[] = [];
  for (let p = s + 2; p < listEnd; ) {
    const len = b[p];
    if (p + 1 + len > listEnd) return null;
    out.push(safeAscii(b, p + 1, p + 1 + len));
    p += 1 + len;
  }
  return out;
}

function highestSupported(b: Uint8Array, s: number, e: number): string | null {
  if (s + 1 > e) return null;
  const end = s + 1 + b[s];
  if (end > e) return null;
  let best: string | null = null;
  for (let p = s + 1; p + 2 <= end; p += 2) {
    const v = u16(b, p);
    if (isGrease(v)) continue;
    const t = versionText(v);
    if (t && (best === null || rank(t) > rank(best))) best = t;
  }
  return best;
}

/**
 * Parses a ClientHello body `b[start, end)` (after the handshake header).
 * `dtls` adds the cookie field after the session id.
 */
export function parseClientHello(b: Uint8Array, start: number, end: number, dtls = false): HelloResult<ClientHelloInfo> {
  let p = start;
  if (p + 2 + 32 + 1 > end) return fail('tls_truncated_client_hello');
  const legacy = u16(b, p);
  p += 34;
  const sid = b[p];
  if (sid > 32 || p + 1 + sid > end) return fail('tls_bad_client_hello');
  p += 1 + sid;
  if (dtls) {
    if (p + 1 > end || p + 1 + b[p] > end) return fail('tls_truncated_client_hello');
    p += 1 + b[p];
  }
  if (p + 2 > end) return fail('tls_truncated_client_hello');
  const suites = u16(b, p);
  if (suites & 1 || p + 2 + suites > end) return fail('tls_bad_client_hello');
  p += 2 + suites;
  if (p + 1 > end || p + 1 + b[p] > end) return fail('tls_truncated_client_hello');
  p += 1 + b[p];
  const info: ClientHelloInfo = { sni: null, alpn: [], version: versionText(legacy) ?? unknownVersion(legacy) };
  if (p === end) return { ok: true, value: info };
  if (p + 2 > end) return fail('tls_truncated_client_hello');
  const extEnd = p + 2 + u16(b, p);
  if (extEnd > end) return fail('tls_truncated_client_hello');
  let bad = false;
  let supported: string | null = null;
  const walked = eachExtension(b, p + 2, extEnd, (type, s, e) => {
    if (type === 0) {
      info.sni = parseSni(b, s, e);
      if (info.sni === null && e > s) bad = true;
    } else if (type === 16) {
      const a = parseAlpn(b, s, e);
      if (a) info.alpn = a;
      else bad = true;
    } else if (type === 43) {
      supported = highestSupported(b, s, e);
    }
  });
  if (!walked || bad) return fail('tls_bad_extension');
  if (supported !== null) info.version = supported;
  return { ok: true, value: info };
}

/** Parses a ServerHello body `b[start, end)`: the chosen version (supported_versions first). */
export function parseServerHello(b: Uint8Array, start: number, end: number): HelloResult<string> {
  let p = start;
  if (p + 2 + 32 + 1 > end) return fail('tls_truncated_server_hello');
  const legacy = u16(b, p);
  p += 34;
  const sid = b[p];
  if (sid > 32 || p + 1 + sid + 3 > end) return fail('tls_truncated_server_hello');
  p += 1 + sid + 3;
  let version = versionText(legacy) ?? unknownVersion(legacy);
  if (p === end) return { ok: true, value: version };
  if (p + 2 > end) return fail('tls_truncated_server_hello');
  const extEnd = p + 2 + u16(b, p);
  if (extEnd > end) return fail('tls_truncated_server_hello');
  const walked = eachExtension(b, p + 2, extEnd, (type, s, e) => {
    if (type === 43 && e - s === 2) {
      const v = u16(b, s);
      version = versionText(v) ?? unknownVersion(v);
    }
  });
  if (!walked) return fail('tls_bad_extension');
  return { ok: true, value: version };
}
