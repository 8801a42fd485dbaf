/**
 * A small MaxMind DB writer for tests (https://maxmind.github.io/MaxMind-DB/):
 * a binary search tree (record size 24, 28 or 32), the 16-byte zero
 * separator, a data section of maps, arrays, UTF-8 strings, booleans and
 * unsigned/signed integers and doubles, then the metadata after
 * "\xAB\xCD\xEFMaxMind.com".
 *
 * IPv4 networks in an IPv6 tree go where MaxMind puts them: ::a.b.c.d/96+n.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** A number stored with a chosen MaxMind type. */
export class Typed {
  constructor(
    readonly type: 'uint16' | 'uint32' | 'uint64' | 'int32' | 'double',
    readonly value: number | bigint,
  ) {}
}

/** A value the writer can store. */
export type MmdbValue = string | number | boolean | bigint | Typed | MmdbValue[] | { [key: string]: MmdbValue };

/** One network and the record its addresses map to. */
export interface MmdbNetwork {
  cidr: string;
  data: MmdbValue;
}

/** What to write. */
export interface MmdbWriteOptions {
  networks: MmdbNetwork[];
  recordSize?: 24 | 28 | 32;
  ipVersion?: 4 | 6;
  databaseType?: string;
  /** Seconds since the epoch. */
  buildEpoch?: number;
  description?: Record<string, string>;
}

const TYPE = { pointer: 1, utf8: 2, double: 3, bytes: 4, uint16: 5, uint32: 6, map: 7, int32: 8, uint64: 9, array: 11, boolean: 14 };

function control(type: number, size: number): Buffer {
  const first = (type <= 7 ? type : 0) << 5;
  const ext = type > 7 ? [type - 7] : [];
  if (size < 29) return Buffer.from([first | size, ...ext]);
  if (size < 285) return Buffer.from([first | 29, ...ext, size - 29]);
  if (size < 65821) return Buffer.from([first | 30, ...ext, (size - 285) >> 8, (size - 285) & 0xff]);
  const s = size - 65821;
  return Buffer.from([first | 31, ...ext, (s >> 16) & 0xff, (s >> 8) & 0xff, s & 0xff]);
}

function unsignedBytes(v: bigint): Buffer {
  const out: number[] = [];
  for (let x = v; x > 0n; x >>= 8n) out.unshift(Number(x & 0xffn));
  return Buffer.from(out);
}

function encodeNumber(type: Typed['type'], value: number | bigint): Buffer {
  if (type === 'double') {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(Number(value));
    return Buffer.concat([control(TYPE.double, 8), b]);
  }
  if (type === 'int32') {
    const b = Buffer.alloc(4);
    b.writeInt32BE(Number(value));
    return Buffer.concat([control(TYPE.int32, 4), b]);
  }
  const body = unsignedBytes(BigInt(value));
  return Buffer.concat([control(TYPE[type], body.length), body]);
}

/** Encodes one value of the data section. */
export function encodeValue(v: MmdbValue): Buffer {
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([control(TYPE.utf8, b.length), b]);
  }
  if (typeof v === 'boolean') return control(TYPE.boolean, v ? 1 : 0);
  if (typeof v === 'bigint') return encodeNumber('uint64', v);
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return encodeNumber('double', v);
    if (v < 0) return encodeNumber('int32', v);
    return encodeNumber(v < 0x10000 ? 'uint16' : v <= 0xffffffff ? 'uint32' : 'uint64', v);
  }
  if (v instanceof Typed) return encodeNumber(v.type, v.value);
  if (Array.isArray(v)) return Buffer.concat([control(TYPE.array, v.length), ...v.map(encodeValue)]);
  const keys = Object.keys(v);
  return Buffer.concat([control(TYPE.map, keys.length), ...keys.flatMap((k) => [encodeValue(k), encodeValue(v[k])])]);
}

