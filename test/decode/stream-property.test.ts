import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type StreamEmitter, TcpDirection } from '../../src/decode/tcp-stream.js';
import { TcpFlags } from '../../src/decode/tcp-udp.js';
import type { Dir } from '../../src/decode/types.js';

class Collect implements StreamEmitter {
  chunks: Uint8Array[] = [];
  gaps: number[] = [];
  weirds: string[] = [];
  streamData(_dir: Dir, data: Uint8Array): void {
    this.chunks.push(data.slice());
  }
  streamGap(_dir: Dir, length: number): void {
    this.gaps.push(length);
  }
  streamWeird(name: string): void {
    this.weirds.push(name);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks.flatMap((c) => [...c]));
  }
}

/** A stream, cut points, segment order, duplicates and overlap extensions. */
const scenario = fc
  .record({
    data: fc.uint8Array({ minLength: 1, maxLength: 3000 }),
    isn: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0xffffff00, max: 0xffffffff })),
    cuts: fc.array(fc.nat(), { maxLength: 40 }),
    extend: fc.array(fc.tuple(fc.nat(50), fc.nat(50)), { maxLength: 40 }),
    dups: fc.array(fc.nat(), { maxLength: 20 }),
    seed: fc.nat(),
  })
  .map(({ data, isn, cuts, extend, dups, seed }) => {
    const points = [...new Set(cuts.map((c) => c % data.length))].filter((c) => c > 0).sort((a, b) => a - b);
    const bounds = [0, ...points, data.length];
    const segs: [number, number][] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [back, fwd] = extend[i] ?? [0, 0];
      segs.push([Math.max(0, bounds[i] - back), Math.min(data.length, bounds[i + 1] + fwd)]);
    }
    for (const d of dups) segs.push(segs[d % segs.length]);
    // Deterministic shuffle from the seed.
    let s = seed || 1;
    for (let i = segs.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = s % (i + 1);
      [segs[i], segs[j]] = [segs[j], segs[i]];
    }
    return { data, isn, segs };
  });

describe('decode/tcp-stream: reassembly property', () => {
  it('any permutation of overlapping, duplicated segments delivers exactly the original bytes, without gaps', () => {
    fc.assert(
      fc.property(scenario, ({ data, isn, segs }) => {
        const d = new TcpDirection(0, 1 << 30);
        const em = new Collect();
        d.segment(isn, TcpFlags.SYN, new Uint8Array(0), 0, em);
        for (const [a, b] of segs) d.segment((isn + 1 + a) >>> 0, TcpFlags.ACK, data.subarray(a, b), 0, em);
        d.flush(em);
        assert.deepEqual(em.gaps, []);
        assert.deepEqual(em.weirds, []);
        assert.deepEqual(em.bytes(), data);
        assert.equal(d.buffered, 0);
      }),
      { numRuns: 300 },
    );
  });

  it('with a segment missing, the gap has its length and every other byte is delivered in place', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ data, isn, segs }, pick) => {
        // Only disjoint segments here, so exactly one range goes missing.
        const cutSet = [...new Set(segs.map(([a]) => a))].sort((x, y) => x - y);
        const bounds = [...cutSet.filter((c) => c > 0), data.length];
        const disjoint: [number, number][] = [];
        let prev = 0;
        for (const b of bounds) {
          if (b > prev) disjoint.push([prev, b]);
          prev = b;
        }
        const missing = pick % disjoint.length;
        const d = new TcpDirection(0, 1 << 30);
        const em = new Collect();
        d.segment(isn, TcpFlags.SYN, new Uint8Array(0), 0, em);
        const order = disjoint.map((s, i) => ({ s, i })).reverse();
        for (const { s: [a, b], i } of order) {
          if (i !== missing) d.segment((isn + 1 + a) >>> 0, TcpFlags.ACK, data.subarray(a, b), 0, em);
        }
        d.flush(em);
        const [ma, mb] = disjoint[missing];
        const isLast = missing === disjoint.length - 1;
        assert.deepEqual(em.gaps, isLast ? [] : [mb - ma], 'a trailing hole without FIN or ACK is unknown');
        const expected = new Uint8Array([...data.subarray(0, ma), ...data.subarray(mb)]);
        assert.deepEqual(em.bytes(), expected);
      }),
      { numRuns: 200 },
    );
  });
});
