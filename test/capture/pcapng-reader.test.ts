import assert from 'node:assert/strict';
import { CaptureError, ErrorCodes } from '../../src/errors.js';
import { block, bytes, epb, idb, pb, readAll, shb, spb, writeTemp, type KeptFrame } from './build.js';

const NS_TS = 1700000000123456789n; // if_tsresol 9: nanoseconds
const POW2_TS = 1700000000n * (1n << 20n) + (1n << 19n); // if_tsresol 0x94: 2^-20 s units, .5 s

/** One section: 2 interfaces with different link types and resolutions, every block type. */
function richSection(le: boolean): Buffer {
  return Buffer.concat([
    shb(le),
    idb(le, 1, 0, { tsresol: 9, tsoffset: 100n }),
    idb(le, 0, 64, { tsresol: 0x94 }),
    block(le, 4, Buffer.from([0, 0, 0, 0])), // name resolution (end of records only)
    epb(le, 0, NS_TS, bytes(61), 1514),
    block(le, 5, Buffer.concat([Buffer.alloc(4), Buffer.alloc(8)])), // interface statistics
    epb(le, 1, POW2_TS, bytes(40, 9)),
    block(le, 0x00000bad, Buffer.concat([Buffer.from([0, 0, 0x7f, 0xfe]), bytes(10)])), // custom
    block(le, 0x40000bad, bytes(8)), // custom, not to be copied
    block(le, 0x0000000a, bytes(16)), // decryption secrets
    block(le, 0x00012345, bytes(5)), // unknown
    spb(le, bytes(33, 2), 33),
    pb(le, 1, 1000n << 20n, bytes(17, 4), 99),
  ]);
}

function checkRich(frames: KeptFrame[], first = 1): void {
  assert.equal(frames.length, 4);
  const [a, b, c, d] = frames;
  assert.deepEqual(
    frames.map((f) => f.index),
    // The two custom blocks take frame numbers, as in Wireshark.
    [first, first + 1, first + 4, first + 5],
  );
  assert.ok(Math.abs(a.ts - (1700000000.123456789 + 100)) < 1e-6, `ns + offset: ${a.ts}`);
  assert.equal(a.linkType, 1);
  assert.deepEqual(a.data, bytes(61));
  assert.equal(a.origLen, 1514);
  assert.equal(b.ts, 1700000000.5);
  assert.equal(b.linkType, 0);
  assert.deepEqual(b.data, bytes(40, 9));
  assert.equal(b.origLen, 40);
  assert.equal(c.ts, 0, 'a Simple Packet Block has no timestamp');
  assert.equal(c.linkType, 1, 'a Simple Packet Block belongs to interface 0');
  assert.deepEqual(c.data, bytes(33, 2));
  assert.equal(c.origLen, 33);
  assert.equal(d.ts, 1000);
  assert.equal(d.linkType, 0);
  assert.deepEqual(d.data, bytes(17, 4));
  assert.equal(d.origLen, 99);
}

function expectCorrupt(content: Buffer, offset: number, pattern: RegExp, frames = 0, opts = {}): void {
  const path = writeTemp(content, 'corrupt.pcapng');
  const r = readAll(path, opts);
  assert.equal(r.frames.length, frames);
  assert.ok(r.error instanceof CaptureError, `expected a CaptureError, got ${String(r.error)}`);
  assert.equal(r.error.code, ErrorCodes.CAPTURE_CORRUPT);
  assert.equal(r.error.offset, offset);
  assert.ok(r.error.message.startsWith(`${path}: `));
  assert.match(r.error.message, pattern);
}

