/** Hand-built frames of every supported link type around one UDP packet (payload "hello"), for tests. */
import { concat, ipPacket } from '../support/packets.js';

const payload = new TextEncoder().encode('hello');
export const v4 = ipPacket({ ts: 1, src: '10.0.0.1', dst: '8.8.8.8', proto: 'udp', srcPort: 5353, dstPort: 53, payload });
export const v6 = ipPacket({ ts: 1, src: 'fd00::1', dst: '2001:db8::53', proto: 'udp', srcPort: 5353, dstPort: 53, payload });

export const macs = new Uint8Array(12).fill(0x02);
export const u8 = (...b: number[]): Uint8Array => Uint8Array.from(b);
export const be16 = (n: number): Uint8Array => u8(n >> 8, n & 0xff);
export const le32 = (n: number): Uint8Array => u8(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);
const be32 = (n: number): Uint8Array => u8(n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);

export interface LinkCase {
  name: string;
  linkType: number;
  bytes: Uint8Array;
  ip: Uint8Array;
  weird?: string;
}

function sll(proto: number, ip: Uint8Array): Uint8Array {
  return concat([be16(0), be16(1), be16(6), new Uint8Array(8), be16(proto), ip]);
}
function sll2(proto: number, ip: Uint8Array): Uint8Array {
  return concat([be16(proto), be16(0), be32(2), be16(1), u8(0, 6), new Uint8Array(8), ip]);
}
function tlv(type: number, value: Uint8Array): Uint8Array {
  const len = 4 + value.length;
  const padded = new Uint8Array((len + 3) & ~3);
  padded.set(u8(len & 0xff, len >> 8, type & 0xff, type >> 8), 0);
  padded.set(value, 4);
  return padded;
}
function nflog(family: number, ip: Uint8Array): Uint8Array {
  return concat([u8(family, 0, 0, 0), tlv(1, u8(8, 0, 3, 0)), tlv(10, new Uint8Array(3)), tlv(9, ip), tlv(11, le32(0))]);
}
function pktap(inner: number, frame: Uint8Array): Uint8Array {
  const hdr = new Uint8Array(108);
  hdr.set(le32(108), 0);
  hdr.set(le32(1), 4);
  hdr.set(le32(inner), 8);
  return concat([hdr, frame]);
}
export const eth = (type: number, rest: Uint8Array): Uint8Array => concat([macs, be16(type), rest]);

export const linkCases: LinkCase[] = [
  { name: 'Ethernet II IPv4', linkType: 1, bytes: eth(0x0800, v4), ip: v4 },
  { name: 'Ethernet II IPv6', linkType: 1, bytes: eth(0x86dd, v6), ip: v6 },
  { name: 'Ethernet 802.1Q', linkType: 1, bytes: eth(0x8100, concat([be16(100), be16(0x0800), v4])), ip: v4 },
  {
    name: 'Ethernet 802.1ad + 802.1Q + 802.1Q (stacked)',
    linkType: 1,
    bytes: eth(0x88a8, concat([be16(7), be16(0x8100), be16(8), be16(0x8100), be16(9), be16(0x86dd), v6])),
    ip: v6,
  },
  { name: '802.3 + LLC/SNAP', linkType: 1, bytes: eth(v4.length + 8, concat([u8(0xaa, 0xaa, 0x03, 0, 0, 0), be16(0x0800), v4])), ip: v4 },
  { name: 'VLAN then LLC/SNAP', linkType: 1, bytes: eth(0x8100, concat([be16(5), be16(v6.length + 8), u8(0xaa, 0xaa, 0x03, 0, 0, 0), be16(0x86dd), v6])), ip: v6 },
  { name: 'MPLS two labels', linkType: 1, bytes: eth(0x8847, concat([u8(0, 1, 0x00, 64), u8(0, 2, 0x01, 64), v4])), ip: v4 },
  { name: 'PPPoE session', linkType: 1, bytes: eth(0x8864, concat([u8(0x11, 0, 0, 1), be16(v6.length + 2), be16(0x0057), v6])), ip: v6 },
  { name: 'Linux SLL', linkType: 113, bytes: sll(0x0800, v4), ip: v4 },
  { name: 'Linux SLL with a VLAN tag kept', linkType: 113, bytes: sll(0x8100, concat([be16(3), be16(0x86dd), v6])), ip: v6 },
  { name: 'Linux SLL2', linkType: 276, bytes: sll2(0x86dd, v6), ip: v6 },
  { name: 'raw IP (101) v4', linkType: 101, bytes: v4, ip: v4 },
  { name: 'raw IP (101) v6', linkType: 101, bytes: v6, ip: v6 },
  { name: 'IPV4 (228)', linkType: 228, bytes: v4, ip: v4 },
  { name: 'IPV6 (229)', linkType: 229, bytes: v6, ip: v6 },
  { name: 'IPV4 (228) carrying IPv6', linkType: 228, bytes: v6, ip: v6, weird: 'ipv6_on_ipv4_link_type' },
  { name: 'NULL, AF_INET little-endian', linkType: 0, bytes: concat([le32(2), v4]), ip: v4 },
  { name: 'NULL, AF_INET big-endian', linkType: 0, bytes: concat([be32(2), v4]), ip: v4 },
  { name: 'NULL, AF_INET6 = 24 (NetBSD)', linkType: 0, bytes: concat([le32(24), v6]), ip: v6 },
  { name: 'NULL, AF_INET6 = 28 (FreeBSD)', linkType: 0, bytes: concat([le32(28), v6]), ip: v6 },
  { name: 'NULL, AF_INET6 = 30 (Darwin) big-endian', linkType: 0, bytes: concat([be32(30), v6]), ip: v6 },
  { name: 'LOOP (108)', linkType: 108, bytes: concat([be32(2), v4]), ip: v4 },
  { name: 'PPP with ff03', linkType: 9, bytes: concat([u8(0xff, 0x03), be16(0x0021), v4]), ip: v4 },
  { name: 'PPP without address/control', linkType: 9, bytes: concat([be16(0x0057), v6]), ip: v6 },
  { name: 'PPP, compressed protocol field', linkType: 9, bytes: concat([u8(0x21), v4]), ip: v4 },
  { name: 'NFLOG IPv4', linkType: 239, bytes: nflog(2, v4), ip: v4 },
  { name: 'NFLOG IPv6', linkType: 239, bytes: nflog(10, v6), ip: v6 },
  { name: 'PKTAP around Ethernet', linkType: 258, bytes: pktap(1, eth(0x0800, v4)), ip: v4 },
  { name: 'PKTAP around NULL', linkType: 258, bytes: pktap(0, concat([le32(30), v6])), ip: v6 },
];

