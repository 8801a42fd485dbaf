/**
 * DTLS (RFC 6347, RFC 9147) over UDP: records with content type 20-25 and
 * version 0xfeff (1.0), 0xfefd (1.2) or 0xfefc (1.3). Each ClientHello (a
 * new message_seq: the first, and the one retried with a cookie) gives SNI
 * and ALPN; the ServerHello (or else the highest offered, or else the first
 * record's) gives the version. A hello fragmented over several records or
 * datagrams is reassembled, up to MAX_DTLS_HANDSHAKE bytes, one message per
 * direction at a time. Encrypted.
 */
import type { Dir } from '../decode/types.js';
import { u16, u24 } from './bytes.js';
import { parseClientHello, parseServerHello, versionText } from './tls-hello.js';
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

const DTLS_VERSIONS = [0xfeff, 0xfefd, 0xfefc];
const RECORD_HEADER = 13;
const HANDSHAKE_HEADER = 12;
/** Largest fragmented hello reassembled (larger: weird dtls_handshake_too_large). */
export const MAX_DTLS_HANDSHAKE = 64 * 1024;

/** One handshake message being reassembled from its fragments. */
class Reassembly {
  readonly bytes: Uint8Array;
  private readonly have: Uint8Array;
  private missing: number;

  constructor(readonly type: number, readonly seq: number, readonly length: number) {
    this.bytes = new Uint8Array(length);
    this.have = new Uint8Array(length);
    this.missing = length;
  }

  /** Adds `n` bytes of `b` from `start` at `offset`; true when the message is whole. */
  add(b: Uint8Array, start: number, offset: number, n: number): boolean {
    this.bytes.set(b.subarray(start, start + n), offset);
    for (let i = offset; i < offset + n; i++) {
      if (this.have[i] === 0) {
        this.have[i] = 1;
        this.missing--;
      }
    }
    return this.missing === 0;
  }
}

/** Whether `b` starts with a plausible DTLS record. */
export function looksLikeDtls(b: Uint8Array): boolean {
  if (b.length < RECORD_HEADER) return false;
  return b[0] >= 20 && b[0] <= 25 && DTLS_VERSIONS.includes(u16(b, 1)) && RECORD_HEADER + u16(b, 11) <= b.length;
}

class DtlsAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'dtls' as const;
  private recordVersion: string | null = null;
  private clientVersion: string | null = null;
  private serverVersion: string | null = null;
  /** message_seq of the last ClientHello reported (-1: none yet). */
  private clientSeq = -1;
  private readonly fragments: [Reassembly | null, Reassembly | null] = [null, null];

  constructor(private readonly ctx: AnalyzerContext) {}

  onData(dir: Dir, data: Uint8Array, frame: number): void {
    if (this.clientSeq >= 0 && this.serverVersion !== null) return;
    let p = 0;
    while (p + RECORD_HEADER <= data.length) {
      const type = data[p];
      const len = u16(data, p + 11);
      const end = p + RECORD_HEADER + len;
      if (!DTLS_VERSIONS.includes(u16(data, p + 1)) || end > data.length) {
        this.ctx.weird('dtls_bad_record');
        return;
      }
      this.recordVersion ??= versionText(u16(data, p + 1));
      if (type === 22 && u16(data, p + 3) === 0) this.handshake(dir, data, p + RECORD_HEADER, end, frame);
      p = end;
    }
  }

  encryption(): { encrypted: boolean; version: string | null } {
    return { encrypted: true, version: this.serverVersion ?? this.clientVersion ?? this.recordVersion };
  }

  /** One handshake fragment (or whole message) at `b[start, end)`. */
  private handshake(dir: Dir, b: Uint8Array, start: number, end: number, frame: number): void {
    if (start + HANDSHAKE_HEADER > end) return;
    const type = b[start];
    const len = u24(b, start + 1);
    const seq = u16(b, start + 4);
    const fragOffset = u24(b, start + 6);
    const fragLen = u24(b, start + 9);
    const body = start + HANDSHAKE_HEADER;
    if (type === 1 ? seq <= this.clientSeq : type !== 2 || this.serverVersion !== null) return;
    if (body + fragLen > end || fragOffset + fragLen > len) return this.ctx.weird('dtls_bad_fragment');
    if (fragOffset === 0 && fragLen === len) return this.hello(type, seq, b, body, body + len, frame);
    if (len > MAX_DTLS_HANDSHAKE) return this.ctx.weird('dtls_handshake_too_large');
    let r = this.fragments[dir];
    if (!r || r.type !== type || r.seq !== seq || r.length !== len) r = this.fragments[dir] = new Reassembly(type, seq, len);
    if (!r.add(b, body, fragOffset, fragLen)) return;
    this.fragments[dir] = null;
    this.hello(type, seq, r.bytes, 0, len, frame);
  }

  /** A whole ClientHello (type 1) or ServerHello (type 2) body at `b[start, end)`. */
  private hello(type: number, seq: number, b: Uint8Array, start: number, end: number, frame: number): void {
    if (type === 1) {
      this.clientSeq = seq;
      const r = parseClientHello(b, start, end, true);
      if (!r.ok) return this.ctx.weird(r.weird.replace(/^tls_/, 'dtls_'));
      this.clientVersion = r.value.version;
      this.ctx.emit({ type: 'tls-client-hello', frame, sni: r.value.sni, alpn: r.value.alpn, version: r.value.version });
    } else {
      const r = parseServerHello(b, start, end);
      if (!r.ok) return this.ctx.weird(r.weird.replace(/^tls_/, 'dtls_'));
      this.serverVersion = r.value;
      this.ctx.emit({ type: 'tls-server-hello', frame, version: r.value });
    }
  }
}

/** DTLS on any UDP port, by its record header. */
export const dtlsFactory: AnalyzerFactory = {
  protocol: 'dtls',
  transports: ['udp'],
  ports: [443, 4433, 5684, 3478],
  sniff: (data) => looksLikeDtls(data),
  create: (ctx) => new DtlsAnalyzer(ctx),
};
