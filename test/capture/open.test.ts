import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCapture, sniffFormat } from '../../src/capture/index.js';
import { CaptureError, ErrorCodes, NotImplementedError, type ErrorCode } from '../../src/errors.js';
import { tempDir } from '../support/paths.js';
import { bytes, epb, idb, pcapFile, readAll, shb, spb, writeTemp } from './build.js';

function captureError(fn: () => unknown, code: ErrorCode, file: string): CaptureError {
  let caught: unknown;
  assert.throws(fn, (e) => ((caught = e), true));
  assert.ok(caught instanceof CaptureError, `expected a CaptureError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.equal(caught.file, file);
  assert.ok(caught.message.includes(file), caught.message);
  return caught;
}

/** Records of varied sizes (1..700 bytes), so that many straddle a small buffer. */
function variedPcap(): Buffer {
  const records = Array.from({ length: 200 }, (_, i) => ({ sec: 1600000000 + i, frac: i * 997, data: bytes(1 + ((i * 137) % 700), i) }));
  return pcapFile({ le: true, records });
}

function variedPcapng(): Buffer {
  const parts = [shb(false), idb(false, 1, 0), idb(false, 113, 300, { tsresol: 3 })];
  for (let i = 0; i < 200; i++) {
    const data = bytes(1 + ((i * 211) % 900), i);
    parts.push(i % 7 === 0 ? spb(false, data) : epb(false, i % 2, BigInt(i) * 1000003n, data));
  }
  return Buffer.concat(parts);
}

describe('capture: openCapture and sniffFormat', () => {
  it('LS_CAPTURE_MISSING for a missing file and for a directory', () => {
    const missing = join(tempDir(), 'nope.pcap');
    const e = captureError(() => openCapture(missing), ErrorCodes.CAPTURE_MISSING, missing);
    assert.match(e.message, /no such file/);
    captureError(() => sniffFormat(missing), ErrorCodes.CAPTURE_MISSING, missing);
    const dir = join(tempDir(), 'a-folder.pcap');
    mkdirSync(dir);
    captureError(() => openCapture(dir), ErrorCodes.CAPTURE_MISSING, dir);
  });

  it('LS_CAPTURE_EMPTY for a 0-byte file', () => {
    const path = writeTemp(Buffer.alloc(0), 'empty.pcap');
    const e = captureError(() => openCapture(path), ErrorCodes.CAPTURE_EMPTY, path);
    assert.match(e.message, /file is empty/);
    captureError(() => sniffFormat(path), ErrorCodes.CAPTURE_EMPTY, path);
  });

  it('LS_CAPTURE_UNKNOWN_FORMAT shows the first bytes in hex, whatever the extension', () => {
    const path = writeTemp('This file is not a valid pcap file.\n', 'invalid.pcap');
    const e = captureError(() => openCapture(path), ErrorCodes.CAPTURE_UNKNOWN_FORMAT, path);
    assert.match(e.message, /54 68 69 73 20 66 69 6c/);
    assert.equal(e.offset, 0);
    // An EPB without a section header, and a SHB-looking start without byte-order magic.
    const stray = writeTemp(epb(true, 0, 0n, bytes(8)), 'stray.pcapng');
    captureError(() => openCapture(stray), ErrorCodes.CAPTURE_UNKNOWN_FORMAT, stray);
    const noBom = writeTemp(Buffer.concat([Buffer.from([0x0a, 0x0d, 0x0d, 0x0a]), bytes(24)]), 'nobom.pcapng');
    captureError(() => openCapture(noBom), ErrorCodes.CAPTURE_UNKNOWN_FORMAT, noBom);
  });

  it('recognises formats by content, not extension', () => {
    assert.equal(sniffFormat(writeTemp(pcapFile({ le: false, records: [] }), 'x.pcapng')), 'pcap');
    assert.equal(sniffFormat(writeTemp(pcapFile({ le: true, nano: true, records: [] }), 'x.txt')), 'pcap');
    assert.equal(sniffFormat(writeTemp(shb(false), 'x.pcap')), 'pcapng');
    assert.equal(sniffFormat(writeTemp('{"log": {}}', 'x.json')), 'har');
    assert.equal(sniffFormat(writeTemp('\ufeff \r\n\t {"log": {}}', 'bom.har')), 'har');
    const array = writeTemp('[{"log": 1}]', 'array.har');
    captureError(() => sniffFormat(array), ErrorCodes.CAPTURE_UNKNOWN_FORMAT, array);
  });

  it('HAR is recognised but not read yet: NotImplementedError', () => {
    const path = writeTemp('\ufeff{"log": {"entries": []}}', 'x.har');
    assert.throws(
      () => openCapture(path),
      (e) => e instanceof NotImplementedError && e.code === ErrorCodes.NOT_IMPLEMENTED && e.file === path && /HAR input/.test(e.message),
    );
  });

  it('summary().sha256 equals node:crypto over the file; bytes is the file size', () => {
    for (const content of [variedPcap(), variedPcapng()]) {
      const path = writeTemp(content);
      const want = createHash('sha256').update(readFileSync(path)).digest('hex');
      for (const bufferSize of [undefined, 64]) {
        const { summary, error } = readAll(path, bufferSize ? { bufferSize } : {});
        assert.equal(error, null);
        assert.equal(summary?.sha256, want);
        assert.equal(summary?.bytes, content.length);
        assert.equal(summary?.file, path);
        assert.equal(summary?.packets, 200);
      }
    }
  });

  it('a tiny buffer (records straddling refills) gives the same frames as the default', () => {
    for (const content of [variedPcap(), variedPcapng()]) {
      const path = writeTemp(content);
      const ref = readAll(path);
      assert.equal(ref.error, null);
      assert.equal(ref.frames.length, 200);
      for (const bufferSize of [64, 100, 1000]) {
        const small = readAll(path, { bufferSize });
        assert.equal(small.error, null);
        assert.deepEqual(small.frames, ref.frames, `bufferSize ${bufferSize}`);
      }
    }
  });

  it('reports progress: bytesRead grows to size; summary() before the end is refused', () => {
    const content = variedPcap();
    const path = writeTemp(content);
    const src = openCapture(path, { bufferSize: 256 });
    assert.equal(src.size, content.length);
    assert.equal(src.format, 'pcap');
    assert.equal(src.file, path);
    assert.equal(src.bytesRead, 0);
    assert.throws(() => src.summary(), (e) => e instanceof Error && /before next\(\) returned null/.test(e.message));
    let last = 0;
    let frame = src.next();
    assert.equal(src.bytesRead, 24 + 16 + (frame?.data.length ?? 0));
    while (frame) {
      assert.ok(src.bytesRead >= last);
      last = src.bytesRead;
      frame = src.next();
    }
    assert.equal(src.bytesRead, content.length);
    assert.equal(src.next(), null);
    assert.equal(src.summary().packets, 200);
    src.close();
  });
});
