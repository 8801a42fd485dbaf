/**
 * TCP and UDP headers. Pure, no allocation: results go into caller-owned
 * objects; malformed headers add a weird and return false. Payload lengths
 * come from the IP layer (so Ethernet padding is never payload).
 */
import { addWeird, type Weirds } from './types.js';

/** TCP flag bits. */
export const TcpFlags = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20 } as const;

/** Decoded TCP header. */
export interface TcpHeader {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  payloadOffset: number;
  /** Captured payload bytes. */
  payloadLength: number;
  /** Payload bytes the IP header claims (more than captured when snapped). */
  payloadClaimed: number;
}

/** Decoded UDP header. */
export interface UdpHeader {
  srcPort: number;
  dstPort: number;
  payloadOffset: number;
  payloadLength: number;
}

/** A fresh TCP header object, to be reused. */
export function newTcpHeader(): TcpHeader {
  return { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, payloadOffset: 0, payloadLength: 0, payloadClaimed: 0 };
}

/** A fresh UDP header object, to be reused. */
export function newUdpHeader(): UdpHeader {
  return { srcPort: 0, dstPort: 0, payloadOffset: 0, payloadLength: 0 };
}

/**
 * Decodes a TCP header at `bytes[off]`: `length` captured bytes of an IP
 * payload that claims `claimed` bytes. False (with a weird) when malformed.
 */
export function decodeTcp(bytes: Uint8Array, off: number, length: number, claimed: number, out: TcpHeader, weirds: Weirds): boolean {
  const len = Math.min(length, bytes.length - off);
  if (len < 20) {
    addWeird(weirds, 'truncated_tcp_header');
    return false;
  }
  const hl = (bytes[off + 12] >> 4) * 4;
  if (hl < 20) {
    addWeird(weirds, 'bad_tcp_header_length');
    return false;
  }
  if (hl > len) {
    addWeird(weirds, hl > claimed ? 'bad_tcp_header_length' : 'truncated_tcp_header');
    return false;
  }
  out.srcPort = (bytes[off] << 8) | bytes[off + 1];
  out.dstPort = (bytes[off + 2] << 8) | bytes[off + 3];
  out.seq = ((bytes[off + 4] << 24) | (bytes[off + 5] << 16) | (bytes[off + 6] << 8) | bytes[off + 7]) >>> 0;
  out.ack = ((bytes[off + 8] << 24) | (bytes[off + 9] << 16) | (bytes[off + 10] << 8) | bytes[off + 11]) >>> 0;
  out.flags = bytes[off + 13];
  out.payloadOffset = off + hl;
  out.payloadLength = len - hl;
  out.payloadClaimed = Math.max(claimed, len) - hl;
  return true;
}

/**
 * Decodes a UDP header at `bytes[off]` (`length` captured bytes of the IP
 * payload). The length field bounds the payload; when it is 0 (jumbogram,
 * offload) or larger than what was captured, the captured bytes are used
 * and a weird is recorded.
 */
export function decodeUdp(bytes: Uint8Array, off: number, length: number, out: UdpHeader, weirds: Weirds): boolean {
  const len = Math.min(length, bytes.length - off);
  if (len < 8) {
    addWeird(weirds, 'truncated_udp_header');
    return false;
  }
  const ulen = (bytes[off + 4] << 8) | bytes[off + 5];
  let end = ulen;
  if (ulen === 0) {
    addWeird(weirds, 'udp_length_zero');
    end = len;
  } else if (ulen < 8) {
    addWeird(weirds, 'bad_udp_length');
    return false;
  } else if (ulen > len) {
    addWeird(weirds, 'udp_length_exceeds_capture');
    end = len;
  }
  out.srcPort = (bytes[off] << 8) | bytes[off + 1];
  out.dstPort = (bytes[off + 2] << 8) | bytes[off + 3];
  out.payloadOffset = off + 8;
  out.payloadLength = end - 8;
  return true;
}
