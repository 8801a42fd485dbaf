/**
 * Every HAR of the shared corpus analysed without an error: one flow per
 * network entry, the hosts listed in corpus/README.md's HAR table, and
 * analyses valid against schema/analysis.schema.json.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvModule from 'ajv';
import type { CaptureAnalysis } from '../../src/analysis/types.js';
import { repoRoot, requireCorpus } from '../support/paths.js';
import { manifestHars } from '../capture/har-manifest.js';
import { analyze } from './har-helpers.js';

/**
 * The HAR table of corpus/README.md: file (under har/) and the hosts it
 * lists; `more` is the N of a trailing "+N" (hosts not named).
 */
function readmeHosts(dir: string): Map<string, { hosts: string[]; more: number }> {
  const text = readFileSync(join(dir, 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## har/'));
  const out = new Map<string, { hosts: string[]; more: number }>();
  for (const m of section.matchAll(/^\| `([^`]+\.har)` \|.*\| hosts: ([^—|]*?)(?:;[^—|]*)? —/gm)) {
    const more = /\+(\d+)\s*$/.exec(m[2]);
    const list = m[2].replace(/\+\d+\s*$/, '').split(',').map((h) => h.trim()).filter(Boolean);
    out.set(`har/${m[1]}`, { hosts: list, more: more ? Number(more[1]) : 0 });
  }
  return out;
}

describe('analysis: the corpus HAR files', function () {
  let dir: string;
  const analyses = new Map<string, CaptureAnalysis>();
  before(function () {
    dir = requireCorpus(this);
    for (const h of manifestHars(dir).filter((x) => x.file.startsWith('har/'))) analyses.set(h.file, analyze(join(dir, h.file)));
  });

  it('analyses every HAR with one flow per entry and no error', () => {
    const manifest = manifestHars(dir).filter((x) => x.file.startsWith('har/'));
    assert.equal(analyses.size, manifest.length);
    for (const h of manifest) {
      const a = analyses.get(h.file)!;
      assert.deepEqual(a.errors, [], h.file);
      assert.equal(a.capture.packets, h.entries, h.file);
      assert.equal(a.flows.length + (a.weirds.har_entry_not_network ?? 0), h.entries, h.file);
      assert.equal(a.http.length, a.flows.length, h.file);
      assert.equal(a.tls.length, a.flows.filter((f) => f.protocol === 'tls').length, h.file);
      assert.ok(a.flows.every((f) => f.protocol === 'tls' || f.protocol === 'http'), h.file);
    }
  });

  it('names the hosts that corpus/README.md lists for each file', () => {
    const listed = readmeHosts(dir);
    assert.equal(listed.size, analyses.size, 'every HAR has a row with hosts in the README');
    for (const [file, want] of listed) {
      const a = analyses.get(file);
      assert.ok(a, `${file} is in the README but not the manifest`);
      const hosts = [...new Set(a.flows.flatMap((f) => f.names))].sort();
      for (const h of want.hosts) assert.ok(hosts.includes(h), `${file}: ${h} not among ${hosts.join(', ')}`);
      assert.equal(hosts.length, want.hosts.length + want.more, `${file}: ${hosts.join(', ')}`);
    }
  });

  it('takes server addresses from the file: every entry of mitmproxy/firefox.har has one', () => {
    const a = analyses.get('har/mitmproxy/firefox.har')!;
    assert.ok(a.flows.every((f) => f.server.ip !== '' && f.country !== 'unknown'), JSON.stringify(a.flows.map((f) => f.server)));
    const ws = analyses.get('har/mitmproxy/mitmproxy-export-websocket.har')!;
    assert.deepEqual(
      ws.http.map((h) => h.status),
      [101, 101, 101],
    );
  });

  it('gives analyses that schema/analysis.schema.json accepts', function () {
    const schemaFile = join(repoRoot, 'schema', 'analysis.schema.json');
    if (!existsSync(schemaFile)) {
      process.stdout.write('      (skipped: schema/analysis.schema.json is absent)\n');
      this.skip();
    }
    const Ajv = ajvModule.default;
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    for (const [file, a] of analyses) {
      const ok = validate(JSON.parse(JSON.stringify(a)));
      assert.ok(ok, `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
  });
});
