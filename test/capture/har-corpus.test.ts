/**
 * Real HAR exports: the fixtures bundled in test/fixtures/har/ (always), and
 * every HAR of the shared corpus (when present), whose entry counts and
 * sha256 must equal MANIFEST.tsv; the corpus's broken HAR must stop with a
 * CaptureError.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHar } from '../../src/capture/har-reader.js';
import { CaptureError, ErrorCodes } from '../../src/errors.js';
import { repoRoot, requireCorpus } from '../support/paths.js';
import { manifestHars } from './har-manifest.js';

const FIXTURES = join(repoRoot, 'test', 'fixtures', 'har');

/** Rows of test/fixtures/har/README.md's table: file and sha256. */
function fixtureRows(): Array<{ file: string; sha256: string }> {
  const text = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
  return [...text.matchAll(/^\| `([^`]+\.har)` \|(?:[^|]*\|){4} `([0-9a-f]{64})` \|/gm)].map((m) => ({ file: m[1], sha256: m[2] }));
}

describe('capture: real HAR files', () => {
  describe('bundled fixtures (test/fixtures/har)', () => {
    it('are the files the README names, byte for byte, and read with their entries', () => {
      const rows = fixtureRows();
      assert.deepEqual(rows.map((r) => r.file).sort(), ['charles.har', 'insomnia.har', 'with-bom.har']);
      for (const { file, sha256 } of rows) {
        const path = join(FIXTURES, file);
        assert.equal(createHash('sha256').update(readFileSync(path)).digest('hex'), sha256, file);
        const h = readHar(path);
        assert.equal(h.summary.sha256, sha256);
        assert.equal(h.entries.length, 1, file);
      }
    });

    it('reads what each exporter wrote: URL, server address, post body behind a BOM', () => {
      const charles = readHar(join(FIXTURES, 'charles.har')).entries[0];
      assert.equal(charles.request.url, 'https://mitmproxy.org/?=');
      assert.equal(charles.serverAddress, '13.35.121.50');
      const insomnia = readHar(join(FIXTURES, 'insomnia.har')).entries[0];
      assert.equal(insomnia.request.url, 'http://mitm.it/');
      assert.equal(insomnia.serverAddress, null);
      const bom = readHar(join(FIXTURES, 'with-bom.har'));
      assert.equal(readFileSync(join(FIXTURES, 'with-bom.har'))[0], 0xef, 'the fixture starts with a BOM');
      assert.equal(bom.entries[0].request.method, 'POST');
      assert.match(bom.entries[0].request.postData?.text ?? '', /^\{"metadata":/);
    });
  });

  describe('shared corpus', function () {
    let dir: string;
    before(function () {
      dir = requireCorpus(this);
    });

    it('reads every HAR with the entry count and sha256 of MANIFEST.tsv', () => {
      const hars = manifestHars(dir).filter((h) => h.file.startsWith('har/'));
      assert.ok(hars.length >= 20, `only ${hars.length} HAR files in the manifest`);
      for (const h of hars) {
        const got = readHar(join(dir, h.file));
        assert.equal(got.entries.length, h.entries, h.file);
        assert.equal(got.summary.packets, h.entries, h.file);
        assert.equal(got.summary.sha256, h.sha256, h.file);
        assert.ok(got.entries.every((e) => e.ts !== null), `${h.file}: every startedDateTime parses`);
      }
    });

    it('stops on the broken HAR with LS_CAPTURE_CORRUPT', () => {
      const path = join(dir, 'malformed', 'har', 'mitmproxy-brokenfile.har');
      assert.throws(
        () => readHar(path),
        (e) => e instanceof CaptureError && e.code === ErrorCodes.CAPTURE_CORRUPT && e.message.includes(path) && /not valid JSON/.test(e.message),
      );
    });
  });
});
