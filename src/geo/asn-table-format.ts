/**
 * The compiled ASN table (`data/asn-table.bin.gz`, gzip of the layout below).
 *
 * All integers are unsigned LEB128 varints; columns are stored one after
 * another (each column compresses well on its own).
 *
 *   "LSASNTB1"                     magic, 8 bytes
 *   len, JSON                      header: name, version, build_date, license, source
 *   nOrgs, nOrgs x (len, utf8)     organisation names
 *   nEntries, asn[], org+1[]       (ASN, organisation) pairs, most used first; org 0 = none
 *   n4, gap[], size[], entry[]     IPv4 ranges, sorted: start = previous end + 1 + gap,
 *                                  end = start + size
 *   n6, s0delta[], s1[], s2[], s3[], x0[], x1[], x2[], x3[], entry[]
 *                                  IPv6 ranges, sorted, as four 32-bit words: start
 *                                  word 0 is a delta from the previous start's word 0,
 *                                  end word i = start word i XOR x_i
 */
import { LeakspecError, ErrorCodes } from '../errors.js';

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

/** The decoded table: sorted, non-overlapping ranges in typed arrays. */
export interface AsnTable {
  meta: AsnTableMeta;
  asns: Uint32Array;
  /** Organisation per entry ('' when the source had none). */
  orgs: string[];
  v4Start: Uint32Array;
  v4End: Uint32Array;
  v4Entry: Uint32Array;
  /** Four words per range, most significant first. */
  v6Start: Uint32Array;
  v6End: Uint32Array;
  v6Entry: Uint32Array;
}

const MAGIC = 'LSASNTB1';

class VarintWriter {
  private buf = Buffer.alloc(1 << 20);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  uint(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`varint out of range: ${v}`);
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  bytes(b: Uint8Array): void {
    this.uint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

function words(v: bigint): number[] {
  const out: number[] = [];
  for (let i = 3; i >= 0; i--) out.push(Number((v >> BigInt(i * 32)) & 0xffffffffn));
  return out;
}

/** Encodes a table (uncompressed). Entries are renumbered most-used first. */
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

  const w = new VarintWriter();
  w.raw(Buffer.from(MAGIC, 'latin1'));
  w.bytes(Buffer.from(JSON.stringify(input.meta), 'utf8'));
  w.uint(orgList.length);
  for (const o of orgList) w.bytes(Buffer.from(o, 'utf8'));
  w.uint(order.length);
  for (const old of order) w.uint(input.entries[old].asn);
  for (const old of order) {
    const org = input.entries[old].org;
    w.uint(org === '' ? 0 : (orgIndex.get(org) as number) + 1);
  }

  w.uint(input.v4.length);
  let prevEnd = -1;
  for (const r of input.v4) {
    w.uint(r.start - prevEnd - 1);
    prevEnd = r.end;
  }
  for (const r of input.v4) w.uint(r.end - r.start);
  for (const r of input.v4) w.uint(renum[r.entry]);

  w.uint(input.v6.length);
  const starts = input.v6.map((r) => words(r.start));
  const ends = input.v6.map((r) => words(r.end));
  let prev0 = 0;
  for (const s of starts) {
    w.uint(s[0] - prev0);
    prev0 = s[0];
  }
  for (let k = 1; k < 4; k++) for (const s of starts) w.uint(s[k]);
  for (let k = 0; k < 4; k++) for (let i = 0; i < ends.length; i++) w.uint((ends[i][k] ^ starts[i][k]) >>> 0);
  for (const r of input.v6) w.uint(renum[r.entry]);
  return w.result();
}

class VarintReader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  uint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.buf.length) throw new Error('table ends inside a number');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) {
        if (result > 0xffffffff) throw new Error('number out of range');
        return result;
      }
      mul *= 0x80;
    }
    throw new Error('number too long');
  }

  bytes(): Uint8Array {
    const n = this.uint();
    if (this.pos + n > this.buf.length) throw new Error('table ends inside a string');
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  column(n: number, max = 0xffffffff): Uint32Array {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const v = this.uint();
      if (v > max) throw new Error(`value ${v} out of range`);
      out[i] = v;
    }
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

function decodeV4(r: VarintReader, nEntries: number): Pick<AsnTable, 'v4Start' | 'v4End' | 'v4Entry'> {
  const n = r.uint();
  const gaps = r.column(n);
  const sizes = r.column(n);
  const v4Start = new Uint32Array(n);
  const v4End = new Uint32Array(n);
  let next = 0; /* the previous end + 1 */
  for (let i = 0; i < n; i++) {
    const s = next + gaps[i];
    const e = s + sizes[i];
    if (e > 0xffffffff) throw new Error('IPv4 range beyond the address space');
    v4Start[i] = s;
    v4End[i] = e;
    next = e + 1;
  }
  return { v4Start, v4End, v4Entry: r.column(n, nEntries - 1) };
}

function decodeV6(r: VarintReader, nEntries: number): Pick<AsnTable, 'v6Start' | 'v6End' | 'v6Entry'> {
  const n = r.uint();
  const v6Start = new Uint32Array(n * 4);
  const v6End = new Uint32Array(n * 4);
  let prev0 = 0;
  for (let i = 0; i < n; i++) {
    prev0 += r.uint();
    if (prev0 > 0xffffffff) throw new Error('IPv6 range beyond the address space');
    v6Start[i * 4] = prev0;
  }
  for (let k = 1; k < 4; k++) for (let i = 0; i < n; i++) v6Start[i * 4 + k] = r.uint();
  for (let k = 0; k < 4; k++) for (let i = 0; i < n; i++) v6End[i * 4 + k] = v6Start[i * 4 + k] ^ r.uint();
  return { v6Start, v6End, v6Entry: r.column(n, nEntries - 1) };
}

/** Decodes an uncompressed table; throws LeakspecError(GEO_DB) naming `file` when it is malformed. */
export function decodeAsnTable(buf: Uint8Array, file: string): AsnTable {
  try {
    if (Buffer.from(buf.subarray(0, 8)).toString('latin1') !== MAGIC) throw new Error('not an ASN table (bad magic)');
    const r = new VarintReader(buf);
    r.pos = 8;
    const meta = parseMeta(r.bytes());
    const nOrgs = r.uint();
    const orgList: string[] = [];
    for (let i = 0; i < nOrgs; i++) orgList.push(Buffer.from(r.bytes()).toString('utf8'));
    const nEntries = r.uint();
    const asns = r.column(nEntries);
    const orgRefs = r.column(nEntries, nOrgs);
    const orgs = Array.from(orgRefs, (o) => (o === 0 ? '' : orgList[o - 1]));
    const table: AsnTable = { meta, asns, orgs, ...decodeV4(r, nEntries), ...decodeV6(r, nEntries) };
    if (r.pos !== buf.length) throw new Error('trailing bytes after the table');
    return table;
  } catch (e) {
    throw new LeakspecError(ErrorCodes.GEO_DB, `ASN table ${file} cannot be read: ${(e as Error).message}`, { file, cause: e });
  }
}
