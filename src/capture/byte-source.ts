/**
 * A forward-only window over a file: synchronous reads into one reusable
 * buffer, with a SHA-256 updated over every byte as it is read.
 *
 * Readers call `ensure(n)` before looking at `n` bytes from `pos`, read them
 * through `buf` / `view`, then `skip(n)`. `ensure` may move the bytes inside
 * the buffer (or replace the buffer), so `buf`, `view` and `pos` must be read
 * again after each call. Views handed out stay valid until the next `ensure`.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, readSync } from 'node:fs';
import { CaptureError, ErrorCodes } from '../errors.js';

/** Default size of the read buffer: 1 MiB. */
export const DEFAULT_BUFFER_SIZE = 1 << 20;

export class ByteSource {
  /** Current buffer; bytes `[pos, end)` are file bytes `[offset, offset + end - pos)`. */
  buf: Uint8Array;
  /** DataView over `buf` (same memory). */
  view: DataView;
  /** Index in `buf` of the next unconsumed byte. */
  pos = 0;
  private end = 0;
  /** File offset of `buf[0]`. */
  private base = 0;
  private eof = false;
  private closed = false;
  private hashed = 0;
  private readonly hash: Hash = createHash('sha256');

  /**
   * @param fd open file descriptor, owned (closed by `close()`)
   * @param file path, for messages
   * @param size file size at open time
   * @param bufferSize initial buffer size; grows only when `ensure` asks for more
   */
  constructor(
    private readonly fd: number,
    readonly file: string,
    readonly size: number,
    bufferSize: number = DEFAULT_BUFFER_SIZE,
  ) {
    this.buf = new Uint8Array(Math.max(16, Math.floor(bufferSize)));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Bytes from `pos` already in the buffer (no read needed to look at them). */
  get available(): number {
    return this.end - this.pos;
  }

  /** File offset of the next unconsumed byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  /**
   * Makes `n` bytes from `pos` available when the file has them. Returns how
   * many are available: `n`, or fewer only when the file ends first.
   */
  ensure(n: number): number {
    const have = this.end - this.pos;
    if (have >= n) return n;
    if (this.eof) return have;
    return this.fill(n);
  }

  /** Consumes `n` bytes (which `ensure` made available). */
  skip(n: number): void {
    this.pos += n;
  }

  private fill(n: number): number {
    if (this.pos > 0) {
      // Keep the unconsumed tail; drop what was consumed.
      this.buf.copyWithin(0, this.pos, this.end);
      this.base += this.pos;
      this.end -= this.pos;
      this.pos = 0;
    }
    if (n > this.buf.length) this.grow(n);
    while (this.end < n && !this.eof) {
      const got = this.readInto(this.end, this.buf.length - this.end);
      if (got === 0) this.eof = true;
      this.end += got;
    }
    return Math.min(n, this.end);
  }

  private grow(n: number): void {
    const next = new Uint8Array(n);
    next.set(this.buf.subarray(0, this.end));
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  private readInto(at: number, length: number): number {
    let got: number;
    try {
      got = readSync(this.fd, this.buf, at, length, this.base + at);
    } catch (cause) {
      throw new CaptureError(
        ErrorCodes.CAPTURE_MISSING,
        `${this.file}: cannot be read at byte offset ${this.base + at}: ${(cause as Error).message}`,
        { file: this.file, offset: this.base + at, cause },
      );
    }
    if (got > 0) {
      this.hash.update(this.buf.subarray(at, at + got));
      this.hashed += got;
    }
    return got;
  }

  /**
   * Reads whatever is left of the file into the hash (without parsing it) and
   * returns the SHA-256 of the whole file as hex, and the number of bytes.
   * The source is unusable for parsing afterwards.
   */
  finish(): { sha256: string; bytes: number } {
    while (!this.eof) {
      this.pos = 0;
      this.end = 0;
      this.base = this.hashed;
      if (this.readInto(0, this.buf.length) === 0) this.eof = true;
    }
    this.pos = this.end = 0;
    this.base = this.hashed;
    return { sha256: this.hash.copy().digest('hex'), bytes: this.hashed };
  }

  /** Closes the file descriptor (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
