import assert from 'node:assert/strict';
import { CaptureError, ErrorCodes } from '../../src/errors.js';
import { bytes, pcapFile, readAll, writeTemp } from './build.js';

const records = [
  { sec: 1700000000, frac: 1, data: bytes(60) },
  { sec: 1700000001, frac: 999999, data: bytes(1514, 7), origLen: 1514 },
  { sec: 4294967295, frac: 500000, data: bytes(20, 3), origLen: 1500 },
];

describe('capture: pcap reader', () => {
  for (const le of [true, false]) {
    const order = le ? 'little-endian' : 'big-endian';

    it(`reads every field of a ${order} microsecond file`, () => {
      const path = writeTemp(pcapFile({ le, linkType: 113, records }));
      const { frames, error, summary } = readAll(path);
      assert.equal(error, null);
      assert.equal(frames.length, 3);
      frames.forEach((f, i) => {
        assert.equal(f.index, i + 1);
        assert.equal(f.ts, records[i].sec + records[i].frac / 1e6);
        assert.equal(f.linkType, 113);
        assert.deepEqual(f.data, records[i].data);
        assert.equal(f.origLen, records[i].origLen ?? records[i].data.length);
      });
      assert.equal(summary?.format, 'pcap');
      assert.equal(summary?.packets, 3);
      assert.equal(summary?.first_ts, 1700000000.000001);
      assert.equal(summary?.last_ts, 4294967295.5);
    });

    it(`reads a ${order} nanosecond file (magic a1b23c4d)`, () => {
      const path = writeTemp(
        pcapFile({ le, nano: true, records: [{ sec: 1418145370, frac: 123456789, data: bytes(42) }] }),
      );
      const { frames, error } = readAll(path);
      assert.equal(error, null);
      assert.equal(frames.length, 1);
      assert.ok(Math.abs(frames[0].ts - 1418145370.123456789) < 1e-6);
      assert.notEqual(frames[0].ts, 1418145370 + 123456789 / 1e6);
    });

    it(`reads a ${order} "modified" pcap (magic a1b2cd34, 24-byte record headers)`, () => {
      const path = writeTemp(pcapFile({ le, modified: true, records }));
      const { frames, error } = readAll(path);
      assert.equal(error, null);
      assert.deepEqual(
        frames.map((f) => f.data),
        records.map((r) => r.data),
      );
    });
  }

  it('masks the FCS bits out of the link-type field (0x40000001 -> 1, 0x30000065 -> 101)', () => {
    for (const [field, want] of [
      [0x40000001, 1],
      [0x30000065, 101],
      [0x04000001, 1],
    ]) {
      const { frames } = readAll(writeTemp(pcapFile({ le: true, linkType: field, records })));
      assert.equal(frames[0].linkType, want);
    }
  });

  it('returns 0 frames for a file holding only the header', () => {
    const { frames, error, summary } = readAll(writeTemp(pcapFile({ le: true, records: [] })));
    assert.equal(error, null);
    assert.equal(frames.length, 0);
    assert.equal(summary?.packets, 0);
    assert.equal(summary?.bytes, 24);
    assert.equal(summary?.first_ts, null);
    assert.equal(summary?.last_ts, null);
  });

  it('accepts records with caplen > snaplen and caplen > origLen as they are', () => {
    const path = writeTemp(pcapFile({ le: true, snaplen: 20, records: [{ sec: 1, frac: 0, data: bytes(64), origLen: 10 }] }));
    const { frames, error } = readAll(path);
    assert.equal(error, null);
    assert.equal(frames[0].data.length, 64);
    assert.equal(frames[0].origLen, 10);
  });

  it('reports a record beyond the 256 KiB cap as LS_CAPTURE_CORRUPT at its offset, after the frames before it', () => {
    const big = { sec: 2, frac: 0, data: bytes(8), capLen: 6553600 };
    const path = writeTemp(pcapFile({ le: true, records: [records[0], big] }));
    const { frames, error } = readAll(path);
    assert.equal(frames.length, 1);
    assert.ok(error instanceof CaptureError);
    assert.equal(error.code, ErrorCodes.CAPTURE_CORRUPT);
    assert.equal(error.offset, 24 + 16 + 60);
    assert.match(error.message, new RegExp(`^${path}: `));
    assert.match(error.message, /6553600 captured bytes/);
    assert.match(error.message, /1 complete packet was read/);
    assert.match(error.message, /editcap -r \S+ repaired\.pcap 1-1/);
  });

  it('accepts a record exactly at the 256 KiB cap', () => {
    const rec = { sec: 1, frac: 0, data: bytes(256 * 1024) };
    const { frames, error } = readAll(writeTemp(pcapFile({ le: true, records: [rec] })), { bufferSize: 4096 });
    assert.equal(error, null);
    assert.deepEqual(frames[0].data, rec.data);
  });

  it('rejects a record beyond the default cap, and honours maxRecordBytes', () => {
    const rec = { sec: 1, frac: 0, data: bytes(300000) };
    const path = writeTemp(pcapFile({ le: true, records: [rec] }));
    const def = readAll(path);
    assert.ok(def.error instanceof CaptureError);
    assert.equal(def.error.code, ErrorCodes.CAPTURE_CORRUPT);
    const raised = readAll(path, { maxRecordBytes: 300000 });
    assert.equal(raised.error, null);
    assert.deepEqual(raised.frames[0].data, rec.data);
    const lowered = readAll(writeTemp(pcapFile({ le: true, records })), { maxRecordBytes: 100 });
    assert.equal(lowered.frames.length, 1, 'the 60-byte record passes, the 1514-byte one does not');
    assert.equal((lowered.error as CaptureError).code, ErrorCodes.CAPTURE_CORRUPT);
  });
});
