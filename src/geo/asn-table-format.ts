/**
 * The compiled ASN table (`data/asn-table.bin`), laid out so that opening it
 * decodes nothing: the columns are little-endian 32-bit words read in place,
 * and the ranges are coded in small blocks (asn-table-blocks.ts) of which a
 * lookup decodes one.
 *
 * Every section starts on a multiple of 4 bytes (zero padding after the
 * header, the organisation names and each block stream); all numbers outside
 * the block streams are u32, little-endian.
 *
 *   "LSASNTB2"                         magic, 8 bytes
 *   crc32                              CRC-32 (as gzip's) of every byte after this word
 *   len, JSON                          header: name, version, build_date, license, source
 *   nOrgs, orgEnd[nOrgs]               organisation names, back to back in the blob
 *   blobLen, blob (utf8)               that follows; name i is blob[orgEnd[i-1]..orgEnd[i])
 *   nEntries, asn[], org+1[]           (ASN, organisation) pairs, most used first; org 0 = none
 *   n4, perBlock4, first4[], blockEnd4[], streamLen4, stream4
 *                                      IPv4 ranges, sorted, in ceil(n4 / perBlock4) blocks:
 *                                      each block's first start, and the end offset of its
 *                                      bytes in the stream
 *   n6, perBlock6, first6[4 per block], blockEnd6[], streamLen6, stream6
 *                                      IPv6 ranges likewise, starts as four words, most
 *                                      significant first
 *
 * Opening checks the magic, the CRC, every section length and the order of
 * the block index; a block's contents, and an organisation name's bounds,
 * are checked when they are decoded.
 */
import { crc32 } from 'node:zlib';
import { LeakspecError, ErrorCodes } from '../errors.js';
import {
  BlockScratch,
  VarintReader,
  VarintWriter,
  compareWords,
  decodeV4Block,
  decodeV6Block,
  encodeV4Blocks,
  encodeV6Blocks,
  type BlockFrame,
  type V4Range,
  type V6Range,
} from './asn-table-blocks.js';

/** Where the table came from, stored in its header. */
export interface AsnTableMeta {
  name: string;
  /** The source package version. */
  version: string;
  /** YYYY-MM-DD. */
  build_date: string;
  license: string;
  source: string;
}

/** The table as the builder gives it: IPv6 bounds as bigint (build time only). */
export interface AsnTableInput {
  meta: AsnTableMeta;
  entries: { asn: number; org: string }[];
  v4: { start: number; end: number; entry: number }[];
  v6: { start: bigint; end: bigint; entry: number }[];
}

const MAGIC = 'LSASNTB2';
/** Ranges per block: a lookup decodes at most this many. */
const PER_BLOCK = 64;

function words(v: bigint): number[] {
  const out: number[] = [];
  for (let i = 3; i >= 0; i--) out.push(Number((v >> BigInt(i * 32)) & 0xffffffffn));
  return out;
}

/** u32 little-endian words, as a Buffer. */
function u32le(values: ArrayLike<number>): Buffer {
  const b = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) b.writeUInt32LE(values[i], i * 4);
  return b;
}

/** `b` zero-padded to a multiple of 4 bytes. */
function padded(b: Uint8Array): Buffer {
  const out = Buffer.alloc(Math.ceil(b.length / 4) * 4);
  out.set(b);
  return out;
}

