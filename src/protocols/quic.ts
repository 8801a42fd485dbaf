/**
 * QUIC (RFC 9000, RFC 9369) over UDP: recognised by a long header with the
 * fixed bit and version 1, version 2 or a draft (IETF 0xff0000xx, mvfst);
 * later packets of the flow (short headers) belong to it. Encrypted,
 * version "quic".
 *
 * The client's Initial packets are opened with the Initial keys (derived
 * from the Destination Connection ID of its first Initial, or of a Retry's
 * Source Connection ID), their CRYPTO frames reassembled by offset, and the
 * ClientHello read with the TLS parser: a `tls-client-hello` event (SNI,
 * ALPN, version) as for TLS over TCP. The server's Initials give its
 * ServerHello (`tls-server-hello`). Coalesced packets are walked by their
 * length fields; Handshake, 0-RTT and 1-RTT (short header) packets are
 * skipped unread, and once both hellos are read nothing more is decrypted.
 * Retry and Version Negotiation packets are recognised, not decrypted.
 */
import type { Dir } from '../decode/types.js';
import { u24, u32 } from './bytes.js';
import { initialKeys, openInitial, type InitialKeyPair } from './quic-crypto.js';
import { CryptoStream, MAX_CRYPTO_BUFFER, walkInitialFrames } from './quic-frames.js';
import { knownVersion, parseLongHeader, QUIC_V1, QUIC_V2, type LongPacket } from './quic-packet.js';
import { parseClientHello, parseServerHello } from './tls-hello.js';
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

export { QUIC_V1, QUIC_V2 };

/** The smallest protected packet: a 1-byte header, a 4-byte packet number field and a 16-byte sample (RFC 9001 section 5.4.2). */
const MIN_PACKET = 21;

/** Initial packets per direction that may fail to open before the direction is given up. */
export const MAX_DECRYPT_FAILURES = 8;

/** Whether `v` is a version reserved to make the server answer with Version Negotiation (0x?a?a?a?a, RFC 9000 section 15). */
export function isReservedVersion(v: number): boolean {
  return (v & 0x0f0f0f0f) === 0x0a0a0a0a;
}

/**
 * Whether `b` starts with a QUIC long header of a known (or reserved)
 * version with sane connection id lengths.
 */
