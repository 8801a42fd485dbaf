/**
 * IPv4 and IPv6 headers (with IPv6 extension headers). Pure, no allocation:
 * results go into a caller-owned `IpResult`; malformed headers add a weird.
 * Checksums are not verified (offloading makes them unreliable in captures).
 */
import { addWeird, type Weirds } from './types.js';

/** Outcome of `decodeIp`. */
export const IpStatus = {
  /** `out.proto` at `out.payloadOffset` is the upper-layer payload. */
  PAYLOAD: 0,
  /** A fragment: `out.frag*` fields are set, payload is the fragment data. */
  FRAGMENT: 1,
  /** Nothing to decode further (ESP, No Next Header). */
  NO_PAYLOAD: 2,
  /** Malformed: a weird was recorded. */
  MALFORMED: 3,
} as const;
export type IpStatus = (typeof IpStatus)[keyof typeof IpStatus];

/** Decoded IP header fields; addresses are offsets into the decoded bytes. */
export interface IpResult {
  version: number;
  /** 4 or 16. */
  addrLen: number;
  srcOff: number;
  dstOff: number;
  /** Upper-layer protocol (6 TCP, 17 UDP...). For fragments, the protocol of the datagram. */
  proto: number;
  payloadOffset: number;
  /** Captured payload bytes (clipped to what the header claims). */
  payloadLength: number;
  /** Payload bytes the header claims (may exceed payloadLength when snapped). */
  payloadClaimed: number;
  /** Fragment offset in bytes. */
  fragOffset: number;
  moreFragments: boolean;
  fragId: number;
}