/** Encodes a table. Entries are renumbered most-used first. */
export function encodeAsnTable(input: AsnTableInput): Buffer {
  const uses = new Array<number>(input.entries.length).fill(0);
  for (const r of input.v4) uses[r.entry]++;
  for (const r of input.v6) uses[r.entry]++;
  const order = input.entries.map((_, i) => i).sort((a, b) => uses[b] - uses[a] || a - b);
  const renum = new Array<number>(order.length);
  order.forEach((old, i) => (renum[old] = i));

  const orgIndex = new Map<string, number>();
  const orgList: string[] = [];
  for (const old of order) {
    const org = input.entries[old].org;
    if (org !== '' && !orgIndex.has(org)) {
      orgIndex.set(org, orgList.length);
      orgList.push(org);
    }
  }
  const names = orgList.map((o) => Buffer.from(o, 'utf8'));
  const orgEnd: number[] = [];
  names.reduce((at, n) => (orgEnd.push(at + n.length), at + n.length), 0);
  const blob = Buffer.concat(names);

  const header = Buffer.from(JSON.stringify(input.meta), 'utf8');
  const w4 = new VarintWriter();
  const b4 = encodeV4Blocks(input.v4.map((r) => ({ ...r, entry: renum[r.entry] })), PER_BLOCK, w4);
  const w6 = new VarintWriter();
  const b6 = encodeV6Blocks(input.v6.map((r) => ({ start: words(r.start), end: words(r.end), entry: renum[r.entry] })), PER_BLOCK, w6);
  const parts = [
    Buffer.from(MAGIC, 'latin1'),
    u32le([0]), /* the CRC, filled in below */
    u32le([header.length]),
    padded(header),
    u32le([orgList.length, ...orgEnd, blob.length]),
    padded(blob),
    u32le([order.length]),
    u32le(order.map((old) => input.entries[old].asn)),
    u32le(order.map((old) => (input.entries[old].org === '' ? 0 : (orgIndex.get(input.entries[old].org) as number) + 1))),
    u32le([input.v4.length, PER_BLOCK, ...b4.first, ...b4.blockEnd, w4.length]),
    padded(w4.result()),
    u32le([input.v6.length, PER_BLOCK, ...b6.first, ...b6.blockEnd, w6.length]),
    padded(w6.result()),
  ];
  const out = Buffer.concat(parts);
  out.writeUInt32LE(crc32(out.subarray(12)), 8);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Reads the sections in order; throws plain Errors. */
class SectionReader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  private need(n: number, what: string): void {
    if (n > this.buf.length - this.pos) throw new Error(`the table ends inside ${what}`);
  }

  u32(what: string): number {
    this.need(4, what);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  /** `n` words, read in place when the platform and alignment allow. */
  words(n: number, what: string): Uint32Array {
    this.need(n * 4, what);
    const b = this.buf;
    const at = b.byteOffset + this.pos;
    let out: Uint32Array;
    if (LITTLE_ENDIAN && at % 4 === 0) {
      out = new Uint32Array(b.buffer, at, n);
    } else {
      const view = new DataView(b.buffer, at, n * 4);
      out = new Uint32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getUint32(i * 4, true);
    }
    this.pos += n * 4;
    return out;
  }

  /** `n` bytes, then the padding to the next multiple of 4. */
  bytes(n: number, what: string): Uint8Array {
    const size = Math.ceil(n / 4) * 4;
    this.need(size, what);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += size;
    return out;
  }
}

function parseMeta(bytes: Uint8Array): AsnTableMeta {
  const m = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
  for (const k of ['name', 'version', 'build_date', 'license', 'source']) {
    if (typeof m[k] !== 'string') throw new Error(`header lacks "${k}"`);
  }
  return m as unknown as AsnTableMeta;
}

/** One family's ranges: the block index and the block stream. */
interface RangeSection {
  count: number;
  perBlock: number;
  /** First start of each block (IPv6: 4 words each). */
  first: Uint32Array;
  blockEnd: Uint32Array;
  stream: Uint8Array;
}

function readRanges(r: SectionReader, family: 'IPv4' | 'IPv6'): RangeSection {
  const what = `the ${family} ranges`;
  const count = r.u32(what);
  const perBlock = r.u32(what);
  if (perBlock < 1 || perBlock > 4096) throw new Error(`${family} blocks of ${perBlock} ranges`);
  const blocks = Math.ceil(count / perBlock);
  const first = r.words(blocks * (family === 'IPv4' ? 1 : 4), what);
  const blockEnd = r.words(blocks, what);
  const stream = r.bytes(r.u32(what), what);
  for (let b = 0; b < blocks; b++) {
    if (blockEnd[b] <= (b > 0 ? blockEnd[b - 1] : 0)) throw new Error(`${family} block ${b} is empty or out of order`);
    if (b > 0 && (family === 'IPv4' ? first[b] <= first[b - 1] : compareWords(first, b * 4, first, (b - 1) * 4) <= 0)) {
      throw new Error(`${family} blocks out of order`);
    }
  }
  if ((blocks > 0 ? blockEnd[blocks - 1] : 0) !== stream.length) throw new Error(`${family} blocks do not fill their stream`);
  return { count, perBlock, first, blockEnd, stream };
}

/** An opened table: lookups decode one block each; names are decoded when first asked for. */
export class AsnTable {
  private readonly orgNames: (string | undefined)[];
  private readonly s4: BlockScratch;
  private readonly s6: BlockScratch;
  private readonly r4: VarintReader;
  private readonly r6: VarintReader;

  /** @internal use openAsnTable */
  constructor(
    readonly meta: AsnTableMeta,
    private readonly file: string,
    private readonly asns: Uint32Array,
    private readonly orgRefs: Uint32Array,
    private readonly orgEnd: Uint32Array,
    private readonly blob: Uint8Array,
    private readonly v4: RangeSection,
    private readonly v6: RangeSection,
  ) {
    this.orgNames = new Array<string | undefined>(orgEnd.length);
    this.s4 = new BlockScratch(v4.perBlock, 1);
    this.s6 = new BlockScratch(v6.perBlock, 4);
    this.r4 = new VarintReader(v4.stream);
    this.r6 = new VarintReader(v6.stream);
  }

  /** Number of (ASN, organisation) entries. */
  get entryCount(): number {
    return this.asns.length;
  }

  get v4Count(): number {
    return this.v4.count;
  }

  get v6Count(): number {
    return this.v6.count;
  }

  /** The ASN of an entry. */
  asn(entry: number): number {
    return this.asns[entry];
  }

  /** The organisation of an entry ('' when the source had none). LeakspecError(GEO_DB) when its reference is damaged. */
  org(entry: number): string {
    const ref = this.orgRefs[entry];
    if (ref === 0) return '';
    if (ref > this.orgEnd.length) throw this.fail(new Error(`value ${ref} out of range`));
    const i = ref - 1;
    let name = this.orgNames[i];
    if (name === undefined) {
      const from = i > 0 ? this.orgEnd[i - 1] : 0;
      const to = this.orgEnd[i];
      if (from > to || to > this.blob.length) throw this.fail(new Error('organisation names out of order'));
      name = Buffer.from(this.blob.buffer, this.blob.byteOffset + from, to - from).toString('utf8');
      this.orgNames[i] = name;
    }
    return name;
  }

  private frame(s: RangeSection, b: number): BlockFrame {
    return {
      from: b > 0 ? s.blockEnd[b - 1] : 0,
      to: s.blockEnd[b],
      count: Math.min(s.perBlock, s.count - b * s.perBlock),
      nEntries: this.asns.length,
    };
  }

  private fail(e: unknown): LeakspecError {
    return new LeakspecError(ErrorCodes.GEO_DB, `ASN table ${this.file} cannot be read: ${(e as Error).message}`, { file: this.file, cause: e });
  }

  private decode4(b: number): BlockScratch {
    try {
      decodeV4Block(this.r4, this.frame(this.v4, b), this.v4.first[b], b + 1 < this.v4.first.length ? this.v4.first[b + 1] : -1, this.s4);
    } catch (e) {
      throw this.fail(e);
    }
    return this.s4;
  }

  private decode6(b: number): BlockScratch {
    try {
      decodeV6Block(this.r6, this.frame(this.v6, b), this.v6.first, b, this.s6);
    } catch (e) {
      throw this.fail(e);
    }
    return this.s6;
  }

  /** The entry of the IPv4 range holding `v`, or -1. LeakspecError(GEO_DB) when the block is damaged. */
  findV4(v: number): number {
    const first = this.v4.first;
    let lo = 0;
    let hi = first.length - 1;
    let b = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (first[mid] <= v) {
        b = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (b < 0) return -1;
    const s = this.decode4(b);
    let i = s.count - 1;
    while (s.start[i] > v) i--; /* the first start is <= v */
    return s.end[i] >= v ? s.entry[i] : -1;
  }

  /** The entry of the IPv6 range holding `w` (4 words, most significant first), or -1. */
  findV6(w: Uint32Array): number {
    const first = this.v6.first;
    let lo = 0;
    let hi = first.length / 4 - 1;
    let b = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compareWords(first, mid * 4, w, 0) <= 0) {
        b = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (b < 0) return -1;
    const s = this.decode6(b);
    let i = s.count - 1;
    while (compareWords(s.start, i * 4, w, 0) > 0) i--;
    return compareWords(s.end, i * 4, w, 0) >= 0 ? s.entry[i] : -1;
  }

  /** Every IPv4 range, decoded (checks every block; for the builder and tests). */
  v4Ranges(): V4Range[] {
    const out: V4Range[] = [];
    for (let b = 0; b < this.v4.first.length; b++) {
      const s = this.decode4(b);
      for (let i = 0; i < s.count; i++) out.push({ start: s.start[i], end: s.end[i], entry: s.entry[i] });
    }
    return out;
  }

  /** Every IPv6 range, decoded (checks every block; for the builder and tests). */
  v6Ranges(): V6Range[] {
    const out: V6Range[] = [];
    for (let b = 0; b < this.v6.first.length / 4; b++) {
      const s = this.decode6(b);
      for (let i = 0; i < s.count; i++) out.push({ start: [...s.start.subarray(i * 4, i * 4 + 4)], end: [...s.end.subarray(i * 4, i * 4 + 4)], entry: s.entry[i] });
    }
    return out;
  }
}

/**
 * Opens an encoded table without decoding its ranges; throws
 * LeakspecError(GEO_DB) naming `file` when it is malformed.
 */
export function openAsnTable(buf: Uint8Array, file: string): AsnTable {
  try {
    if (buf.length < 16 || Buffer.from(buf.buffer, buf.byteOffset, 8).toString('latin1') !== MAGIC) throw new Error('not an ASN table (bad magic)');
    const r = new SectionReader(buf);
    r.pos = 8;
    const crc = r.u32('the header');
    if (crc32(buf.subarray(12)) !== crc) throw new Error('checksum mismatch (damaged or truncated file)');
    const meta = parseMeta(r.bytes(r.u32('the header'), 'the header'));
    const nOrgs = r.u32('the organisations');
    const orgEnd = r.words(nOrgs, 'the organisations');
    const blob = r.bytes(r.u32('the organisations'), 'the organisations');
    if ((nOrgs > 0 ? orgEnd[nOrgs - 1] : 0) !== blob.length) throw new Error('organisation names do not fill their blob');
    const nEntries = r.u32('the entries');
    const asns = r.words(nEntries, 'the entries');
    const orgRefs = r.words(nEntries, 'the entries');
    const v4 = readRanges(r, 'IPv4');
    const v6 = readRanges(r, 'IPv6');
    if (r.pos !== buf.length) throw new Error('trailing bytes after the table');
    return new AsnTable(meta, file, asns, orgRefs, orgEnd, blob, v4, v6);
  } catch (e) {
    throw new LeakspecError(ErrorCodes.GEO_DB, `ASN table ${file} cannot be read: ${(e as Error).message}`, { file, cause: e });
  }
}
