/**
 * The range blocks of the ASN table (see asn-table-format.ts): runs of up to
 * `perBlock` sorted ranges, each block coded on its own with unsigned LEB128
 * varints so that a lookup decodes one block, never the whole table.
 *
 *   IPv4 range: gap, size, entry       start = previous end + 1 + gap (the
 *                                      block's first range: start = the
 *                                      block's first start + gap, gap 0);
 *                                      end = start + size
 *   IPv6 range: d0, s1, s2, s3, y0..y3, entry
 *                                      start word 0 = previous start word 0
 *                                      + d0 (the block's first: its first
 *                                      start's word 0 + d0, d0 0); words 1-3
 *                                      as they are; end word i = start word
 *                                      i XOR (y_i - 1 mod 2^32), so that the
 *                                      common all-ones low words take 1 byte
 *
 * Decoders check every length, order and bound and throw plain Errors; the
 * table turns them into LeakspecError(GEO_DB) naming the file.
 */

/** Appends unsigned LEB128 varints to a growing buffer. */
export class VarintWriter {
  private buf = Buffer.alloc(1 << 16);
  private pos = 0;

  get length(): number {
    return this.pos;
  }

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

  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** A cursor over varint bytes: reads below `end` only. */
export class VarintReader {
  pos = 0;
  end = 0;
  constructor(private readonly buf: Uint8Array) {}

  uint(): number {
    const buf = this.buf;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) throw new Error('a block ends inside a number');
      const b = buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) {
        if (result > 0xffffffff) throw new Error('number out of range');
        return result;
      }
      mul *= 0x80;
    }
    throw new Error('number too long');
  }
}

/** One IPv4 range as the builder gives it. */
export interface V4Range {
  start: number;
  end: number;
  entry: number;
}

/** One IPv6 range as four 32-bit words per bound, most significant first. */
export interface V6Range {
  start: readonly number[];
  end: readonly number[];
  entry: number;
}

/** Codes IPv4 blocks: the first start of each block and each block's end offset in `w`. */
export function encodeV4Blocks(ranges: readonly V4Range[], perBlock: number, w: VarintWriter): { first: number[]; blockEnd: number[] } {
  const first: number[] = [];
  const blockEnd: number[] = [];
  for (let b = 0; b < ranges.length; b += perBlock) {
    first.push(ranges[b].start);
    let next = ranges[b].start;
    for (const r of ranges.slice(b, b + perBlock)) {
      w.uint(r.start - next);
      w.uint(r.end - r.start);
      w.uint(r.entry);
      next = r.end + 1;
    }
    blockEnd.push(w.length);
  }
  return { first, blockEnd };
}

/** Codes IPv6 blocks: the first start (4 words) of each block and each block's end offset in `w`. */
export function encodeV6Blocks(ranges: readonly V6Range[], perBlock: number, w: VarintWriter): { first: number[]; blockEnd: number[] } {
  const first: number[] = [];
  const blockEnd: number[] = [];
  for (let b = 0; b < ranges.length; b += perBlock) {
    first.push(...ranges[b].start);
    let prev0 = ranges[b].start[0];
    for (const r of ranges.slice(b, b + perBlock)) {
      w.uint(r.start[0] - prev0);
      prev0 = r.start[0];
      for (let k = 1; k < 4; k++) w.uint(r.start[k]);
      for (let k = 0; k < 4; k++) w.uint((((r.end[k] ^ r.start[k]) >>> 0) + 1) % 0x100000000);
      w.uint(r.entry);
    }
    blockEnd.push(w.length);
  }
  return { first, blockEnd };
}

/** Decoded ranges of one block, in arrays reused from block to block. */
export class BlockScratch {
  count = 0;
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  readonly entry: Uint32Array;

  constructor(perBlock: number, words: 1 | 4) {
    this.start = new Uint32Array(perBlock * words);
    this.end = new Uint32Array(perBlock * words);
    this.entry = new Uint32Array(perBlock);
  }
}

/** Where one block is and what bounds its ranges. */
export interface BlockFrame {
  /** The block's bytes: [from, to). */
  from: number;
  to: number;
  /** Ranges in the block. */
  count: number;
  /** Entries in the table: every entry is below it. */
  nEntries: number;
}

/**
 * Decodes IPv4 block `frame` into `out`. `first` is the block's first start;
 * `nextFirst` the next block's (its last end must stay below), or -1.
 */
export function decodeV4Block(r: VarintReader, frame: BlockFrame, first: number, nextFirst: number, out: BlockScratch): void {
  r.pos = frame.from;
  r.end = frame.to;
  let next = first;
  for (let i = 0; i < frame.count; i++) {
    const s = next + r.uint();
    const e = s + r.uint();
    const entry = r.uint();
    if (e > 0xffffffff) throw new Error('IPv4 range beyond the address space');
    if (entry >= frame.nEntries) throw new Error(`entry ${entry} out of range`);
    if (i === 0 && s !== first) throw new Error('an IPv4 block does not start where its index says');
    out.start[i] = s;
    out.end[i] = e;
    out.entry[i] = entry;
    next = e + 1;
  }
  if (r.pos !== frame.to) throw new Error('an IPv4 block has bytes left over');
  if (nextFirst >= 0 && next > nextFirst) throw new Error('IPv4 ranges overlap the next block');
  out.count = frame.count;
}

/** -1, 0 or 1 as `a[ai..ai+4)` is below, equal to or above `b[bi..bi+4)` (4-word values). */
export function compareWords(a: Uint32Array, ai: number, b: Uint32Array, bi: number): number {
  for (let k = 0; k < 4; k++) {
    const x = a[ai + k];
    const y = b[bi + k];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Decodes IPv6 block `frame` into `out`. `firsts` holds every block's first
 * start (4 words each); `block` is this block's index in it.
 */
export function decodeV6Block(r: VarintReader, frame: BlockFrame, firsts: Uint32Array, block: number, out: BlockScratch): void {
  r.pos = frame.from;
  r.end = frame.to;
  const { start, end, entry } = out;
  let prev0 = firsts[block * 4];
  for (let i = 0; i < frame.count; i++) {
    const o = i * 4;
    prev0 += r.uint();
    if (prev0 > 0xffffffff) throw new Error('IPv6 range beyond the address space');
    start[o] = prev0;
    for (let k = 1; k < 4; k++) start[o + k] = r.uint();
    for (let k = 0; k < 4; k++) end[o + k] = start[o + k] ^ ((r.uint() + 0xffffffff) >>> 0);
    const en = r.uint();
    if (en >= frame.nEntries) throw new Error(`entry ${en} out of range`);
    entry[i] = en;
    if (compareWords(end, o, start, o) < 0) throw new Error('an IPv6 range ends before it starts');
    if (i === 0 ? compareWords(start, 0, firsts, block * 4) !== 0 : compareWords(start, o, end, o - 4) <= 0) {
      throw new Error(i === 0 ? 'an IPv6 block does not start where its index says' : 'IPv6 ranges out of order');
    }
  }
  if (r.pos !== frame.to) throw new Error('an IPv6 block has bytes left over');
  if ((block + 1) * 4 < firsts.length && compareWords(end, (frame.count - 1) * 4, firsts, (block + 1) * 4) >= 0) {
    throw new Error('IPv6 ranges overlap the next block');
  }
  out.count = frame.count;
}
