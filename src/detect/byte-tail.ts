/**
 * The last bytes of a stream, kept in a fixed buffer: streaming scanners
 * read a few bytes before a chunk's start through it, and decode it as
 * text only when a candidate needs the context.
 */

/** A fixed-capacity copy of the last bytes pushed. */
export class ByteTail {
  private readonly buf: Uint8Array;
  /** Bytes held (at most the capacity). */
  length = 0;

  constructor(readonly capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  /** The byte `k` places before the end (k >= 1), or -1 when not held. */
  back(k: number): number {
    return k <= this.length ? this.buf[this.length - k] : -1;
  }

  /** Appends a chunk, dropping the oldest bytes beyond the capacity. */
  push(data: Uint8Array): void {
    const cap = this.capacity;
    const n = data.length;
    if (n >= cap) {
      this.buf.set(data.subarray(n - cap));
      this.length = cap;
      return;
    }
    const keep = Math.min(this.length, cap - n);
    if (keep < this.length) this.buf.copyWithin(0, this.length - keep, this.length);
    this.buf.set(data, keep);
    this.length = keep + n;
  }

  /** The held bytes as latin1 text (one char per byte). */
  text(): string {
    return latin1(this.buf.subarray(0, this.length));
  }

  /** Forgets everything. */
  clear(): void {
    this.length = 0;
  }
}

/** Bytes as latin1 text (one char per byte), without copying them. */
export function latin1(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
}