/** A fresh result object, to be reused packet after packet. */
export function newIpResult(): IpResult {
  return {
    version: 0, addrLen: 0, srcOff: 0, dstOff: 0, proto: 0,
    payloadOffset: 0, payloadLength: 0, payloadClaimed: 0,
    fragOffset: 0, moreFragments: false, fragId: 0,
  };
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function bad(weirds: Weirds, name: string): IpStatus {
  addWeird(weirds, name);
  return IpStatus.MALFORMED;
}

function decodeV4(b: Uint8Array, off: number, end: number, out: IpResult, weirds: Weirds): IpStatus {
  if (off + 20 > end) return bad(weirds, 'truncated_ip_header');
  const hl = (b[off] & 0x0f) * 4;
  if (hl < 20) return bad(weirds, 'bad_ip_header_length');
  if (off + hl > end) return bad(weirds, 'truncated_ip_header');
  let total = u16(b, off + 2);
  const captured = end - off;
  if (total === 0) {
    // Segmentation offload on the capturing host leaves the length 0.
    addWeird(weirds, 'ip_total_length_zero');
    total = captured;
  } else if (total < hl) {
    return bad(weirds, 'bad_ip_total_length');
  } else if (total > captured) {
    addWeird(weirds, 'ip_total_length_exceeds_capture');
  }
  out.version = 4;
  out.addrLen = 4;
  out.srcOff = off + 12;
  out.dstOff = off + 16;
  out.proto = b[off + 9];
  out.payloadOffset = off + hl;
  out.payloadClaimed = total - hl;
  out.payloadLength = Math.min(total, captured) - hl;
  const ff = u16(b, off + 6);
  out.moreFragments = (ff & 0x2000) !== 0;
  out.fragOffset = (ff & 0x1fff) * 8;
  out.fragId = u16(b, off + 4);
  return out.moreFragments || out.fragOffset !== 0 ? IpStatus.FRAGMENT : IpStatus.PAYLOAD;
}

function decodeV6(b: Uint8Array, off: number, end: number, out: IpResult, weirds: Weirds): IpStatus {
  if (off + 40 > end) return bad(weirds, 'truncated_ip_header');
  let claimed = u16(b, off + 4);
  const captured = end - off - 40;
  if (claimed === 0) {
    // A jumbogram or segmentation offload: use what was captured.
    addWeird(weirds, 'ip_total_length_zero');
    claimed = captured;
  } else if (claimed > captured) {
    addWeird(weirds, 'ip_total_length_exceeds_capture');
  }
  out.version = 6;
  out.addrLen = 16;
  out.srcOff = off + 8;
  out.dstOff = off + 24;
  out.moreFragments = false;
  out.fragOffset = 0;
  out.fragId = 0;
  const start = off + 40;
  return walkIpv6Extensions(b, start, start + Math.min(claimed, captured), start + claimed, b[off + 6], out, weirds);
}

/**
 * Walks IPv6 extension headers from `off` (first header type `nextHeader`)
 * up to the upper-layer header: hop-by-hop, routing, destination options
 * and AH are skipped, a fragment header ends the walk with FRAGMENT (an
 * atomic fragment, offset 0 without M, is skipped), ESP and No Next Header
 * end it with NO_PAYLOAD. `claimedEnd` is where the header says the packet
 * ends (beyond `end` when snapped). Also used on reassembled payloads.
 */
export function walkIpv6Extensions(
  b: Uint8Array, off: number, end: number, claimedEnd: number, nextHeader: number, out: IpResult, weirds: Weirds,
): IpStatus {
  let nh = nextHeader;
  for (;;) {
    switch (nh) {
      case 0: case 43: case 60: case 135: case 139: case 140: {
        if (off + 2 > end) return bad(weirds, 'truncated_ipv6_ext_header');
        const len = (b[off + 1] + 1) * 8;
        if (off + len > end) return bad(weirds, 'truncated_ipv6_ext_header');
        nh = b[off];
        off += len;
        continue;
      }
      case 51: {
        if (off + 2 > end) return bad(weirds, 'truncated_ipv6_ext_header');
        const len = (b[off + 1] + 2) * 4;
        if (off + len > end) return bad(weirds, 'truncated_ipv6_ext_header');
        nh = b[off];
        off += len;
        continue;
      }
      case 44: {
        if (off + 8 > end) return bad(weirds, 'truncated_ipv6_ext_header');
        const fo = u16(b, off + 2);
        const fragNh = b[off];
        const id = u32(b, off + 4);
        off += 8;
        if ((fo & 0xfff9) === 0) {
          nh = fragNh; // atomic fragment (RFC 6946): a whole datagram
          continue;
        }
        out.fragOffset = fo & 0xfff8;
        out.moreFragments = (fo & 1) !== 0;
        out.fragId = id;
        setPayload(out, fragNh, off, end, claimedEnd);
        return IpStatus.FRAGMENT;
      }
      case 50: case 59:
        out.proto = nh;
        setPayload(out, nh, off, end, claimedEnd);
        return IpStatus.NO_PAYLOAD;
      default:
        setPayload(out, nh, off, end, claimedEnd);
        return IpStatus.PAYLOAD;
    }
  }
}

function setPayload(out: IpResult, proto: number, off: number, end: number, claimedEnd: number): void {
  out.proto = proto;
  out.payloadOffset = off;
  out.payloadLength = end - off;
  out.payloadClaimed = Math.max(claimedEnd - off, end - off);
}

/**
 * Decodes the IP header at `bytes[offset]` (`length` captured bytes).
 * `version` is the link layer's idea of it (0: by the first nibble).
 */
export function decodeIp(bytes: Uint8Array, offset: number, length: number, out: IpResult, weirds: Weirds, version = 0): IpStatus {
  const end = Math.min(bytes.length, offset + length);
  if (offset >= end) return bad(weirds, 'truncated_ip_header');
  const nibble = bytes[offset] >> 4;
  if (nibble !== 4 && nibble !== 6) return bad(weirds, 'bad_ip_version');
  if (version !== 0 && nibble !== version) addWeird(weirds, 'ip_version_mismatch');
  return nibble === 4 ? decodeV4(bytes, offset, end, out, weirds) : decodeV6(bytes, offset, end, out, weirds);
}
