/**
 * Every capture of the shared corpus is read to the end: frame counts must
 * equal MANIFEST.tsv (tshark's counts), sha256 must equal the manifest's, and
 * the files that are cut short, damaged or not captures at all must stop
 * with a CaptureError of a stable code, after the frames tshark also reads.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCapture } from '../../src/capture/open.js';
import type { CaptureSummary } from '../../src/capture/types.js';
import { CaptureError, ErrorCodes, LeakspecError, type ErrorCode } from '../../src/errors.js';
import { bundledCorpusDir, corpusDir } from '../support/paths.js';

interface ManifestEntry {
  file: string;
  size: number;
  sha256: string;
  packets: number;
}

function readManifest(dir: string): ManifestEntry[] {
  const rows = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').split('\n');
  return rows
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'))
    .map((c) => ({ file: c[0], size: Number(c[5]), sha256: c[6], packets: Number(c[8] || 0) }));
}

/** Capture inputs: pcap/, pcapng-conformance/, malformed/, without descriptions and HAR. */
function isCaptureInput(file: string): boolean {
  if (!/^(pcap|pcapng-conformance|malformed)\//.test(file)) return false;
  return !file.endsWith('.txt') && !file.endsWith('.har') && !/(^|\/)har\//.test(file);
}

/**
 * Files that must stop with a CaptureError (README.md, "malformed/"), with
 * the frames read before it when that differs from the manifest's count.
 */
const EXPECTED_ERRORS: Record<string, { code: ErrorCode; frames?: number; why: string }> = {
  'malformed/pcap2har/empty-zero-bytes.pcap': { code: ErrorCodes.CAPTURE_EMPTY, why: '0-byte file' },
  'malformed/webpagetest/invalid.pcap': { code: ErrorCodes.CAPTURE_UNKNOWN_FORMAT, why: 'plain text named .pcap' },
  'malformed/rusticata/err-eof.bin': { code: ErrorCodes.CAPTURE_UNKNOWN_FORMAT, why: 'stray EPB without a section header' },
  'malformed/pcap2har/out-of-order-truncated.pcap': { code: ErrorCodes.CAPTURE_TRUNCATED, why: 'last record cut off at EOF' },
  'malformed/pcapdroid/crash-593ec6ead7a1bf23faa96d03cbd74c315bcf67fc.pcap': {
    code: ErrorCodes.CAPTURE_CORRUPT,
    why: 'second record claims 6553600 bytes',
  },
  'malformed/ndpi/fuzz-2021-10-13.pcap': {
    code: ErrorCodes.CAPTURE_CORRUPT,
    // tshark lists the one record (then reports the file cut short), although
    // its 524501 claimed bytes are neither under the cap nor in the 239-byte file.
    frames: 0,
    why: 'first record claims 524501 bytes in a 239-byte file',
  },
};

interface ReadResult {
  frames: { index: number; ts: number; linkType: number; data: string; origLen: number }[];
  error: unknown;
  summary: CaptureSummary | null;
}

/** Reads a whole file; fails instead of hanging (every frame consumes at least 12 bytes). */
function readCorpusFile(path: string, size: number, keepData: boolean): ReadResult {
  const frames: ReadResult['frames'] = [];
  let src;
  try {
    src = openCapture(path);
  } catch (error) {
    return { frames, error, summary: null };
  }
  try {
    for (let f = src.next(); f !== null; f = src.next()) {
      frames.push({ ...f, data: keepData ? Buffer.from(f.data).toString('hex') : '' });
      if (frames.length > size / 12 + 1) throw new Error(`${path}: more frames than the file can hold`);
    }
    return { frames, error: null, summary: src.summary() };
  } catch (error) {
    return { frames, error, summary: error instanceof LeakspecError ? src.summary() : null };
  } finally {
    src.close();
  }
}

// The shared corpus, or else the permissive subset bundled in test/fixtures/corpus (a fresh clone).
const full = corpusDir() !== null;
const root = corpusDir() ?? bundledCorpusDir;
const entries = readManifest(root).filter((e) => isCaptureInput(e.file));

describe(full ? 'capture: shared corpus' : 'capture: bundled corpus subset (../shared/corpus is absent)', function () {
  it('the manifest lists the corpus capture files', () => {
    assert.ok(entries.length > (full ? 250 : 150), `only ${entries.length} capture files in MANIFEST.tsv`);
    if (full) for (const file of Object.keys(EXPECTED_ERRORS)) assert.ok(entries.some((e) => e.file === file), `${file} not in the manifest`);
  });

  for (const entry of entries) {
    it(`reads ${entry.file}`, function () {
      this.timeout(120000);
      const r = readCorpusFile(join(root, entry.file), entry.size, false);
      const expected = EXPECTED_ERRORS[entry.file];
      if (r.error !== null && !(r.error instanceof LeakspecError)) throw r.error;
      if (expected) {
        assert.ok(r.error instanceof CaptureError, `expected ${expected.code} (${expected.why}), got ${String(r.error)}`);
        assert.equal(r.error.code, expected.code, r.error.message);
        assert.ok(r.error.message.includes(entry.file), r.error.message);
      } else {
        assert.equal(r.error, null, `unexpected error: ${String(r.error)}`);
      }
      assert.equal(r.frames.length, expected?.frames ?? entry.packets, 'frame count vs MANIFEST.tsv');
      // Frame numbers increase; pcapng custom blocks take numbers too (test/golden checks them against tshark).
      r.frames.forEach((f, i) => assert.ok(f.index > (i === 0 ? 0 : r.frames[i - 1].index), `frame ${i + 1} has index ${f.index}`));
      if (r.summary) {
        assert.equal(r.summary.sha256, entry.sha256, 'sha256 vs MANIFEST.tsv');
        assert.equal(r.summary.bytes, entry.size);
        assert.equal(r.summary.packets, r.frames.length);
      } else {
        assert.ok(expected, 'a summary is available after every read');
      }
    });
  }

  const lePcapng = entries.filter((e) => e.file.startsWith('pcapng-conformance/le/'));
  it('pcapng-conformance le/ and be/ give identical frames', function () {
    assert.ok(lePcapng.length >= 24, `only ${lePcapng.length} le/ files`);
    for (const le of lePcapng) {
      const beFile = le.file.replace('/le/', '/be/');
      const be = entries.find((e) => e.file === beFile);
      assert.ok(be, `${beFile} missing`);
      const a = readCorpusFile(join(root, le.file), le.size, true);
      const b = readCorpusFile(join(root, be.file), be.size, true);
      assert.equal(a.error, null);
      assert.equal(b.error, null);
      assert.ok(a.frames.length > 0 || le.packets === 0);
      assert.deepEqual(b.frames, a.frames, le.file);
    }
  });
});
