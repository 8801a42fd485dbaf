import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { findSpecFiles, formatDiagnostic } from '../../src/spec/index.js';
import { writeFiles } from './helpers.js';

describe('spec: findSpecFiles', () => {
  it('finds .yaml and .yml files recursively, sorted and without duplicates', () => {
    const dir = writeFiles({
      'specs/b.yaml': '',
      'specs/a.yml': '',
      'specs/sub/c.YAML': '',
      'specs/notes.txt': '',
      'specs/.hidden/d.yaml': '',
      'other/e.yaml': '',
    });
    const r = findSpecFiles([join(dir, 'specs'), join(dir, 'specs', 'b.yaml'), join(dir, 'other', 'e.yaml')]);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.files, [join(dir, 'other/e.yaml'), join(dir, 'specs/a.yml'), join(dir, 'specs/b.yaml'), join(dir, 'specs/sub/c.YAML')]);
  });

  it('reports a path that does not exist and keeps the others', () => {
    const dir = writeFiles({ 'a.yaml': '' });
    const r = findSpecFiles([join(dir, 'missing'), dir]);
    assert.deepEqual(r.files, [join(dir, 'a.yaml')]);
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0].file, join(dir, 'missing'));
    assert.match(r.diagnostics[0].message, /no such file or folder/);
  });

  it('survives a symlink loop', () => {
    const dir = writeFiles({ 'specs/a.yaml': '' });
    mkdirSync(join(dir, 'specs', 'sub'));
    symlinkSync(join(dir, 'specs'), join(dir, 'specs', 'sub', 'loop'));
    const r = findSpecFiles([join(dir, 'specs')]);
    assert.deepEqual(r.files, [join(dir, 'specs/a.yaml')]);
  });
});

describe('spec: formatDiagnostic', () => {
  it('prints file:line:col: message with the file relative to the working folder', () => {
    const d = { file: '/work/x/specs/a.yaml', line: 3, col: 7, path: '/device', message: "device: missing required key 'model'" };
    assert.equal(formatDiagnostic(d, '/work/x'), "specs/a.yaml:3:7: device: missing required key 'model'");
    assert.equal(formatDiagnostic(d, '/work/y'), "../x/specs/a.yaml:3:7: device: missing required key 'model'");
  });

  it('leaves out the position of a usage-level problem', () => {
    assert.equal(formatDiagnostic({ file: '/w/nope', line: 0, col: 0, path: '', message: 'no such file or folder: nope' }, '/w'), 'nope: no such file or folder: nope');
  });
});
