/**
 * HTTP/1.0 and 1.1 analyzer, both directions: heads, pipelined requests,
 * responses paired with requests in order, bodies framed by Content-Length,
 * chunked coding (with trailers) or the end of the connection.
 *
 * Only bodies whose decoded form differs from the wire (chunked and/or
 * content-encoded) are collected and emitted as `http-body`: a plain body is
 * already in the raw stream. After `101 Switching Protocols` or a 2xx answer
 * to CONNECT the flow is no longer HTTP and parsing stops with an
 * `uninspected` event; a CONNECT tunnel's bytes go to a nested analyzer
 * chosen by content (http-tunnel.ts). An `http-request` or `http-response` event carries
 * the frame in which its head ended; an `http-body` the frame in which its
 * body ended.
 */
import type { Dir } from '../decode/types.js';
import { StreamBuffer, latin1, startsWithAscii } from './bytes.js';
import { BodyCollector, MAX_BODY_BYTES, decodeContent } from './http-body.js';
import { resyncPoint } from './http-resync.js';
import { HttpTunnel } from './http-tunnel.js';
import {
  KNOWN_METHODS, MAX_HEAD_BYTES, findHeadEnd, headerValues, lineAt, listTokens, looksLikeFieldLine, parseHead, requestHostPath,
  type RequestHead, type ResponseHead,
} from './http-head.js';
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

type State = 'head' | 'body' | 'chunk-size' | 'chunk-end' | 'trailers' | 'until-close' | 'resync' | 'stopped';

interface Pending {
  method: string;
  http09: boolean;
}

class Direction {
  state: State = 'head';
  readonly pending = new StreamBuffer(512);
  scanned = 0;
  remaining = 0;
  trailerBytes = 0;
  chunked = false;
  codings: string[] = [];
  collector: BodyCollector | null = null;
  /** A gap cut the current body: it is not decoded. */
  bodyLost = false;
  /** The client waits for the answer to CONNECT or an Upgrade request. */
  paused = false;
}

class HttpAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'http' as const;
  private readonly dirs: [Direction, Direction] = [new Direction(), new Direction()];
  private readonly requests: Pending[] = [];
  private lastFrame = 0;
  /** The CONNECT tunnel, once the proxy accepted it. */
  private tunnel: HttpTunnel | null = null;

  constructor(private readonly ctx: AnalyzerContext) {}

  onData(dir: Dir, data: Uint8Array, frame: number): void {
    this.lastFrame = frame;
    if (this.tunnel) return this.tunnel.onData(dir, data, frame);
    const d = this.dirs[dir];
    if (d.state === 'stopped') return;
    if (d.paused) {
      if (d.pending.length + data.length > MAX_HEAD_BYTES) this.giveUp(dir, frame, 'http_paused_overflow', 'data sent before the answer to CONNECT/Upgrade not decoded');
      else d.pending.append(data);
      return;
    }
    if (d.pending.length === 0) {
      const used = this.run(dir, data, frame);
      if (used < data.length && (d.state as State) !== 'stopped') d.pending.append(data.subarray(used));
    } else {
      d.pending.append(data);
      this.drain(dir, frame);
    }
  }

  /**
   * A gap inside a plain Content-Length body or a read-until-close body is
   * skipped (a body being decoded is lost: `uninspected`); anywhere else the
   * message framing is lost (`uninspected`) and parsing resumes at the next
   * request or status line of the direction (http-resync.ts).
   */
  onGap(dir: Dir, length: number, frame: number): void {
    if (this.tunnel) return this.tunnel.onGap(dir, length, frame);
    const d = this.dirs[dir];
    if (d.state === 'stopped') return;
    const lost = d.collector !== null;
    if (d.state === 'body' && !d.chunked && length <= d.remaining && d.pending.length === 0) {
      d.remaining -= length;
      this.loseBody(d, frame, lost);
      if (d.remaining === 0) this.endBody(dir, frame, true);
      return;
    }
    if (d.state === 'until-close' && d.pending.length === 0) {
      this.loseBody(d, frame, lost);
      return;
    }
    this.ctx.emit({ type: 'uninspected', frame, reason: `HTTP message cut by a TCP gap of ${length} bytes: parsing resumes at the next message head` });
    if (d.paused) return this.stop(dir);
    d.state = 'resync';
    d.scanned = 0;
    d.collector = null;
    d.pending.clear();
  }

  onEnd(): void {
    this.tunnel?.onEnd();
    for (const dir of [0, 1] as const) {
      const d = this.dirs[dir];
      if (d.state === 'until-close') this.endBody(dir, this.lastFrame, true);
      else if (d.state === 'body' || d.state === 'chunk-size' || d.state === 'chunk-end' || d.state === 'trailers') {
        this.ctx.weird('http_truncated_body');
        if (d.collector) {
          this.ctx.emit({ type: 'uninspected', frame: this.lastFrame, reason: 'HTTP body cut short at the end of the flow' });
          this.endBody(dir, this.lastFrame, false);
        }
      } else if (d.state === 'head' && d.pending.length > 0) this.ctx.weird('http_truncated_head');
      this.stop(dir);
    }
  }

  encryption(): { encrypted: boolean; version: null } {
    return { encrypted: false, version: null };
  }

  private drain(dir: Dir, frame: number): void {
    const d = this.dirs[dir];
    const used = this.run(dir, d.pending.view(), frame);
    if (d.state === 'stopped') d.pending.clear();
    else d.pending.consume(used);
  }

  private stop(dir: Dir): void {
    const d = this.dirs[dir];
    d.state = 'stopped';
    d.paused = false;
    d.collector = null;
    d.pending.clear();
  }

  private giveUp(dir: Dir, frame: number, weird: string, reason: string): void {
    this.ctx.weird(weird);
    this.ctx.emit({ type: 'uninspected', frame, reason: `HTTP: ${reason}` });
    this.stop(dir);
  }

  private loseBody(d: Direction, frame: number, lost: boolean): void {
    if (!lost) return;
    d.bodyLost = true;
    d.collector = null;
    this.ctx.emit({ type: 'uninspected', frame, reason: 'HTTP body cut by a TCP gap: not decoded' });
  }

  /** Runs the state machine over `b`; returns the bytes consumed. */
  private run(dir: Dir, b: Uint8Array, frame: number): number {
    const d = this.dirs[dir];
    let pos = 0;
    while (pos < b.length && d.state !== 'stopped' && !d.paused) {
      switch (d.state) {
        case 'head': {
          if (dir === 1 && d.scanned === 0 && this.requests[0]?.http09) {
            this.requests.shift();
            this.startBody(d, 'until-close', 0, false, []);
            break;
          }
          while (d.scanned === 0 && pos < b.length && (b[pos] === 0x0d || b[pos] === 0x0a)) pos++;
          if (pos === b.length) return pos;
          const end = this.headEnd(dir, b, pos);
          if (end < 0) {
            d.scanned = b.length - pos;
            if (d.scanned > MAX_HEAD_BYTES) this.giveUp(dir, frame, 'http_head_too_large', 'message head over 64 KiB');
            return pos;
          }
          d.scanned = 0;
          this.head(dir, b, pos, end, frame);
          pos = end;
          break;
        }
        case 'body':
        case 'until-close': {
          const n = d.state === 'body' ? Math.min(d.remaining, b.length - pos) : b.length - pos;
          d.collector?.add(b.subarray(pos, pos + n));
          pos += n;
          if (d.state === 'body') {
            d.remaining -= n;
            if (d.remaining === 0) {
              if (d.chunked) d.state = 'chunk-end';
              else this.endBody(dir, frame, true);
            }
          }
          break;
        }
        case 'chunk-size':
        case 'chunk-end':
        case 'trailers': {
          const line = lineAt(b, pos);
          if (!line) {
            if (b.length - pos > 1024 && d.state !== 'trailers') this.giveUp(dir, frame, 'http_bad_chunk', 'malformed chunked body');
            else if (d.trailerBytes + b.length - pos > MAX_HEAD_BYTES) this.giveUp(dir, frame, 'http_head_too_large', 'trailers over 64 KiB');
            return pos;
          }
          this.chunkLine(dir, b, pos, line.end, frame);
          pos = line.next;
          break;
        }
        case 'resync': {
          const r = resyncPoint(b, pos, dir);
          if (!r.found) return r.at;
          pos = r.at;
          d.state = 'head';
          break;
        }
        default:
          return pos;
      }
    }
    return pos;
  }

  /** End of the head starting at `pos`, or -1; an HTTP/0.9 request ends with its line. */
  private headEnd(dir: Dir, b: Uint8Array, pos: number): number {
    const d = this.dirs[dir];
    if (dir === 0) {
      const line = lineAt(b, pos, Math.min(b.length, pos + MAX_HEAD_BYTES));
      // A request line without a version, not followed by a field line, is a whole HTTP/0.9 request.
      if (line && !/ HTTP\/\d\.\d$/.test(latin1(b, pos, line.end)) && !looksLikeFieldLine(b, line.next)) return line.next;
    }
    return findHeadEnd(b, pos + Math.max(0, d.scanned - 3));
  }

  private chunkLine(dir: Dir, b: Uint8Array, start: number, end: number, frame: number): void {
    const d = this.dirs[dir];
    if (d.state === 'chunk-end') {
      if (end !== start) this.giveUp(dir, frame, 'http_bad_chunk', 'malformed chunked body');
      else d.state = 'chunk-size';
      return;
    }
    if (d.state === 'trailers') {
      d.trailerBytes += end - start + 2;
      if (end === start) this.endBody(dir, frame, true);
      return;
    }
    const text = latin1(b, start, end);
    const m = /^\s*([0-9a-fA-F]{1,8})\s*(?:;.*)?$/.exec(text);
    if (!m) {
      this.giveUp(dir, frame, 'http_bad_chunk', 'malformed chunked body');
      return;
    }
    const size = parseInt(m[1], 16);
    if (size === 0) {
      d.state = 'trailers';
      d.trailerBytes = 0;
    } else {
      d.state = 'body';
      d.remaining = size;
    }
  }

  private head(dir: Dir, b: Uint8Array, start: number, end: number, frame: number): void {
    const r = parseHead(b, start, end);
    if (!r.ok) {
      this.giveUp(dir, frame, r.weird, 'unparseable message head, rest of the stream not decoded');
      return;
    }
    if (r.dropped) this.ctx.weird('http_too_many_headers');
    if (r.badLines) this.ctx.weird('http_bad_header_line');
    if (r.head.kind === 'request' && dir === 0) this.request(r.head, frame);
    else if (r.head.kind === 'response' && dir === 1) this.response(r.head, frame);
    else this.giveUp(dir, frame, 'http_wrong_direction', 'message in the wrong direction');
  }

  private request(h: RequestHead, frame: number): void {
    const d = this.dirs[0];
    const { host, path } = requestHostPath(h.method, h.target, h.headers);
    this.ctx.emit({ type: 'http-request', frame, method: h.method, host, path, version: h.version, headers: h.headers });
    const http09 = h.version === 'HTTP/0.9';
    this.requests.push({ method: h.method, http09 });
    if (this.requests.length > 1024) this.requests.shift();
    const framing = http09 ? { kind: 'none' as const } : this.framing(h.headers, false);
    if (framing.kind === 'bad') return this.giveUp(0, frame, framing.weird, 'request body framing not understood');
    if (framing.kind === 'until-close') return this.giveUp(0, frame, 'http_bad_transfer_encoding', 'request body framing not understood');
    this.begin(0, framing, h.headers, frame);
    if (h.method === 'CONNECT' || headerValues(h.headers, 'upgrade').length > 0) d.paused = true;
  }

  private response(h: ResponseHead, frame: number): void {
    const interim = h.status >= 100 && h.status < 200 && h.status !== 101;
    const req = interim ? this.requests[0] : this.requests.shift();
    const method = req?.method ?? 'GET';
    this.ctx.emit({ type: 'http-response', frame, status: h.status, version: h.version, headers: h.headers });
    if (h.status === 101) {
      const proto = listTokens(h.headers, 'upgrade')[0] ?? 'another protocol';
      this.ctx.emit({ type: 'uninspected', frame, reason: `upgraded to ${proto}: frames not decoded` });
      this.stop(0);
      this.stop(1);
      return;
    }
    if (method === 'CONNECT' && h.status >= 200 && h.status < 300) {
      this.ctx.emit({ type: 'uninspected', frame, reason: 'CONNECT tunnel: tunnelled bytes not decoded (a TLS handshake inside is read)' });
      const early = this.dirs[0].pending.view().slice();
      this.stop(0);
      this.stop(1);
      this.tunnel = new HttpTunnel(this.ctx);
      if (early.length) this.tunnel.onData(0, early, frame);
      return;
    }
    const noBody = interim || method === 'HEAD' || h.status === 204 || h.status === 304;
    const framing = noBody ? { kind: 'none' as const } : this.framing(h.headers, true);
    if (framing.kind === 'bad') this.giveUp(1, frame, framing.weird, 'response body framing not understood');
    else this.begin(1, framing, h.headers, frame);
    const client = this.dirs[0];
    if (!interim && client.paused) {
      client.paused = false;
      if (client.pending.length) this.drain(0, frame);
    }
  }

  private framing(headers: Array<[string, string]>, response: boolean):
    | { kind: 'none' } | { kind: 'length'; n: number } | { kind: 'chunked' } | { kind: 'until-close' } | { kind: 'bad'; weird: string } {
    const te = listTokens(headers, 'transfer-encoding');
    if (te.length) {
      if (te[te.length - 1] === 'chunked') return { kind: 'chunked' };
      return response ? { kind: 'until-close' } : { kind: 'bad', weird: 'http_bad_transfer_encoding' };
    }
    const cl = headerValues(headers, 'content-length').flatMap((v) => v.split(',')).map((v) => v.trim());
    if (cl.length) {
      if (!cl.every((v) => /^\d{1,15}$/.test(v) && v === cl[0])) return { kind: 'bad', weird: 'http_bad_content_length' };
      const n = Number(cl[0]);
      return n === 0 ? { kind: 'none' } : { kind: 'length', n };
    }
    return response ? { kind: 'until-close' } : { kind: 'none' };
  }

  private begin(dir: Dir, framing: { kind: 'none' } | { kind: 'length'; n: number } | { kind: 'chunked' } | { kind: 'until-close' }, headers: Array<[string, string]>, frame: number): void {
    const d = this.dirs[dir];
    const codings = listTokens(headers, 'content-encoding').filter((c) => c !== 'identity');
    if (framing.kind === 'none') return;
    const chunked = framing.kind === 'chunked';
    this.startBody(d, framing.kind === 'until-close' ? 'until-close' : chunked ? 'chunk-size' : 'body', framing.kind === 'length' ? framing.n : 0, chunked, codings);
    if (framing.kind === 'length' && codings.length && framing.n > MAX_BODY_BYTES) {
      this.ctx.weird('http_body_over_cap');
      this.ctx.emit({ type: 'uninspected', frame, reason: `HTTP body of ${framing.n} bytes over the 16 MiB cap` });
      d.collector = null;
    }
  }

  private startBody(d: Direction, state: State, remaining: number, chunked: boolean, codings: string[]): void {
    d.state = state;
    d.remaining = remaining;
    d.chunked = chunked;
    d.codings = codings;
    d.bodyLost = false;
    d.collector = chunked || codings.length ? new BodyCollector() : null;
  }

  private endBody(dir: Dir, frame: number, complete: boolean): void {
    const d = this.dirs[dir];
    const c = d.collector;
    d.collector = null;
    d.state = 'head';
    if (!c || d.bodyLost) return;
    if (c.overflow) {
      this.ctx.weird('http_body_over_cap');
      this.ctx.emit({ type: 'uninspected', frame, reason: 'HTTP body over the 16 MiB cap' });
      return;
    }
    const r = decodeContent(c.bytes(), d.codings, complete);
    const prefix = d.chunked ? ['chunked'] : [];
    if (!r.ok) {
      this.ctx.weird(r.weird);
      this.ctx.emit({ type: 'uninspected', frame, reason: `HTTP ${r.reason}` });
      return;
    }
    if (r.data.length === 0) return;
    this.ctx.emit({ type: 'http-body', frame, dir, data: r.data, encodings: [...prefix, ...r.applied] });
  }
}

/** Whether `b` starts like an HTTP/1.x request (known method + space) or status line. */
export function looksLikeHttp(b: Uint8Array): boolean {
  if (startsWithAscii(b, 0, 'HTTP/1.')) return true;
  for (const m of KNOWN_METHODS) if (b[m.length] === 0x20 && startsWithAscii(b, 0, m)) return true;
  return false;
}

/** HTTP/1.x over TCP, on any port, by its first line. */
export const httpFactory: AnalyzerFactory = {
  protocol: 'http',
  transports: ['tcp'],
  ports: [80, 8080, 8000, 8008, 3128],
  sniff: (data) => looksLikeHttp(data),
  create: (ctx) => new HttpAnalyzer(ctx),
};
