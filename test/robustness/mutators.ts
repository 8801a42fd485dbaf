/**
 * Mutations of capture files for the fuzzer: byte-level (bit flips,
 * insertions, deletions, truncation), record headers with absurd lengths
 * (pcap records, pcapng blocks), and packet fields rewritten inside frames
 * (IPv4/IPv6, TCP and UDP lengths and offsets, DNS compression loops and
 * counts, TLS record and handshake lengths). Every mutation is a pure
 * function of the input bytes and a seeded random source.
 */

/** A seeded pseudo-random source (mulberry32): same seed, same sequence. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * Math.max(1, n));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

/** Length values that break parsers: zero, off by one, sign and width limits. */
export function absurdLength(rng: Rng, actual: number, bits: 8 | 16 | 24 | 32): number {
  const max = bits === 32 ? 0xffffffff : 2 ** bits - 1;
  const choices = [0, 1, actual - 1, actual + 1, actual * 2, max, max - 1, 2 ** (bits - 1), 2 ** (bits - 1) - 1, rng.int(max)];
  return Math.max(0, Math.min(max, rng.pick(choices))) >>> 0;
}

function writeUint(b: Uint8Array, at: number, bits: 8 | 16 | 24 | 32, value: number, le = false): void {
  const n = bits / 8;
  if (at < 0 || at + n > b.length) return;
  for (let i = 0; i < n; i++) {
    const shift = le ? 8 * i : 8 * (n - 1 - i);
    b[at + i] = Math.floor(value / 2 ** shift) & 0xff;
  }
}

function readUint(b: Uint8Array, at: number, bits: 8 | 16 | 24 | 32, le = false): number {
  const n = bits / 8;
  let v = 0;
  for (let i = 0; i < n && at + i < b.length; i++) v += b[at + i] * 2 ** (le ? 8 * i : 8 * (n - 1 - i));
  return v;
}

// ---- byte level -------------------------------------------------------------

export function bitFlips(b: Uint8Array, rng: Rng): Uint8Array {
  const out = Uint8Array.from(b);
  for (let i = 1 + rng.int(8); i > 0 && out.length; i--) out[rng.int(out.length)] ^= 1 << rng.int(8);
  return out;
}

export function insertBytes(b: Uint8Array, rng: Rng): Uint8Array {
  const at = rng.int(b.length + 1);
  const add = new Uint8Array(1 + rng.int(64)).map(() => rng.int(256));
  const out = new Uint8Array(b.length + add.length);
  out.set(b.subarray(0, at));
  out.set(add, at);
  out.set(b.subarray(at), at + add.length);
  return out;
}

export function deleteBytes(b: Uint8Array, rng: Rng): Uint8Array {
  const at = rng.int(b.length);
  const n = 1 + rng.int(Math.min(64, b.length - at));
  const out = new Uint8Array(b.length - n);
  out.set(b.subarray(0, at));
  out.set(b.subarray(at + n), at);
  return out;
}

export function truncate(b: Uint8Array, rng: Rng): Uint8Array {
  return b.slice(0, rng.int(b.length));
}

// ---- record headers ---------------------------------------------------------

/** Offsets of pcap record headers (file in either byte order) or null if not pcap. */
function pcapRecords(b: Uint8Array): { le: boolean; at: number[] } | null {
  const magic = readUint(b, 0, 32);
  const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  if (!le && magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) return null;
  const at: number[] = [];
  for (let o = 24; o + 16 <= b.length && at.length < 100000; ) {
    at.push(o);
    o += 16 + readUint(b, o + 8, 32, le);
  }
  return { le, at };
}

/** Offsets and byte order of pcapng blocks, or null if not pcapng. */
function pcapngBlocks(b: Uint8Array): Array<{ at: number; le: boolean }> | null {
  if (readUint(b, 0, 32) !== 0x0a0d0d0a) return null;
  const out: Array<{ at: number; le: boolean }> = [];
  let le = true;
  for (let o = 0; o + 12 <= b.length && out.length < 100000; ) {
    if (readUint(b, o, 32) === 0x0a0d0d0a) le = readUint(b, o + 8, 32) === 0x4d3c2b1a;
    const len = readUint(b, o + 4, 32, le);
    out.push({ at: o, le });
    if (len < 12) break;
    o += len;
  }
  return out;
}

/** One record header gets an absurd captured/original length (pcap) or block/captured length (pcapng). */
export function recordLength(b: Uint8Array, rng: Rng): Uint8Array {
  const out = Uint8Array.from(b);
  const pcap = pcapRecords(out);
  if (pcap && pcap.at.length) {
    const at = rng.pick(pcap.at) + (rng.int(2) ? 8 : 12);
    writeUint(out, at, 32, absurdLength(rng, readUint(out, at, 32, pcap.le), 32), pcap.le);
    return out;
  }
  const blocks = pcapngBlocks(out);
  if (blocks && blocks.length) {
    const { at, le } = rng.pick(blocks);
    const type = readUint(out, at, 32, le);
    const field = type === 6 && rng.int(2) ? at + 20 : rng.int(2) ? at + 4 : at + readUint(out, at + 4, 32, le) - 4;
    writeUint(out, field, 32, absurdLength(rng, readUint(out, field, 32, le), 32), le);
    return out;
  }
  return bitFlips(out, rng);
}

