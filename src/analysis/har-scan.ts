/**
 * Identifier search over one HAR entry: the URL, the request and response
 * headers and bodies, and WebSocket messages, each with the same matcher,
 * location scanner and undeclared detectors as captured traffic.
 *
 * Findings name the part they were found in (`where`): `har-url`,
 * `har-request-header`, `har-request-body`, `har-response-header`,
 * `har-response-body`, `har-websocket`; request parts are `up`, response
 * parts `down`, a WebSocket message by who sent it. `frame` is the entry's
 * number. `offset` counts from the start of that part in that direction
 * (the messages of one part, such as WebSocket messages, follow each other).
 */
import type { HarEntry, HarNameValue } from '../capture/har-types.js';
import type { Dir } from '../decode/types.js';
import { createLocationScanner } from '../detect/index.js';
import type { Hit, IdentifierDecl, Matcher } from '../detect/types.js';
import { DETECTOR_KINDS, scanUndeclared } from '../detect/undeclared/index.js';
import { dropContained, recordHits } from './flow-state.js';
import { contentCodings, storedBody } from './har-body.js';
import type { Finding } from './types.js';

/** The parts of a HAR entry a finding can be in. */
export type HarWhere = 'har-url' | 'har-request-header' | 'har-request-body' | 'har-response-header' | 'har-response-body' | 'har-websocket';

/** What every entry is searched for: built once per analysis. */
export interface HarSearch {
  matcher: Matcher;
  identifiers: readonly IdentifierDecl[];
  /** The `location` identifiers among them. */
  locations: readonly IdentifierDecl[];
}

/** Findings, reasons for incomplete inspection and weirds of one entry. */
export interface EntryScan {
  findings: Finding[];
  uninspected: string[];
  weirds: string[];
}

const UP: Dir = 0;
const DOWN: Dir = 1;

class EntryScanner {
  readonly findings: Finding[] = [];
  readonly uninspected: string[] = [];
  readonly weirds: string[] = [];
  readonly seen = new Set<string>();
  private readonly bases = new Map<string, number>();

  constructor(
    private readonly search: HarSearch,
    private readonly frame: number,
  ) {}

  scan(bytes: Uint8Array, where: HarWhere, dir: Dir, encodings: readonly string[] = []): void {
    const baseKey = `${where}|${dir}`;
    const base = this.bases.get(baseKey) ?? 0;
    this.bases.set(baseKey, base + bytes.length);
    if (bytes.length === 0) return;
    const { matcher, identifiers, locations } = this.search;
    this.record(matcher.scan(bytes), bytes, base, where, dir, encodings);
    this.record(scanUndeclared(DETECTOR_KINDS, identifiers, bytes), bytes, base, where, dir, encodings);
    if (locations.length > 0) {
      const loc = createLocationScanner(locations);
      this.record([...loc.push(bytes), ...loc.flush()], bytes, base, where, dir, encodings);
    }
  }

  private record(hits: Hit[], bytes: Uint8Array, base: number, where: HarWhere, dir: Dir, encodings: readonly string[]): void {
    if (!hits.length) return;
    const placed = base === 0 ? hits : hits.map((h) => ({ ...h, offset: base + h.offset }));
    recordHits(this, placed, bytes, base, dir, this.frame, where, encodings);
  }


  /** Searches a body as stored, noting why it could not be inspected whole. */
  body(text: string, encoding: string | null, codings: readonly string[], where: HarWhere, dir: Dir): void {
    const stored = storedBody(text, encoding, codings);
    for (const v of stored.views) this.scan(v.bytes, where, dir, v.encodings);
    this.uninspected.push(...stored.uninspected.map((r) => `${r} (entry ${this.frame})`));
    this.weirds.push(...stored.weirds);
  }
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** Headers as an HTTP/1.1 head would carry them, plus cookies the exporter listed apart from them. */
function headerBlock(headers: readonly HarNameValue[], cookies: readonly HarNameValue[], cookieHeader: string): string {
  let s = '';
  for (const h of headers) s += `${h.name}: ${h.value}\r\n`;
  if (cookies.length > 0 && !headers.some((h) => h.name.toLowerCase() === cookieHeader)) {
    for (const c of cookies) s += `${cookieHeader}: ${c.name}=${c.value}\r\n`;
  }
  return s;
}

/** Status codes whose responses have no body (RFC 9110), for the "body not stored" check. */
function bodiless(method: string, status: number): boolean {
  return method.toUpperCase() === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
}

function scanRequest(s: EntryScanner, entry: HarEntry): void {
  const req = entry.request;
  s.scan(utf8(req.url), 'har-url', UP);
  s.scan(utf8(headerBlock(req.headers, req.cookies, 'cookie')), 'har-request-header', UP);
  const post = req.postData;
  if (post?.text) s.body(post.text, post.encoding, contentCodings(req.headers), 'har-request-body', UP);
  if (post && post.params.length > 0) {
    const fields = post.params.map((p) => `${p.name}=${p.value ?? ''}${p.fileName ? `; filename=${p.fileName}` : ''}`);
    s.scan(utf8(fields.join('&')), 'har-request-body', UP);
  }
  if (req.bodySize > 0 && !post?.text && !post?.params.length) {
    s.uninspected.push(`request body of ${req.bodySize} bytes not stored in the HAR (entry ${entry.index})`);
  }
}

function scanResponse(s: EntryScanner, entry: HarEntry): void {
  const res = entry.response;
  if (!res) return;
  s.scan(utf8(headerBlock(res.headers, res.cookies, 'set-cookie')), 'har-response-header', DOWN);
  const c = res.content;
  if (c.text) s.body(c.text, c.encoding, contentCodings(res.headers), 'har-response-body', DOWN);
  const expected = Math.max(c.size, res.bodySize);
  if (!c.text && expected > 0 && !bodiless(entry.request.method, res.status)) {
    s.uninspected.push(`response body of ${expected} bytes not stored in the HAR (entry ${entry.index})`);
  }
}

function scanWebSocket(s: EntryScanner, entry: HarEntry): void {
  for (const m of entry.webSocketMessages) {
    const dir = m.type === 'receive' ? DOWN : UP;
    if (m.type !== 'send' && m.type !== 'receive') s.weirds.push('har_websocket_unknown_type');
    // Binary messages (opcode 2) are stored as base64 by Chrome and mitmproxy.
    if (m.opcode === 2) s.body(m.data, 'base64', [], 'har-websocket', dir);
    else s.scan(utf8(m.data), 'har-websocket', dir);
  }
}

/** Searches every part of one entry. */
export function scanEntry(entry: HarEntry, search: HarSearch): EntryScan {
  const s = new EntryScanner(search, entry.index);
  scanRequest(s, entry);
  scanResponse(s, entry);
  scanWebSocket(s, entry);
  return { findings: dropContained(s.findings), uninspected: s.uninspected, weirds: s.weirds };
}
