/** Builders of IP variants for tests: IPv4 options, IPv6 extension headers, fragments. */
import { concat, ipPacket, type PacketSpec } from '../support/packets.js';

/** IPv4 packet with `opts` (a multiple of 4 bytes) inserted as header options. */
export function withIpv4Options(ip: Uint8Array, opts: Uint8Array): Uint8Array {
  const hl = (ip[0] & 0x0f) * 4;
  const out = concat([ip.subarray(0, hl), opts, ip.subarray(hl)]);
  out[0] = 0x40 | ((hl + opts.length) / 4);
  out[2] = out.length >> 8;
  out[3] = out.length & 0xff;
  return out;
}

export interface Ext {
  type: number;
  /** Header bytes; byte 0 (next header) is filled in. */
  bytes: Uint8Array;
}

/** A generic extension header (hop-by-hop, routing, destination options) of `units` * 8 bytes. */
export function extHeader(type: number, units = 1): Ext {
  const bytes = new Uint8Array(units * 8);
  bytes[1] = units - 1;
  if (type === 0 || type === 60) bytes[2] = 1; // PadN option filling the rest
  if (type === 0 || type === 60) bytes[3] = units * 8 - 4;
  return { type, bytes };
}

/** An AH header: 12 bytes of fixed part + `icvWords` 32-bit words. */
export function ahHeader(icvWords = 3): Ext {
  const bytes = new Uint8Array(12 + icvWords * 4);
  bytes[1] = bytes.length / 4 - 2;
  return { type: 51, bytes };
}

/** An IPv6 packet (from ipPacket) with extension headers between the fixed header and the upper layer. */
export function withIpv6Extensions(ip: Uint8Array, exts: Ext[]): Uint8Array {
  const upper = ip[6];
  const parts: Uint8Array[] = [ip.subarray(0, 40).slice()];
  let prev = parts[0];
  let prevAt = 6;
  for (const e of exts) {
    prev[prevAt] = e.type;
    const b = e.bytes.slice();
    parts.push(b);
    prev = b;
    prevAt = 0;
  }
  prev[prevAt] = upper;
  parts.push(ip.subarray(40));
  const out = concat(parts);
  const plen = out.length - 40;
  out[4] = plen >> 8;
  out[5] = plen & 0xff;
  return out;
}

/** Splits an IPv4 packet into fragments of at most `size` payload bytes (multiple of 8). */
export function fragmentV4(ip: Uint8Array, size: number, id = 0x1234): Uint8Array[] {
  const hl = (ip[0] & 0x0f) * 4;
  const payload = ip.subarray(hl);
  const out: Uint8Array[] = [];
  for (let o = 0; o < payload.length; o += size) {
    const chunk = payload.subarray(o, Math.min(payload.length, o + size));
    const f = concat([ip.subarray(0, hl), chunk]);
    f[2] = f.length >> 8;
    f[3] = f.length & 0xff;
    f[4] = id >> 8;
    f[5] = id & 0xff;
    const more = o + size < payload.length ? 0x2000 : 0;
    const fo = more | (o / 8);
    f[6] = fo >> 8;
    f[7] = fo & 0xff;
    f[10] = f[11] = 0;
    out.push(f);
  }
  return out;
}

/** Splits an IPv6 packet (no extension headers) into fragments with a fragment header. */
export function fragmentV6(ip: Uint8Array, size: number, id = 0xabcdef01): Uint8Array[] {
  const upper = ip[6];
  const payload = ip.subarray(40);
  const out: Uint8Array[] = [];
  for (let o = 0; o < payload.length; o += size) {
    const chunk = payload.subarray(o, Math.min(payload.length, o + size));
    const fh = new Uint8Array(8);
    fh[0] = upper;
    const more = o + size < payload.length ? 1 : 0;
    const fo = o | more;
    fh[2] = fo >> 8;
    fh[3] = fo & 0xff;
    new DataView(fh.buffer).setUint32(4, id);
    const f = concat([ip.subarray(0, 40), fh, chunk]);
    f[6] = 44;
    const plen = f.length - 40;
    f[4] = plen >> 8;
    f[5] = plen & 0xff;
    out.push(f);
  }
  return out;
}

/** `n` bytes of a recognisable pattern. */
export function pattern(n: number, seed = 0): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return b;
}

/** A UDP packet spec between fixed endpoints. */
export function udpSpec(src: string, dst: string, payload: Uint8Array): PacketSpec {
  return { ts: 0, src, dst, proto: 'udp', srcPort: 5000, dstPort: 6000, payload };
}

export { ipPacket };