// ---- packet fields ----------------------------------------------------------

/** Where the IP header starts in a frame of a link type, or -1. */
export function ipOffset(linkType: number, d: Uint8Array): number {
  switch (linkType) {
    case 1: {
      let o = 12;
      while (o + 2 <= d.length && (readUint(d, o, 16) === 0x8100 || readUint(d, o, 16) === 0x88a8)) o += 4;
      const et = readUint(d, o, 16);
      return et === 0x0800 || et === 0x86dd ? o + 2 : -1;
    }
    case 0:
    case 108:
      return 4;
    case 101:
    case 228:
    case 229:
    case 12:
    case 14:
      return 0;
    case 113:
      return 16;
    case 276:
      return 20;
    default:
      return -1;
  }
}

/** Offsets of the transport header and payload of an IPv4/IPv6 packet, when TCP or UDP. */
function transport(d: Uint8Array, ip: number): { proto: number; at: number; payload: number } | null {
  const version = d[ip] >> 4;
  let proto: number;
  let at: number;
  if (version === 4) {
    proto = d[ip + 9];
    at = ip + (d[ip] & 0x0f) * 4;
  } else if (version === 6) {
    proto = d[ip + 6];
    at = ip + 40;
  } else return null;
  if (proto === 6 && at + 20 <= d.length) return { proto, at, payload: at + (d[at + 12] >> 4) * 4 };
  if (proto === 17 && at + 8 <= d.length) return { proto, at, payload: at + 8 };
  return null;
}

/** A field mutation inside one frame; returns false when the frame has no such field. */
type FrameMutation = (d: Uint8Array, ip: number, rng: Rng) => boolean;

const ipLength: FrameMutation = (d, ip, rng) => {
  const at = d[ip] >> 4 === 6 ? ip + 4 : ip + 2;
  writeUint(d, at, 16, absurdLength(rng, readUint(d, at, 16), 16));
  return true;
};

const ipHeader: FrameMutation = (d, ip, rng) => {
  if (d[ip] >> 4 === 4) d[ip] = (d[ip] & 0xf0) | rng.int(16);
  else if (d[ip] >> 4 === 6) d[ip + 6] = rng.pick([0, 43, 44, 60, 59, 6, 17]);
  else return false;
  if (d[ip] >> 4 === 4 && rng.int(2)) writeUint(d, ip + 6, 16, rng.int(0x10000));
  return true;
};

const tcpFields: FrameMutation = (d, ip, rng) => {
  const t = transport(d, ip);
  if (!t || t.proto !== 6) return false;
  const which = rng.int(3);
  if (which === 0) d[t.at + 12] = (rng.int(16) << 4) | (d[t.at + 12] & 0x0f);
  else if (which === 1) writeUint(d, t.at + 4, 32, absurdLength(rng, readUint(d, t.at + 4, 32), 32));
  else d[t.at + 13] = rng.int(256);
  return true;
};

const udpLength: FrameMutation = (d, ip, rng) => {
  const t = transport(d, ip);
  if (!t || t.proto !== 17) return false;
  writeUint(d, t.at + 4, 16, absurdLength(rng, readUint(d, t.at + 4, 16), 16));
  return true;
};

/** DNS: a compression pointer loop in the question name, or absurd section counts. */
const dnsLoop: FrameMutation = (d, ip, rng) => {
  const t = transport(d, ip);
  if (!t) return false;
  const dns = t.proto === 6 ? t.payload + 2 : t.payload;
  if (dns + 14 > d.length) return false;
  if (rng.int(2)) {
    writeUint(d, dns + 4 + 2 * rng.int(4), 16, absurdLength(rng, 1, 16));
  } else {
    const target = rng.pick([12, 14, 0, d.length - dns]);
    d[dns + 12] = 0xc0 | ((target >> 8) & 0x3f);
    d[dns + 13] = target & 0xff;
  }
  return true;
};

/** TLS: record length, handshake length or a 16-bit length inside the ClientHello. */
const tlsLengths: FrameMutation = (d, ip, rng) => {
  const t = transport(d, ip);
  if (!t || t.proto !== 6 || t.payload + 9 > d.length || d[t.payload] !== 0x16) return false;
  const p = t.payload;
  const which = rng.int(3);
  if (which === 0) writeUint(d, p + 3, 16, absurdLength(rng, readUint(d, p + 3, 16), 16));
  else if (which === 1) writeUint(d, p + 6, 24, absurdLength(rng, readUint(d, p + 6, 24), 24));
  else writeUint(d, p + 9 + rng.int(Math.max(1, d.length - p - 10)), 16, absurdLength(rng, 8, 16));
  return true;
};

/** Named field mutations, tried on random frames until one applies. */
export const FRAME_MUTATIONS: Record<string, FrameMutation> = {
  'ip-length': ipLength,
  'ip-header': ipHeader,
  'tcp-fields': tcpFields,
  'udp-length': udpLength,
  'dns-pointer-loop': dnsLoop,
  'tls-lengths': tlsLengths,
};

/** Named whole-file mutations. */
export const FILE_MUTATIONS: Record<string, (b: Uint8Array, rng: Rng) => Uint8Array> = {
  'bit-flips': bitFlips,
  'insert-bytes': insertBytes,
  'delete-bytes': deleteBytes,
  truncate,
  'record-length': recordLength,
};
