/**
 * TLS analyzer: reads the record layer in each direction until it has the
 * ClientHello (client) and ServerHello (server), across segments and across
 * records, then stops. A HelloRetryRequest (a ServerHello with the special
 * random of RFC 8446 section 4.1.3) keeps both directions open, so the
 * client's second ClientHello is reported too; so does a ChangeCipherSpec
 * right after the first ClientHello when the server's side is not seen. At most 64 KiB of handshake
 * is read per direction; application data (content type 23) and everything after a
 * ChangeCipherSpec is never copied or scanned: records are read straight
 * from the stream chunk, and only a record cut by the chunk's end (at most
 * the 4 bytes of a cut header, for application data) is copied to wait for
 * the rest. SSLv2-format ClientHellos (as old clients send for
 * compatibility) are recognised too.
 */
import type { Dir } from '../decode/types.js';
import { StreamBuffer, u16, u24 } from './bytes.js';
import { MAX_RECORD_BODY, RecordWalker } from './tls-framing.js';
import { parseClientHello, parseServerHello, versionText } from './tls-hello.js';
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

/** Handshake bytes buffered per direction at most. */
export const MAX_HANDSHAKE_BUFFER = 64 * 1024;
const MAX_RECORD = MAX_RECORD_BODY;

const HANDSHAKE = 22;
const APPLICATION_DATA = 23;
const CHANGE_CIPHER_SPEC = 20;

/** The ServerHello random that marks a HelloRetryRequest (RFC 8446 section 4.1.3). */
const HRR_RANDOM = Uint8Array.from(
  Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex'),
);

/** Whether the ServerHello body at `b[start, end)` is a HelloRetryRequest. */
export function isHelloRetryRequest(b: Uint8Array, start: number, end: number): boolean {
  if (start + 34 > end) return false;
  for (let i = 0; i < 32; i++) if (b[start + 2 + i] !== HRR_RANDOM[i]) return false;
  return true;
}

/** Whether `b` starts with an SSLv2-format CLIENT-HELLO (RFC 6101 appendix E.2). */
export function isSslv2ClientHello(b: Uint8Array): boolean {
  if (b.length < 5 || (b[0] & 0x80) === 0) return false;
  const len = ((b[0] & 0x7f) << 8) | b[1];
  const v = u16(b, 3);
  return len >= 9 && b[2] === 1 && (v === 0x0002 || (v >= 0x0300 && v <= 0x0303));
}

const EMPTY = new Uint8Array(0);

class Direction {
  /** The start of a record cut by the end of a chunk (the only bytes of records that are copied). */
  readonly records = new StreamBuffer(1024);
  readonly handshake = new StreamBuffer(1024);
  done = false;
  /** Hellos parsed in this direction. */
  hellos = 0;
  /** Handshake record bytes read in this direction. */
  seen = 0;
  /** After the handshake: record headers are still checked (bodies are never read); null once not checkable. */
  walker: RecordWalker | null = null;
}

class TlsAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'tls' as const;
  private readonly dirs: [Direction, Direction] = [new Direction(), new Direction()];
  private clientVersion: string | null = null;
  private serverVersion: string | null = null;
  private first = true;
  /** The server sent a HelloRetryRequest: a second ClientHello follows. */
  private retry = false;

  constructor(private readonly ctx: AnalyzerContext) {}

  onData(dir: Dir, data: Uint8Array, frame: number): void {
    const d = this.dirs[dir];
    if (d.done) {
      if (d.walker && !d.walker.push(data)) this.framingBroken();
      return;
    }
    if (this.first) {
      this.first = false;
      if (dir === 0 && isSslv2ClientHello(data)) {
        // SSLv2 framing differs; such a flow is below every min-tls anyway.
        this.sslv2(data, frame);
        d.done = true;
        return;
      }
    }
    this.feeding = d;
    this.rest = data;
    this.restAt = 0;
    try {
      this.records(dir, d, frame);
    } finally {
      this.feeding = null;
      this.rest = EMPTY;
    }
    if (d.done) {
      d.records.clear();
      d.handshake.clear();
    }
  }

  onGap(dir: Dir): void {
    const d = this.dirs[dir];
    if (!d.done) {
      this.ctx.weird('tls_gap_in_handshake');
      this.finish(d);
    }
    // After a gap the record boundaries are lost: headers can no longer be checked.
    d.walker = null;
  }

  /**
   * Encrypted, unless a record header after the handshake was impossible:
   * then the flow only looked like TLS and its bytes were never inspected.
   */
  encryption(): { encrypted: boolean; version: string | null } {
    return { encrypted: !this.notTls, version: this.serverVersion ?? this.clientVersion };
  }

  private notTls = false;

  /**
   * The direction whose chunk is being read, and the chunk: its bytes from
   * `restAt` on follow whatever that direction has buffered.
   */
  private feeding: Direction | null = null;
  private rest: Uint8Array = EMPTY;
  private restAt = 0;

  private framingBroken(): void {
    if (this.notTls) return;
    this.notTls = true;
    this.ctx.weird('tls_bad_record_framing');
    for (const d of this.dirs) d.walker = null;
  }

  /**
   * Ends the handshake reading of a direction; what is left unread (at a
   * record boundary: its buffered bytes, then the rest of the chunk being
   * read) is walked on.
   */
  private finish(d: Direction): void {
    d.done = true;
    if (!d.walker && !this.notTls) {
      const walker = new RecordWalker();
      d.walker = walker;
      let ok = walker.push(d.records.view());
      if (ok && d === this.feeding) ok = walker.push(this.rest, this.restAt);
      if (!ok) this.framingBroken();
    }
    if (d === this.feeding) this.restAt = this.rest.length;
    d.records.clear();
    d.handshake.clear();
  }

  private sslv2(b: Uint8Array, frame: number): void {
    const version = versionText(u16(b, 3)) ?? 'SSL2';
    this.clientVersion = version;
    this.ctx.emit({ type: 'tls-client-hello', frame, sni: null, alpn: [], version });
  }

  /**
   * Consumes whole records: first the one begun in an earlier chunk (the
   * buffered bytes, completed from the chunk), then those in the chunk
   * itself, read in place. What is left of the chunk is buffered.
   */
  private records(dir: Dir, d: Direction, frame: number): void {
    const data = this.rest;
    if (d.records.length > 0) {
      if (d.records.length < 5) {
        const take = Math.min(5 - d.records.length, data.length);
        d.records.append(data.subarray(0, take));
        this.restAt = take;
        if (d.records.length < 5) return this.checkBuffered(d);
      }
      const h = d.records.view();
      const len = u16(h, 3);
      if (!this.recordHeader(dir, d, h[0], h[1], len)) return;
      const need = 5 + len - d.records.length;
      if (need > data.length - this.restAt) {
        d.records.append(data.subarray(this.restAt));
        this.restAt = data.length;
        return this.checkBuffered(d);
      }
      d.records.append(data.subarray(this.restAt, this.restAt + need));
      this.restAt += need;
      const v = d.records.view();
      if (!this.record(dir, d, v, 0, frame)) return;
    }
    for (;;) {
      const at = this.restAt;
      if (data.length - at < 5) break;
      const len = u16(data, at + 3);
      if (!this.recordHeader(dir, d, data[at], data[at + 1], len)) return;
      if (data.length - at < 5 + len) break;
      this.restAt = at + 5 + len;
      if (!this.record(dir, d, data, at, frame)) return;
    }
    d.records.append(data.subarray(this.restAt));
    this.restAt = data.length;
    this.checkBuffered(d);
  }

  /**
   * Checks the header of the record at the head of what is left unread
   * (`type`, first version byte, body length): false when the direction's
   * handshake reading ended here (a header impossible for TLS, application
   * data, or a ChangeCipherSpec after which no hello can follow).
   */
  private recordHeader(dir: Dir, d: Direction, type: number, major: number, len: number): boolean {
    if (type < 20 || type > 24 || major !== 3 || len > MAX_RECORD) {
      this.ctx.weird('tls_bad_record');
      this.finish(d); // the walker sees the same impossible header: not TLS
      return false;
    }
    if (type === APPLICATION_DATA || (type === CHANGE_CIPHER_SPEC && !this.mayRetry(dir, d))) {
      this.finish(d);
      return false;
    }
    return true;
  }

  /**
   * Reads the whole record at `v[at]` (already consumed from what is left
   * unread): a handshake record's body goes to the handshake messages.
   * False when the direction's handshake reading ended.
   */
  private record(dir: Dir, d: Direction, v: Uint8Array, at: number, frame: number): boolean {
    // A record completed in the buffer is all the buffer holds; a record read in place leaves it empty.
    if (v[at] !== HANDSHAKE) {
      d.records.consume(d.records.length);
      return true;
    }
    const len = u16(v, at + 3);
    if (d.seen + len > MAX_HANDSHAKE_BUFFER) {
      this.ctx.weird('tls_handshake_too_large');
      this.finish(d);
      return false;
    }
    d.seen += len;
    d.handshake.append(v.subarray(at + 5, at + 5 + len));
    d.records.consume(d.records.length);
    this.messages(dir, d, frame);
    return !d.done;
  }

  /** The direction holds more than a handshake may: it is given up. */
  private checkBuffered(d: Direction): void {
    if (d.records.length + d.handshake.length > MAX_HANDSHAKE_BUFFER) {
      this.ctx.weird('tls_handshake_too_large');
      this.finish(d);
    }
  }

  /** Consumes whole handshake messages; stops the direction after its last hello. */
  private messages(dir: Dir, d: Direction, frame: number): void {
    for (;;) {
      const v = d.handshake.view();
      if (v.length < 4) return;
      const len = u24(v, 1);
      const type = v[0];
      if (dir === 0 && d.hellos > 0 && (type !== 1 || (len > MAX_HANDSHAKE_BUFFER && !this.retry))) {
        // The client's next flight (key exchange, or an encrypted Finished): no more hellos.
        this.finish(d);
        return;
      }
      if (len > MAX_HANDSHAKE_BUFFER) {
        this.ctx.weird('tls_handshake_too_large');
        this.finish(d);
        return;
      }
      if (v.length < 4 + len) return;
      if ((type === 1 && dir === 0) || (type === 2 && dir === 1)) {
        if (dir === 0) this.clientHello(d, v, len, frame);
        else this.serverHello(d, v, len, frame);
        if (d.done) return;
        continue;
      }
      if (type === 1 || type === 2) this.ctx.weird('tls_hello_wrong_direction');
      d.handshake.consume(4 + len);
    }
  }

  /**
   * Whether a ChangeCipherSpec in `dir` may precede a retried hello (TLS 1.3
   * compatibility mode), so it is skipped: in the client direction between
   * its first ClientHello and the server's final ServerHello (the server's
   * side may be missing from the capture), in the server direction after a
   * HelloRetryRequest.
   */
  private mayRetry(dir: Dir, d: Direction): boolean {
    return dir === 0 ? d.hellos === 1 : this.retry;
  }

  /** Reports the ClientHello at the head of `d.handshake`; the direction stays open for a retry. */
  private clientHello(d: Direction, v: Uint8Array, len: number, frame: number): void {
    const r = parseClientHello(v, 4, 4 + len);
    if (r.ok) {
      this.clientVersion = r.value.version;
      this.ctx.emit({ type: 'tls-client-hello', frame, sni: r.value.sni, alpn: r.value.alpn, version: r.value.version });
    } else if (d.hellos === 0 || this.retry) this.ctx.weird(r.weird);
    d.hellos++;
    d.handshake.consume(4 + len);
    if (!r.ok || d.hellos >= 2 || this.dirs[1].hellos > 0) this.finish(d);
  }

  /**
   * Reads the ServerHello at the head of `d.handshake`. A HelloRetryRequest
   * keeps the direction open; a final ServerHello stops both directions.
   */
  private serverHello(d: Direction, v: Uint8Array, len: number, frame: number): void {
    if (!this.retry && isHelloRetryRequest(v, 4, 4 + len)) {
      this.retry = true;
      d.handshake.consume(4 + len);
      return;
    }
    const r = parseServerHello(v, 4, 4 + len);
    if (r.ok) {
      this.serverVersion = r.value;
      this.ctx.emit({ type: 'tls-server-hello', frame, version: r.value });
    } else this.ctx.weird(r.weird);
    d.hellos++;
    this.finish(d);
    const client = this.dirs[0];
    if (!client.done && client.hellos > 0) this.finish(client);
  }
}

/** Whether `b` starts with a TLS handshake record holding a ClientHello or ServerHello. */
export function looksLikeTlsHello(b: Uint8Array): boolean {
  if (b.length < 6) return false;
  const len = u16(b, 3);
  return b[0] === HANDSHAKE && b[1] === 3 && b[2] <= 4 && len >= 4 && len <= MAX_RECORD && (b[5] === 1 || b[5] === 2);
}

/** TLS on any TCP port: a handshake record with a hello, or an SSLv2 CLIENT-HELLO. */
export const tlsFactory: AnalyzerFactory = {
  protocol: 'tls',
  transports: ['tcp'],
  ports: [443, 853, 993, 995, 465, 636, 5223, 8443, 8883],
  sniff: (data, dir) => looksLikeTlsHello(data) || (dir === 0 && isSslv2ClientHello(data)),
  create: (ctx) => new TlsAnalyzer(ctx),
};
