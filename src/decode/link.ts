/**
 * Link layers: find the IP packet inside a frame. Pure, no allocation: the
 * result is written into a caller-owned `LinkResult`.
 */

/** Outcome of `decodeLink`. */
export const LinkStatus = {
  /** `out.offset`/`out.length` locate an IPv4 or IPv6 packet (`out.version`). */
  IP: 0,
  /** A well-formed frame that carries something other than IP (ARP, LLDP...). */
  NOT_IP: 1,
  /** The frame is too short for its link header: `out.weird` names it. */
  MALFORMED: 2,
  /** The link type is not one this decoder knows. */
  UNKNOWN_LINK_TYPE: 3,
} as const;
export type LinkStatus = (typeof LinkStatus)[keyof typeof LinkStatus];

/** Where the IP packet is, filled by `decodeLink`. */
export interface LinkResult {
  offset: number;
  length: number;
  /** 4 or 6 (from the link header, else from the first nibble). */
  version: number;
  /** A weird noticed on the way (also set with status IP), else null. */
  weird: string | null;
}

/** A fresh result object, to be reused frame after frame. */
export function newLinkResult(): LinkResult {
  return { offset: 0, length: 0, version: 0, weird: null };
}

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const MAX_MPLS_LABELS = 16;

/** Link types (LINKTYPE_* and a few DLT_* aliases written by old tools) that `decodeLink` handles. */
export function isKnownLinkType(linkType: number): boolean {
  switch (linkType) {
    case 0: case 1: case 9: case 12: case 14: case 50: case 101: case 108:
    case 113: case 228: case 229: case 239: case 258: case 276:
      return true;
    default:
      return false;
  }
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function u16le(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

function u32le(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function ip(out: LinkResult, off: number, end: number, version: number): LinkStatus {
  out.offset = off;
  out.length = end - off;
  out.version = version;
  return LinkStatus.IP;
}

function malformed(out: LinkResult, weird: string): LinkStatus {
  out.weird = weird;
  return LinkStatus.MALFORMED;
}

/** IP by its first nibble (raw IP, MPLS payloads). */
function byNibble(b: Uint8Array, off: number, end: number, out: LinkResult): LinkStatus {
  if (off >= end) return malformed(out, 'truncated_link_header');
  const v = b[off] >> 4;
  if (v === 4 || v === 6) return ip(out, off, end, v);
  out.weird = 'bad_ip_version';
  return LinkStatus.MALFORMED;
}

/** MPLS label stack (4 bytes per label, bottom-of-stack bit ends it), then IP by nibble. */
function mpls(b: Uint8Array, off: number, end: number, out: LinkResult): LinkStatus {
  for (let i = 0; i < MAX_MPLS_LABELS; i++) {
    if (off + 4 > end) return malformed(out, 'truncated_link_header');
    const bottom = b[off + 2] & 1;
    off += 4;
    if (bottom) {
      if (off >= end) return malformed(out, 'truncated_link_header');
      const v = b[off] >> 4;
      // A pseudowire control word (first nibble 0) or anything else: not IP.
      return v === 4 || v === 6 ? ip(out, off, end, v) : LinkStatus.NOT_IP;
    }
  }
  return malformed(out, 'mpls_label_stack_too_deep');
}

/** PPP protocol field (1 or 2 bytes, RFC 1661 protocol-field compression) at `off`. */
function pppProtocol(b: Uint8Array, off: number, end: number, out: LinkResult): LinkStatus {
  if (off >= end) return malformed(out, 'truncated_link_header');
  let proto: number;
  if (b[off] & 1) {
    proto = b[off];
    off += 1;
  } else {
    if (off + 2 > end) return malformed(out, 'truncated_link_header');
    proto = u16(b, off);
    off += 2;
  }
  if (proto === 0x21) return ip(out, off, end, 4);
  if (proto === 0x57) return ip(out, off, end, 6);
  return LinkStatus.NOT_IP;
}

/**
 * An EtherType at `typeOff`, the payload after it: 802.1Q/802.1ad/QinQ tags
 * (any depth), 802.3 length + LLC/SNAP, MPLS, PPPoE session, then IP.
 */
function ethertype(b: Uint8Array, typeOff: number, end: number, out: LinkResult): LinkStatus {
  let off = typeOff;
  for (;;) {
    if (off + 2 > end) return malformed(out, 'truncated_link_header');
    const type = u16(b, off);
    off += 2;
    if (isVlanTag(type)) {
      off += 2; // TCI, then the next EtherType
      continue;
    }
    if (type > 1500) return ethertypeValue(type, b, off, end, out);
    // 802.3 length field: an 802.2 LLC header follows; SNAP carries an EtherType.
    if (off + 3 > end) return malformed(out, 'truncated_link_header');
    if (b[off] !== 0xaa || b[off + 1] !== 0xaa || b[off + 2] !== 0x03) return LinkStatus.NOT_IP;
    if (off + 8 > end) return malformed(out, 'truncated_link_header');
    off += 6;
  }
}

function isVlanTag(type: number): boolean {
  return type === 0x8100 || type === 0x88a8 || type === 0x9100 || type === 0x9200 || type === 0x9300;
}

/** The payload at `off` of a (non-length) EtherType value. */
function ethertypeValue(type: number, b: Uint8Array, off: number, end: number, out: LinkResult): LinkStatus {
  switch (type) {
    case ETH_IPV4:
      return ip(out, off, end, 4);
    case ETH_IPV6:
      return ip(out, off, end, 6);
    case 0x8847: case 0x8848:
      return mpls(b, off, end, out);
    case 0x8864:
      // PPPoE session: ver/type, code, session id, length; then the PPP protocol.
      if (off + 6 > end) return malformed(out, 'truncated_link_header');
      return pppProtocol(b, off + 6, end, out);
    default:
      if (isVlanTag(type)) {
        if (off + 4 > end) return malformed(out, 'truncated_link_header');
        return ethertype(b, off + 2, end, out);
      }
      return LinkStatus.NOT_IP;
  }
}

/** BSD loopback address family: 2 = IPv4; 24, 28, 30 = IPv6 (NetBSD/OpenBSD, FreeBSD, Darwin). */
function addressFamily(af: number, b: Uint8Array, off: number, end: number, out: LinkResult): LinkStatus {
  if (af === 2) return ip(out, off, end, 4);
  if (af === 24 || af === 28 || af === 30) return ip(out, off, end, 6);
  return LinkStatus.NOT_IP;
}

/** NFLOG: 4-byte header, then TLVs (host-endian length/type, 4-byte aligned); payload is type 9. */
function nflog(b: Uint8Array, off: number, end: number, out: LinkResult): LinkStatus {
  if (off + 4 > end) return malformed(out, 'truncated_link_header');
  const family = b[off];
  off += 4;
  if (off + 4 > end) return malformed(out, 'nflog_no_payload');
  // TLV fields are in the capturing host's order: pick the order whose first length is plausible.
  const le = u16le(b, off);
  const little = le >= 4 && off + le <= end ? true : !(u16(b, off) >= 4 && off + u16(b, off) <= end);
  while (off + 4 <= end) {
    const len = little ? u16le(b, off) : u16(b, off);
    const type = (little ? u16le(b, off + 2) : u16(b, off + 2)) & 0x3fff;
    if (len < 4 || off + len > end) return malformed(out, 'bad_nflog_tlv');
    if (type === 9) {
      const start = off + 4;
      const stop = off + len;
      if (family === 2) return ip(out, start, stop, 4);
      if (family === 10) return ip(out, start, stop, 6);
      return byNibble(b, start, stop, out);
    }
    off += (len + 3) & ~3;
  }
  return malformed(out, 'nflog_no_payload');
}

/**
 * PKTAP (Apple): header length, record type (1: a packet) and inner DLT,
 * host-endian (little-endian on macOS), then the packet in that DLT.
 * Nested PKTAP is refused.
 */
function pktap(b: Uint8Array, off: number, end: number, out: LinkResult): LinkStatus {
  if (off + 12 > end) return malformed(out, 'truncated_link_header');
  let little = true;
  let hlen = u32le(b, off);
  if (hlen < 12 || off + hlen > end) {
    little = false;
    hlen = u32(b, off);
  }
  if (hlen < 12 || off + hlen > end) return malformed(out, 'truncated_link_header');
  const type = little ? u32le(b, off + 4) : u32(b, off + 4);
  const inner = little ? u32le(b, off + 8) : u32(b, off + 8);
  if (type !== 1) return LinkStatus.NOT_IP;
  if (inner === 258 || inner === 149) return LinkStatus.UNKNOWN_LINK_TYPE;
  return decodeAt(inner, b, off + hlen, end, out);
}

function decodeAt(linkType: number, b: Uint8Array, off: number, end: number, out: LinkResult): LinkStatus {
  switch (linkType) {
    case 1: // Ethernet II
      if (off + 14 > end) return malformed(out, 'truncated_link_header');
      return ethertype(b, off + 12, end, out);
    case 113: // Linux cooked v1: protocol at 14
      if (off + 16 > end) return malformed(out, 'truncated_link_header');
      return sllPayload(u16(b, off + 14), b, off + 16, end, out);
    case 276: // Linux cooked v2: protocol at 0, header 20 bytes
      if (off + 20 > end) return malformed(out, 'truncated_link_header');
      return sllPayload(u16(b, off), b, off + 20, end, out);
    case 12: case 14: case 101: // raw IP
      return byNibble(b, off, end, out);
    case 228:
    case 229: {
      const st = byNibble(b, off, end, out);
      if (st === LinkStatus.IP && out.version !== (linkType === 228 ? 4 : 6)) {
        out.weird = linkType === 228 ? 'ipv6_on_ipv4_link_type' : 'ipv4_on_ipv6_link_type';
      }
      return st;
    }
    case 0: { // BSD loopback: AF in the capturing host's byte order
      if (off + 4 > end) return malformed(out, 'truncated_link_header');
      let af = u32le(b, off);
      if (af > 0xffff) af = u32(b, off);
      return addressFamily(af, b, off + 4, end, out);
    }
    case 108: // OpenBSD loopback: AF big-endian
      if (off + 4 > end) return malformed(out, 'truncated_link_header');
      return addressFamily(u32(b, off), b, off + 4, end, out);
    case 9:
    case 50: // PPP, optionally with HDLC address/control ff 03
      if (off + 2 <= end && b[off] === 0xff && b[off + 1] === 0x03) off += 2;
      return pppProtocol(b, off, end, out);
    case 239:
      return nflog(b, off, end, out);
    case 258:
      return pktap(b, off, end, out);
    default:
      return LinkStatus.UNKNOWN_LINK_TYPE;
  }
}

/** SLL payload by protocol: an EtherType, or 0x0004 for 802.2 LLC frames. */
function sllPayload(proto: number, b: Uint8Array, off: number, end: number, out: LinkResult): LinkStatus {
  if (proto === 0x0004) {
    if (off + 3 > end) return malformed(out, 'truncated_link_header');
    if (b[off] === 0xaa && b[off + 1] === 0xaa && b[off + 2] === 0x03) {
      if (off + 8 > end) return malformed(out, 'truncated_link_header');
      return ethertype(b, off + 6, end, out);
    }
    return LinkStatus.NOT_IP;
  }
  if (proto <= 1500) return LinkStatus.NOT_IP;
  // VLAN tags kept by the capture are walked like Ethernet's.
  return ethertypeValue(proto, b, off, end, out);
}

/**
 * Finds the IP packet in `bytes[offset, offset+length)` for a LINKTYPE_*.
 * Never throws; writes the location (or a weird) into `out`.
 */
export function decodeLink(linkType: number, bytes: Uint8Array, offset: number, length: number, out: LinkResult): LinkStatus {
  out.weird = null;
  out.version = 0;
  const end = Math.min(bytes.length, offset + length);
  if (linkType === 1 && offset + 14 <= end) {
    // Untagged Ethernet II carrying IP, the common case: what decodeAt would find, without the walk.
    const type = u16(bytes, offset + 12);
    if (type === ETH_IPV4) return ip(out, offset + 14, end, 4);
    if (type === ETH_IPV6) return ip(out, offset + 14, end, 6);
  }
  return decodeAt(linkType, bytes, offset, end, out);
}
