/**
 * Frames of QUIC Initial packets (RFC 9000 sections 12.4 and 19): PADDING,
 * PING, ACK, CRYPTO and CONNECTION_CLOSE are the only frames allowed there.
 * CRYPTO data is reassembled by offset into a bounded buffer, so a TLS
 * handshake message split over several packets, in any order, is read whole.
 */
import { readVarint } from './quic-packet.js';

/** CRYPTO stream bytes reassembled per direction at most. */
export const MAX_CRYPTO_BUFFER = 64 * 1024;
/** Separate pieces (holes between them) held at most, so hostile fragmentation stays cheap. */
export const MAX_CRYPTO_PIECES = 256;

/**
 * Walks the frames of an opened Initial packet, calling `onCrypto` for each
 * CRYPTO frame with a view of its data. Returns null when every frame was
 * read, else the weird name of the first frame that could not be.
 */
export function walkInitialFrames(p: Uint8Array, onCrypto: (offset: number, data: Uint8Array) => void): string | null {
  let i = 0;
  while (i < p.length) {
    const t = p[i];
    if (t === 0x00 || t === 0x01) {
      i++;
      continue;
    }
    if (t === 0x02 || t === 0x03) {
      const next = skipAck(p, i + 1, t === 0x03);
      if (next < 0) return 'quic_bad_frame';
      i = next;
    } else if (t === 0x06) {
      const off = readVarint(p, i + 1);
      if (!off) return 'quic_bad_frame';
      const len = readVarint(p, i + 1 + off.used);
      if (!len) return 'quic_bad_frame';
      const at = i + 1 + off.used + len.used;
      if (len.value > p.length - at) return 'quic_bad_frame';
      onCrypto(off.value, p.subarray(at, at + len.value));
      i = at + len.value;
    } else if (t === 0x1c || t === 0x1d) {
      const next = skipConnectionClose(p, i + 1, t === 0x1c);
      if (next < 0) return 'quic_bad_frame';
      i = next;
    } else {
      return 'quic_unexpected_frame';
    }
  }
  return null;
}

/** Skips `n` varints from `i`; -1 when short. */
function skipVarints(p: Uint8Array, i: number, n: number): number {
  for (let k = 0; k < n; k++) {
    const v = readVarint(p, i);
    if (!v) return -1;
    i += v.used;
  }
  return i;
}

/** Skips an ACK frame body (RFC 9000 section 19.3); -1 when malformed. */
function skipAck(p: Uint8Array, i: number, ecn: boolean): number {
  const head = skipVarints(p, i, 2); // largest acknowledged, ack delay
  if (head < 0) return -1;
  const count = readVarint(p, head);
  if (!count || count.value > p.length) return -1; // each range takes at least two bytes
  let j = skipVarints(p, head + count.used, 1 + 2 * count.value);
  if (j >= 0 && ecn) j = skipVarints(p, j, 3);
  return j;
}

/** Skips a CONNECTION_CLOSE frame body (RFC 9000 section 19.19); -1 when malformed. */
function skipConnectionClose(p: Uint8Array, i: number, transport: boolean): number {
  const j = skipVarints(p, i, transport ? 2 : 1);
  if (j < 0) return -1;
  const reason = readVarint(p, j);
  if (!reason || reason.value > p.length - j - reason.used) return -1;
  return j + reason.used + reason.value;
}

/**
 * The CRYPTO stream of one direction, reassembled by offset up to
 * MAX_CRYPTO_BUFFER bytes. Data is copied in; overlapping data overwrites.
 */
export class CryptoStream {
  private buf = new Uint8Array(0);
  /** Received ranges [start, end), sorted and merged. */
  private ranges: Array<[number, number]> = [];

  /**
   * Copies `data` in at `offset`. Returns false (and keeps nothing) when it
   * would reach past MAX_CRYPTO_BUFFER or leave more than MAX_CRYPTO_PIECES pieces.
   */
  add(offset: number, data: Uint8Array): boolean {
    if (data.length === 0) return true;
    const end = offset + data.length;
    if (end > MAX_CRYPTO_BUFFER || this.ranges.length >= MAX_CRYPTO_PIECES) return false;
    if (end > this.buf.length) {
      let size = Math.max(1024, this.buf.length);
      while (size < end) size *= 2;
      const next = new Uint8Array(Math.min(size, MAX_CRYPTO_BUFFER));
      next.set(this.buf);
      this.buf = next;
    }
    this.buf.set(data, offset);
    this.insert(offset, end);
    return true;
  }

  private insert(s: number, e: number): void {
    const out: Array<[number, number]> = [];
    let placed = false;
    for (const [a, b] of this.ranges) {
      if (b < s) out.push([a, b]);
      else if (a > e) {
        if (!placed) out.push([s, e]);
        placed = true;
        out.push([a, b]);
      } else {
        s = Math.min(s, a);
        e = Math.max(e, b);
      }
    }
    if (!placed) out.push([s, e]);
    this.ranges = out;
  }

  /** Bytes available without a hole from offset 0. */
  get contiguous(): number {
    const r = this.ranges[0];
    return r && r[0] === 0 ? r[1] : 0;
  }

  /** A view of the contiguous bytes from offset 0, valid until the next add(). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.contiguous);
  }

  /** Releases the buffer. */
  clear(): void {
    this.buf = new Uint8Array(0);
    this.ranges = [];
  }
}
