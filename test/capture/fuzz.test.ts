/**
 * Mutated and random captures never crash the readers with anything but a
 * LeakspecError, never hang, and never yield more frames than the bytes allow.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { openCapture } from '../../src/capture/open.js';
import { LeakspecError } from '../../src/errors.js';
import { bytes, epb, idb, pb, pcapFile, shb, spb, writeTemp } from './build.js';

const seeds: Buffer[] = [
  pcapFile({ le: true, records: [1, 40, 7].map((n, i) => ({ sec: i, frac: i, data: bytes(n) })) }),
  pcapFile({ le: false, nano: true, records: [3, 9].map((n, i) => ({ sec: i, frac: i, data: bytes(n) })) }),
  Buffer.concat([shb(true), idb(true, 1, 8, { tsresol: 0x94, tsoffset: -5n }), epb(true, 0, 7n, bytes(13)), spb(true, bytes(20)), pb(true, 0, 1n, bytes(3))]),
  Buffer.concat([shb(false), idb(false, 101, 0), epb(false, 0, 1n, bytes(5)), shb(true), idb(true, 1, 0), epb(true, 0, 2n, bytes(9))]),
];

/** Reads a file to its end; returns the frame count, or throws what the reader threw. */
function drain(path: string, size: number, bufferSize: number): number {
  const src = openCapture(path, { bufferSize });
  let n = 0;
  try {
    while (src.next() !== null) {
      n++;
      assert.ok(n <= size / 12 + 1, 'more frames than the file can hold');
    }
    return n;
  } finally {
    src.close();
  }
}

function tolerated(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof LeakspecError)) throw e;
  }
}

describe('capture: fuzzed input', () => {
  it('mutated pcap/pcapng bytes give frames or a LeakspecError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom(16, 64, 4096),
        (which, edits, cut, bufferSize) => {
          const file = Buffer.from(seeds[which]);
          for (const [at, value] of edits) file[at % file.length] = value;
          const content = file.subarray(0, 1 + (cut % file.length));
          tolerated(() => drain(writeTemp(content, 'fuzz.bin'), content.length, bufferSize));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random bytes after a magic number give frames or a LeakspecError', () => {
    const magics = [[0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0x3c, 0x4d], [0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a]];
    fc.assert(
      fc.property(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 300 }), (magic, rest) => {
        const content = Buffer.concat([Buffer.from(magic), rest]);
        tolerated(() => drain(writeTemp(content, 'random.bin'), content.length, 64));
      }),
      { numRuns: 400 },
    );
  });
});
