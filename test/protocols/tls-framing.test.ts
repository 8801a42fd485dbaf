import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_RECORD_BODY, RecordWalker } from '../../src/protocols/tls-framing.js';

/** The walker as first written, byte by byte: the reference the in-place header reading must match. */
class ByteWalker {
  private skip = 0;
  private readonly header = new Uint8Array(5);
  private have = 0;
  broken = false;

  push(data: Uint8Array, from = 0): boolean {
    let i = from;
    while (!this.broken && i < data.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, data.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.header[this.have++] = data[i++];
      if (this.have < 5) continue;
      this.have = 0;
      const h = this.header;
      const len = (h[3] << 8) | h[4];
      if (h[0] < 20 || h[0] > 24 || h[1] !== 3 || len > MAX_RECORD_BODY) this.broken = true;
      else this.skip = len;
    }
    return !this.broken;
  }
}

/** A stream of records, some possibly impossible, as bytes. */
const stream = fc
  .array(
    fc.record({
      type: fc.oneof(fc.constantFrom(20, 21, 22, 23, 24), fc.integer({ min: 0, max: 255 })),
      major: fc.oneof(fc.constant(3), fc.integer({ min: 0, max: 255 })),
      len: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constantFrom(MAX_RECORD_BODY, MAX_RECORD_BODY + 1, 0xffff)),
      bad: fc.boolean(),
    }),
    { maxLength: 12 },
  )
  .map((records) => {
    const parts: number[] = [];
    for (const r of records) {
      const ok = !r.bad;
      const type = ok ? [20, 21, 22, 23, 24][r.type % 5] : r.type;
      const major = ok ? 3 : r.major;
      const len = ok ? Math.min(r.len, 400) : r.len;
      parts.push(type, major, 3, len >> 8, len & 0xff);
      for (let i = 0; i < Math.min(len, 400); i++) parts.push((i * 7) & 0xff);
    }
    return Uint8Array.from(parts);
  });

describe('protocols/tls-framing: record walker', () => {
  it('gives the same verdicts as a byte-by-byte walk, however the stream is cut', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 20 }), fc.nat(8), (bytes, cuts, from) => {
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const bounds = [0, ...points, bytes.length];
        const fast = new RecordWalker();
        const slow = new ByteWalker();
        for (let k = 0; k + 1 < bounds.length; k++) {
          const chunk = bytes.subarray(bounds[k], bounds[k + 1]);
          const f = k % 2 === 0 ? Math.min(from, chunk.length) : 0;
          assert.equal(fast.push(chunk, f), slow.push(chunk, f), `chunk ${k}`);
        }
        assert.equal(fast.broken, slow.broken);
      }),
      { numRuns: 500 },
    );
  });

  it('skips a body split over many chunks and checks the header after it', () => {
    const w = new RecordWalker();
    const body = new Uint8Array(1000);
    assert.equal(w.push(Uint8Array.of(23, 3, 3, 0x03, 0xe8)), true);
    for (let i = 0; i < 1000; i += 100) assert.equal(w.push(body.subarray(i, i + 100)), true);
    assert.equal(w.push(Uint8Array.of(23, 3)), true);
    assert.equal(w.push(Uint8Array.of(3, 0, 0, 0x47, 0x45, 0x54, 0x20, 0x2f)), false, 'then "GET /": not TLS');
    assert.equal(w.broken, true);
    assert.equal(w.push(Uint8Array.of(23, 3, 3, 0, 0)), false, 'stays broken');
  });
});