export function looksLikeQuicLong(b: Uint8Array): boolean {
  if (b.length < 7 || (b[0] & 0xc0) !== 0xc0) return false;
  const v = u32(b, 1);
  if (!knownVersion(v) && !isReservedVersion(v)) return false;
  const dcid = b[5];
  if (dcid > 20 || 6 + dcid >= b.length) return false;
  const scid = b[6 + dcid];
  return scid <= 20 && 7 + dcid + scid <= b.length;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Handshake reading state of one direction. */
class Side {
  readonly crypto = new CryptoStream();
  /** Largest packet number opened (-1: none). */
  largest = -1;
  failures = 0;
  done = false;
}

interface Keys {
  version: number;
  /** The connection id they were derived from (a copy). */
  dcid: Uint8Array;
  pair: InitialKeyPair;
}

class QuicAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'quic' as const;
  private readonly sides: [Side, Side] = [new Side(), new Side()];
  private keys: Keys | null = null;

  constructor(private readonly ctx: AnalyzerContext) {}

  onData(dir: Dir, data: Uint8Array, frame: number): void {
    if (data.length === 0) return;
    // The fixed bit (0x40) may be greased (RFC 9287), but a datagram without it too short to hold
    // a packet number and a header-protection sample is not QUIC (Version Negotiation aside).
    const long = (data[0] & 0x80) !== 0;
    if ((data[0] & 0x40) === 0 && data.length < MIN_PACKET && !(long && data.length >= 5 && u32(data, 1) === 0)) {
      this.ctx.weird('quic_bad_header');
      return;
    }
    if (!long || (this.sides[0].done && this.sides[1].done)) return;
    this.datagram(dir, data, frame);
  }

  onEnd(): void {
    const c = this.sides[0];
    if (!c.done && c.crypto.contiguous > 0) this.ctx.weird('quic_truncated_client_hello');
    c.crypto.clear();
    this.sides[1].crypto.clear();
  }

  encryption(): { encrypted: boolean; version: string } {
    return { encrypted: true, version: 'quic' };
  }

  /** Walks the coalesced packets of one datagram; stops at a short header or trailing padding. */
  private datagram(dir: Dir, b: Uint8Array, frame: number): void {
    let off = 0;
    while (off < b.length && (b[off] & 0x80) !== 0) {
      const h = parseLongHeader(b, off);
      if (h.kind === 'weird') this.ctx.weird(h.weird);
      if (h.kind !== 'packet') return;
      const pk = h.packet;
      if (pk.type === 'retry') {
        if (dir === 1) this.retry(pk);
        return;
      }
      if (pk.type === 'initial') this.initial(dir, b, off, pk, frame);
      off = pk.end;
    }
  }

  /** A Retry: the client's next Initials are protected with keys from the Retry's Source Connection ID. */
  private retry(pk: LongPacket): void {
    const pair = initialKeys(pk.version, pk.scid);
    if (pair) this.keys = { version: pk.version, dcid: Uint8Array.from(pk.scid), pair };
    this.sides[0].crypto.clear();
    this.sides[0].largest = -1;
  }

  private keysFor(version: number, dcid: Uint8Array): Keys | null {
    const pair = initialKeys(version, dcid);
    return pair ? { version, dcid: Uint8Array.from(dcid), pair } : null;
  }

  private initial(dir: Dir, b: Uint8Array, start: number, pk: LongPacket, frame: number): void {
    const side = this.sides[dir];
    if (side.done) return;
    if (dir === 0 && (!this.keys || this.keys.version !== pk.version)) this.keys = this.keysFor(pk.version, pk.dcid);
    if (!this.keys) return; // a server packet before any client Initial: its keys are unknown
    const k = this.keys;
    let opened = openInitial(b, start, pk.pnOffset, pk.end, dir === 0 ? k.pair.client : k.pair.server, side.largest);
    if (!opened && dir === 0 && !sameBytes(pk.dcid, k.dcid)) {
      // The client's first Initial (or the Retry) was not captured: try keys from this packet's own DCID.
      const alt = this.keysFor(pk.version, pk.dcid);
      opened = alt && openInitial(b, start, pk.pnOffset, pk.end, alt.pair.client, side.largest);
      if (opened) this.keys = alt;
    }
    if (!opened) {
      this.ctx.weird('quic_decrypt_failed');
      if (++side.failures >= MAX_DECRYPT_FAILURES) this.finish(side);
      return;
    }
    side.largest = Math.max(side.largest, opened.packetNumber);
    let overflow = false;
    const bad = walkInitialFrames(opened.payload, (offset, data) => {
      if (!side.crypto.add(offset, data)) overflow = true;
    });
    if (bad) this.ctx.weird(bad);
    if (overflow) {
      this.ctx.weird('quic_crypto_too_large');
      this.finish(side);
      return;
    }
    this.hello(dir, side, frame);
  }

  /** Reads the first handshake message of the direction once it is whole: ClientHello (client) or ServerHello (server). */
  private hello(dir: Dir, side: Side, frame: number): void {
    const v = side.crypto.view();
    if (v.length < 4) return;
    const len = u24(v, 1);
    if (v[0] !== (dir === 0 ? 1 : 2)) {
      this.ctx.weird(dir === 0 ? 'quic_bad_client_hello' : 'quic_bad_server_hello');
      this.finish(side);
      return;
    }
    if (4 + len > MAX_CRYPTO_BUFFER) {
      this.ctx.weird('quic_crypto_too_large');
      this.finish(side);
      return;
    }
    if (v.length < 4 + len) return;
    if (dir === 0) {
      const r = parseClientHello(v, 4, 4 + len);
      if (r.ok) this.ctx.emit({ type: 'tls-client-hello', frame, sni: r.value.sni, alpn: r.value.alpn, version: r.value.version });
      else this.ctx.weird(r.weird);
    } else {
      const r = parseServerHello(v, 4, 4 + len);
      if (r.ok) this.ctx.emit({ type: 'tls-server-hello', frame, version: r.value });
      else this.ctx.weird(r.weird);
    }
    this.finish(side);
  }

  private finish(side: Side): void {
    side.done = true;
    side.crypto.clear();
  }
}

/** QUIC on any UDP port, by a long header. */
export const quicFactory: AnalyzerFactory = {
  protocol: 'quic',
  transports: ['udp'],
  ports: [443, 80, 8443],
  sniff: (data) => looksLikeQuicLong(data),
  create: (ctx) => new QuicAnalyzer(ctx),
};
