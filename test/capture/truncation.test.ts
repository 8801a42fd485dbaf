import assert from 'node:assert/strict';
import { openCapture } from '../../src/capture/open.js';
import { CaptureError, ErrorCodes, LeakspecError } from '../../src/errors.js';
import { bytes, epb, idb, pcapFile, readAll, shb, spb, writeTemp, type KeptFrame } from './build.js';

/** Three packets, with the file offsets where each packet's record ends. */
interface Sample {
  name: string;
  file: Buffer;
  /** Offsets at which a cut leaves a well-formed file, with the packets before them. */
  boundaries: Map<number, number>;
  ext: string;
}

function pcapSample(): Sample {
  const lens = [30, 1, 57];
  const file = pcapFile({ le: false, records: lens.map((n, i) => ({ sec: 10 + i, frac: i, data: bytes(n, i) })) });
  const boundaries = new Map<number, number>([[24, 0]]);
  let o = 24;
  lens.forEach((n, i) => boundaries.set((o += 16 + n), i + 1));
  return { name: 'pcap', file, boundaries, ext: 'pcap' };
}

function pcapngSample(): Sample {
  const blocks = [shb(true), idb(true, 1, 0, { tsresol: 9 }), epb(true, 0, 5n, bytes(30)), spb(true, bytes(1)), epb(true, 0, 9n, bytes(57))];
  const boundaries = new Map<number, number>();
  let o = 0;
  let packets = 0;
  blocks.forEach((b, i) => boundaries.set((o += b.length), i >= 2 ? ++packets : 0));
  return { name: 'pcapng', file: Buffer.concat(blocks), boundaries, ext: 'pcapng' };
}

function frameKey(f: KeptFrame): string {
  return JSON.stringify({ ...f, data: f.data.toString('hex') });
}

describe('capture: a file cut at every byte offset', () => {
  for (const make of [pcapSample, pcapngSample]) {
    const sample = make();
    const full = readAll(writeTemp(sample.file)).frames.map(frameKey);

    it(`${sample.name}: the whole file gives 3 frames`, () => {
      assert.equal(full.length, 3);
    });

    for (const bufferSize of [undefined, 16]) {
      it(`${sample.name}: complete frames first, then LS_CAPTURE_TRUNCATED (bufferSize ${bufferSize ?? 'default'})`, () => {
        for (let cut = 1; cut < sample.file.length; cut++) {
          const path = writeTemp(sample.file.subarray(0, cut), `cut-${cut}.${sample.ext}`);
          const r = readAll(path, bufferSize ? { bufferSize } : {});
          const packets = [...sample.boundaries].filter(([end]) => end <= cut).reduce((n, [, p]) => Math.max(n, p), 0);
          assert.deepEqual(r.frames.map(frameKey), full.slice(0, packets), `frames before cut ${cut}`);
          if (sample.boundaries.has(cut)) {
            assert.equal(r.error, null, `cut ${cut} is at a record boundary`);
            assert.equal(r.summary?.packets, packets);
            continue;
          }
          assert.ok(r.error instanceof CaptureError, `cut ${cut}: ${String(r.error)}`);
          assert.equal(r.error.code, ErrorCodes.CAPTURE_TRUNCATED, `cut ${cut}: ${r.error.message}`);
          assert.ok(r.error.message.startsWith(`${path}: `));
          assert.match(r.error.message, new RegExp(`ends at byte ${cut} `));
          assert.match(r.error.message, new RegExp(`at byte offset ${r.error.offset}`));
          assert.ok(r.error.offset !== undefined && r.error.offset < cut);
          if (packets > 0) {
            assert.ok(r.error.message.includes(`editcap -r ${path} repaired.${sample.ext} 1-${packets}\``), r.error.message);
            assert.match(r.error.message, new RegExp(`${packets} complete packets? (was|were) read`));
          } else {
            assert.match(r.error.message, /nothing to keep/);
          }
        }
      });
    }
  }

  it('keeps throwing the same error on later next() calls, and still gives a summary', () => {
    const sample = pcapSample();
    const path = writeTemp(sample.file.subarray(0, sample.file.length - 3));
    const src = openCapture(path);
    assert.ok(src.next());
    assert.ok(src.next());
    let first: unknown;
    assert.throws(
      () => src.next(),
      (e) => ((first = e), e instanceof LeakspecError),
    );
    assert.throws(
      () => src.next(),
      (e) => e === first,
    );
    const s = src.summary();
    assert.equal(s.packets, 2);
    assert.equal(s.bytes, sample.file.length - 3);
    src.close();
  });
});
