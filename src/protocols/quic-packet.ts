/**
 * QUIC long headers (RFC 9000 section 17.2, RFC 8999 for the
 * version-independent part, RFC 9369 section 3.2 for v2 packet types) and
 * variable-length integers. Pure: `(bytes, offset)` in, a value or a weird
 * name out; every length is checked before it is read.
 */
import { u32 } from './bytes.js';

/** QUIC version 1 and version 2 wire values. */
export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;

/** A QUIC variable-length integer (RFC 9000 section 16) at `off`: value and bytes used, or null when short. */
export function readVarint(b: Uint8Array, off: number): { value: number; used: number } | null {
  if (off >= b.length) return null;
  const used = 1 << (b[off] >> 6);
  if (off + used > b.length) return null;
  let value = b[off] & 0x3f;
  for (let i = 1; i < used; i++) value = value * 256 + b[off + i];
  return { value, used };
}

export type LongPacketType = 'initial' | '0rtt' | 'handshake' | 'retry';

/** Long-header packet type bits -> type, per version (v2 rotates them). */
const V1_TYPES: LongPacketType[] = ['initial', '0rtt', 'handshake', 'retry'];
const V2_TYPES: LongPacketType[] = ['retry', 'initial', '0rtt', 'handshake'];

/** The long-header packet type of `first` (the unprotected type bits) for `version`. */
export function longPacketType(version: number, first: number): LongPacketType {
  return (version === QUIC_V2 ? V2_TYPES : V1_TYPES)[(first >> 4) & 0x03];
}

/** Whether `v` is a version whose long headers this module can walk (v1, v2, IETF and mvfst drafts). */
export function knownVersion(v: number): boolean {
  return v === QUIC_V1 || v === QUIC_V2 || v >>> 8 === 0xff0000 || v === 0xfaceb002 || v === 0xfaceb00e;
}

/** One long-header packet located in a datagram. */
export interface LongPacket {
  type: LongPacketType;
  version: number;
  /** The connection ids (views of the datagram: copy to keep). */
  dcid: Uint8Array;
  scid: Uint8Array;
  /** Offset of the (protected) packet number; for Retry, of the retry token. */
  pnOffset: number;
  /** End of this packet in the datagram. */
  end: number;
}

export type LongHeaderResult =
  | { kind: 'packet'; packet: LongPacket }
  | { kind: 'version-negotiation' }
  | { kind: 'unknown-version'; version: number }
  | { kind: 'weird'; weird: string };

const MAX_CID = 20;

/**
 * Parses the long header at `b[off]` (the caller has seen the long-header
 * bit). Connection ids are returned as views of `b`.
 */
export function parseLongHeader(b: Uint8Array, off: number): LongHeaderResult {
  if (off + 7 > b.length) return { kind: 'weird', weird: 'quic_bad_length' };
  const first = b[off];
  const version = u32(b, off + 1);
  if (version === 0) return { kind: 'version-negotiation' };
  if (!knownVersion(version)) return { kind: 'unknown-version', version };
  // The fixed bit (0x40) is not checked: peers may grease it (RFC 9287).
  let p = off + 5;
  const dl = b[p];
  if (dl > MAX_CID) return { kind: 'weird', weird: 'quic_bad_header' };
  if (p + 1 + dl + 1 > b.length) return { kind: 'weird', weird: 'quic_bad_length' };
  const dcid = b.subarray(p + 1, p + 1 + dl);
  p += 1 + dl;
  const sl = b[p];
  if (sl > MAX_CID) return { kind: 'weird', weird: 'quic_bad_header' };
  if (p + 1 + sl > b.length) return { kind: 'weird', weird: 'quic_bad_length' };
  const scid = b.subarray(p + 1, p + 1 + sl);
  p += 1 + sl;
  const type = longPacketType(version, first);
  if (type === 'retry') return { kind: 'packet', packet: { type, version, dcid, scid, pnOffset: p, end: b.length } };
  if (type === 'initial') {
    const token = readVarint(b, p);
    if (!token || p + token.used + token.value > b.length) return { kind: 'weird', weird: 'quic_bad_length' };
    p += token.used + token.value;
  }
  const length = readVarint(b, p);
  if (!length) return { kind: 'weird', weird: 'quic_bad_length' };
  p += length.used;
  if (length.value > b.length - p) return { kind: 'weird', weird: 'quic_bad_length' };
  return { kind: 'packet', packet: { type, version, dcid, scid, pnOffset: p, end: p + length.value } };
}