describe('capture: pcapng reader', () => {
  for (const le of [true, false]) {
    it(`reads every block type of a ${le ? 'little' : 'big'}-endian section`, () => {
      const { frames, error, summary } = readAll(writeTemp(richSection(le)));
      assert.equal(error, null);
      checkRich(frames);
      assert.equal(summary?.format, 'pcapng');
      assert.equal(summary?.packets, 4);
      assert.equal(summary?.first_ts, frames[0].ts);
      assert.equal(summary?.last_ts, 1000);
    });
  }

  it('gives identical frames for both byte orders', () => {
    const le = readAll(writeTemp(richSection(true))).frames;
    const be = readAll(writeTemp(richSection(false))).frames;
    assert.deepEqual(le, be);
  });

  it('reads several sections of different byte order, interfaces reset per section', () => {
    const file = Buffer.concat([richSection(true), richSection(false), shb(true), idb(true, 101, 0), epb(true, 0, 5_000_000n, bytes(3))]);
    const { frames, error } = readAll(writeTemp(file));
    assert.equal(error, null);
    assert.equal(frames.length, 9);
    checkRich(frames.slice(0, 4), 1);
    checkRich(frames.slice(4, 8), 7);
    assert.deepEqual({ ...frames[8], data: [...frames[8].data] }, { index: 13, ts: 5, linkType: 101, data: [0, 1, 2], origLen: 3 });
  });

  it('cuts a Simple Packet Block to min(block room, snaplen, original length)', () => {
    for (const le of [true, false]) {
      const file = Buffer.concat([
        shb(le),
        idb(le, 101, 16),
        spb(le, bytes(40), 40), // snaplen wins: 16
        spb(le, bytes(8), 5), // original length wins: 5 (the rest is padding)
        spb(le, bytes(12), 100), // block room wins: 12
      ]);
      const { frames, error } = readAll(writeTemp(file));
      assert.equal(error, null);
      assert.deepEqual(
        frames.map((f) => [f.data.length, f.origLen, f.linkType]),
        [
          [16, 40, 101],
          [5, 5, 101],
          [12, 100, 101],
        ],
      );
      assert.deepEqual(frames[0].data, bytes(16));
    }
  });

  it('reads empty sections (SHB only, SHB + IDB) as 0 frames', () => {
    for (const file of [shb(true), Buffer.concat([shb(false), idb(false, 1, 0)]), Buffer.concat([shb(true), shb(false)])]) {
      const { frames, error, summary } = readAll(writeTemp(file));
      assert.equal(error, null);
      assert.equal(frames.length, 0);
      assert.equal(summary?.first_ts, null);
    }
  });

  it('accepts an Enhanced Packet Block whose caplen exceeds the snaplen', () => {
    const { frames, error } = readAll(writeTemp(Buffer.concat([shb(true), idb(true, 1, 10), epb(true, 0, 0n, bytes(50))])));
    assert.equal(error, null);
    assert.equal(frames[0].data.length, 50);
  });

  describe('corruption', () => {
    const head = Buffer.concat([shb(true), idb(true, 1, 0)]);
    const good = epb(true, 0, 1n, bytes(20));
    const at = head.length + good.length;

    it('a block length that is not a multiple of 4', () => {
      expectCorrupt(Buffer.concat([head, good, block(true, 4, bytes(12), { head: 22 })]), at, /impossible length of 22/, 1);
    });

    it('a block length below 12', () => {
      expectCorrupt(Buffer.concat([head, good, block(true, 4, bytes(12), { head: 8 })]), at, /impossible length of 8/, 1);
    });

    it('a trailer length that differs from the header', () => {
      expectCorrupt(Buffer.concat([head, good, block(true, 4, bytes(12), { tail: 28 })]), at, /different length \(28\)/, 1);
    });

    it('a block beyond the 16 MiB cap, and beyond maxRecordBytes', () => {
      expectCorrupt(Buffer.concat([head, good, block(true, 6, bytes(12), { head: 0x7ffffffc })]), at, /more than the 16777216-byte limit/, 1);
      expectCorrupt(Buffer.concat([head, good, epb(true, 0, 1n, bytes(200))]), at, /more than the 128-byte limit/, 1, {
        maxRecordBytes: 128,
      });
    });

    it('an Enhanced Packet Block whose caplen exceeds the block', () => {
      expectCorrupt(Buffer.concat([head, good, epb(true, 0, 1n, bytes(20), 20, 1000)]), at, /claims 1000 captured bytes/, 1);
    });

    it('a packet on an interface that does not exist', () => {
      expectCorrupt(Buffer.concat([head, good, epb(true, 1, 1n, bytes(20))]), at, /refers to interface 1, but the section declares 1/, 1);
      // Interfaces of an earlier section do not carry over.
      expectCorrupt(Buffer.concat([head, shb(false), spb(false, bytes(4))]), head.length + 28, /refers to interface 0/);
    });

    it('a Section Header Block with a bad byte-order magic', () => {
      const bad = block(true, 0x0a0d0d0a, Buffer.concat([Buffer.from([1, 2, 3, 4]), bytes(12)]));
      expectCorrupt(Buffer.concat([head, good, bad]), at, /invalid byte-order magic 0x1020304/, 1);
    });

    it('a known block shorter than its fixed part', () => {
      expectCorrupt(Buffer.concat([head, good, block(true, 1, bytes(4))]), at, /Interface Description Block of 16 bytes, shorter than its 20-byte minimum/, 1);
      expectCorrupt(Buffer.concat([head, good, block(true, 6, bytes(16))]), at, /Enhanced Packet Block of 28 bytes/, 1);
    });
  });
});