function addressBits(cidr: string, ipVersion: 4 | 6): number[] {
  const [addr, lenText] = cidr.split('/');
  const bytes: number[] = [];
  let prefix: number;
  if (isIPv4(addr)) {
    if (ipVersion === 6) bytes.push(...new Array<number>(12).fill(0));
    bytes.push(...addr.split('.').map(Number));
    prefix = Number(lenText ?? 32) + (ipVersion === 6 ? 96 : 0);
  } else if (isIPv6(addr) && ipVersion === 6) {
    const [head, tail] = addr.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = addr.includes('::') ? [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
    for (const g of groups) bytes.push(parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff);
    prefix = Number(lenText ?? 128);
  } else {
    throw new Error(`cannot place ${cidr} in an IPv${ipVersion} tree`);
  }
  const bits: number[] = [];
  for (let i = 0; i < prefix; i++) bits.push((bytes[i >> 3] >> (7 - (i & 7))) & 1);
  return bits;
}

type Ref = { node: number } | { data: number } | null;

function buildTree(networks: { bits: number[]; data: number }[]): Ref[][] {
  const nodes: Ref[][] = [[null, null]];
  for (const n of [...networks].sort((a, b) => a.bits.length - b.bits.length)) {
    if (n.bits.length === 0) throw new Error('a /0 network cannot be stored in a tree');
    let cur = 0;
    for (let i = 0; i < n.bits.length - 1; i++) {
      const bit = n.bits[i];
      const ref = nodes[cur][bit];
      if (ref && 'node' in ref) {
        cur = ref.node;
        continue;
      }
      /* an empty branch, or a wider network's data pushed down one level */
      nodes.push([ref, ref]);
      nodes[cur][bit] = { node: nodes.length - 1 };
      cur = nodes.length - 1;
    }
    nodes[cur][n.bits[n.bits.length - 1]] = { data: n.data };
  }
  return nodes;
}

function writeRecords(out: Buffer, offset: number, size: number, left: number, right: number): void {
  if (size === 24) {
    out.writeUIntBE(left, offset, 3);
    out.writeUIntBE(right, offset + 3, 3);
  } else if (size === 28) {
    out.writeUIntBE(left & 0xffffff, offset, 3);
    out[offset + 3] = (((left >>> 24) & 0x0f) << 4) | ((right >>> 24) & 0x0f);
    out.writeUIntBE(right & 0xffffff, offset + 4, 3);
  } else {
    out.writeUInt32BE(left, offset);
    out.writeUInt32BE(right, offset + 4);
  }
}

/** Writes a complete MaxMind DB file. */
export function writeMmdb(opts: MmdbWriteOptions): Buffer {
  const recordSize = opts.recordSize ?? 24;
  const ipVersion = opts.ipVersion ?? 6;
  const chunks: Buffer[] = [];
  const offsets = new Map<string, number>();
  let dataLen = 0;
  const networks = opts.networks.map((n) => {
    const key = JSON.stringify(n.data, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    let off = offsets.get(key);
    if (off === undefined) {
      const enc = encodeValue(n.data);
      off = dataLen;
      offsets.set(key, off);
      chunks.push(enc);
      dataLen += enc.length;
    }
    return { bits: addressBits(n.cidr, ipVersion), data: off };
  });
  const nodes = buildTree(networks);
  const nodeCount = nodes.length;
  const nodeBytes = (recordSize * 2) / 8;
  const tree = Buffer.alloc(nodeCount * nodeBytes);
  const value = (r: Ref): number => (r === null ? nodeCount : 'node' in r ? r.node : nodeCount + 16 + r.data);
  nodes.forEach((n, i) => writeRecords(tree, i * nodeBytes, recordSize, value(n[0]), value(n[1])));
  const metadata = encodeValue({
    node_count: new Typed('uint32', nodeCount),
    record_size: new Typed('uint16', recordSize),
    ip_version: new Typed('uint16', ipVersion),
    database_type: opts.databaseType ?? 'leakspec-test',
    languages: ['en'],
    binary_format_major_version: new Typed('uint16', 2),
    binary_format_minor_version: new Typed('uint16', 0),
    build_epoch: new Typed('uint64', BigInt(opts.buildEpoch ?? 0)),
    description: opts.description ?? { en: 'leakspec test database' },
  });
  const marker = Buffer.from([0xab, 0xcd, 0xef, ...Buffer.from('MaxMind.com', 'latin1')]);
  return Buffer.concat([tree, Buffer.alloc(16), ...chunks, marker, metadata]);
}
