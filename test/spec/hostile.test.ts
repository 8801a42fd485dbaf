import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec, MAX_NESTING } from '../../src/spec/index.js';
import { tempDir } from '../support/paths.js';
import { loadText, MINIMAL } from './helpers.js';

/** Loads `text` and returns its diagnostics and how long it took. */
function timed(text: string): { messages: string[]; ms: number; line: number; col: number } {
  const t0 = Date.now();
  const r = loadText(text);
  const ms = Date.now() - t0;
  assert.equal(r.spec, null);
  assert.ok(r.diagnostics.length >= 1);
  return { messages: r.diagnostics.map((d) => d.message), ms, line: r.diagnostics[0].line, col: r.diagnostics[0].col };
}

describe('spec: hostile and broken YAML', () => {
  it('refuses a billion-laughs alias bomb quickly', () => {
    let text = 'leakspec: 1\nl0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i <= 9; i++) text += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]\n`;
    const r = timed(text);
    assert.ok(r.ms < 2000, `took ${r.ms} ms`);
    assert.equal(r.messages.length, 1);
    assert.match(r.messages[0], /alias/);
    assert.equal(r.line, 3);
  });

  for (const [name, make] of [
    ['1000-deep flow sequences', () => `leakspec: 1\nx: ${'['.repeat(1000)}${']'.repeat(1000)}\n`],
    ['1000-deep block maps', () => `leakspec: 1\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n`],
    ['1000-deep compact sequences', () => `leakspec: 1\nx:\n  ${'- '.repeat(1000)}x\n`],
    ['200 000-deep flow maps', () => `leakspec: 1\nx: ${'{a: '.repeat(200000)}1${'}'.repeat(200000)}\n`],
  ] as const) {
    it(`refuses ${name} quickly with a nesting message`, () => {
      const r = timed(make());
      assert.ok(r.ms < 3000, `took ${r.ms} ms`);
      assert.equal(r.messages.length, 1);
      assert.match(r.messages[0], new RegExp(`nesting is deeper than ${MAX_NESTING}`));
      assert.ok(r.line >= 2);
    });
  }

  it('accepts nesting a real spec needs', () => {
    const text = `${MINIMAL}    record:\n      container:\n        image: i\n        capture: /c.pcap\n        ready: { log: ok, timeout: 1s }\n        env: { A: "1" }\n      steps:\n        - http: { method: GET, url: "http://x/" }\n`;
    assert.deepEqual(loadText(text).diagnostics, []);
  });

  it('refuses a file over 1 MiB unread', () => {
    const dir = tempDir();
    const file = join(dir, 'big.yaml');
    writeFileSync(file, `${MINIMAL}# ${'x'.repeat(1024 * 1024)}\n`);
    const r = loadSpec(file);
    assert.equal(r.spec, null);
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /limit is 1048576 \(1 MiB\)/);
  });

  it('reports a YAML syntax error with its line and column', () => {
    const tab = loadText('leakspec: 1\ndevice:\n\tmodel: M\n');
    assert.equal(tab.spec, null);
    assert.equal(tab.diagnostics.length, 1);
    assert.equal(tab.diagnostics[0].message, 'YAML: Tabs are not allowed as indentation');
    assert.deepEqual([tab.diagnostics[0].line, tab.diagnostics[0].col], [3, 1]);
    const compact = loadText('leakspec: 1\ndevice:\n  model: M: x\n');
    assert.match(compact.diagnostics[0].message, /^YAML: Nested mappings/);
    assert.deepEqual([compact.diagnostics[0].line, compact.diagnostics[0].col], [3, 10]);
    const unterminated = loadText('leakspec: 1\ndevice:\n  model: "unterminated\n');
    assert.match(unterminated.diagnostics[0].message, /^YAML: .*quote/);
  });

  it('reports a duplicate key at the second occurrence', () => {
    const text = `${MINIMAL}device:\n  model: again\n`;
    const r = loadText(text);
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /unique/);
    assert.deepEqual([r.diagnostics[0].line, r.diagnostics[0].col], [7, 1]);
  });

  it('refuses several documents in one file', () => {
    const r = loadText(`${MINIMAL}---\nleakspec: 1\n`);
    assert.equal(r.spec, null);
    assert.match(r.diagnostics[0].message, /multiple documents/);
  });

  it('reports an empty file and a file that is not a map', () => {
    const empty = loadText('');
    assert.equal(empty.partial, false);
    assert.match(empty.diagnostics[0].message, /^top level: must be a map, not empty$/);
    const list = loadText('- leakspec: 1\n');
    assert.match(list.diagnostics[0].message, /^top level: must be a map, not a list$/);
  });

  it('reports a file that cannot be read', () => {
    const r = loadSpec(join(tempDir(), 'nope.yaml'));
    assert.equal(r.spec, null);
    assert.match(r.diagnostics[0].message, /cannot read spec file/);
  });
});
