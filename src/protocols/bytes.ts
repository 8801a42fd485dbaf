/** Small byte helpers shared by the analyzers: bounded stream buffers and safe text. */

const NO_BYTES = new Uint8Array(0);

/**
 * A growable byte queue for one direction of a stream. Appends copy (the
 * caller's view is only valid during its call); `consume` drops bytes from the
 * front without copying until the buffer is compacted on the next append.
 * Memory is taken at the first append (many analyzers never need it).
 */
export class StreamBuffer {
  private buf: Uint8Array = NO_BYTES;
  private start = 0;
  private end = 0;

  /** @param initial size of the buffer taken at the first append */
  constructor(private readonly initial = 256) {}

  /** Bytes held. */
  get length(): number {
    return this.end - this.start;
  }

  /** A view of the held bytes, valid until the next append. */
  view(): Uint8Array {
    return this.buf.subarray(this.start, this.end);
  }

  /** Copies `data` in after the held bytes. */
  append(data: Uint8Array): void {
    const len = this.end - this.start;
    if (this.end + data.length > this.buf.length) {
      if (len + data.length <= this.buf.length && this.start > 0) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        let size = Math.max(this.buf.length * 2, this.initial, 16);
        while (size < len + data.length) size *= 2;
        const next = new Uint8Array(size);
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      }
      this.start = 0;
      this.end = len;
    }
    this.buf.set(data, this.end);
    this.end += data.length;
  }

  /** Drops `n` bytes from the front. */
  consume(n: number): void {
    this.start += Math.min(n, this.end - this.start);
    if (this.start === this.end) this.start = this.end = 0;
  }

  /** Drops everything and releases a large backing store. */
  clear(): void {
    this.start = this.end = 0;
    if (this.buf.length > 4096) this.buf = NO_BYTES;
  }
}

/** Big-endian unsigned 16-bit read; the caller has checked `off + 2 <= length`. */
export function u16(b: Uint8Array, off: number): number {
  return (b[off] << 8) | b[off + 1];
}

/** Big-endian unsigned 24-bit read; the caller has checked the length. */
export function u24(b: Uint8Array, off: number): number {
  return (b[off] << 16) | (b[off + 1] << 8) | b[off + 2];
}

/** Big-endian unsigned 32-bit read; the caller has checked the length. */
export function u32(b: Uint8Array, off: number): number {
  return ((b[off] << 24) >>> 0) + ((b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]);
}

/**
 * Text of `b[start, end)` with printable ASCII kept and every other byte
 * written as `\xNN`, so hostile bytes stay visible and never break a report.
 */
export function safeAscii(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c >= 0x20 && c < 0x7f && c !== 0x5c) s += String.fromCharCode(c);
    else s += c === 0x5c ? '\\\\' : '\\x' + c.toString(16).padStart(2, '0');
  }
  return s;
}

/** Latin-1 text of `b[start, end)` (HTTP header bytes map one to one). */
export function latin1(b: Uint8Array, start: number, end: number): string {
  return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1');
}

/** Whether `b` holds the ASCII text `t` at `off` (case-sensitive). */
export function startsWithAscii(b: Uint8Array, off: number, t: string): boolean {
  if (off + t.length > b.length) return false;
  for (let i = 0; i < t.length; i++) if (b[off + i] !== t.charCodeAt(i)) return false;
  return true;
}

/** IPv4 address text of 4 bytes at `off`. */
export function ipv4Text(b: Uint8Array, off: number): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

/** IPv6 address text (RFC 5952: lower case, longest zero run compressed) of 16 bytes at `off`. */
export function ipv6Text(b: Uint8Array, off: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(u16(b, off + i * 2));
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (x: number[]): string => x.map((v) => v.toString(16)).join(':');
  if (bestAt < 0) return hex(g);
  return `${hex(g.slice(0, bestAt))}::${hex(g.slice(bestAt + bestLen))}`;
}
