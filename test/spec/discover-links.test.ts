import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSpecFiles } from '../../src/spec/index.js';
import { tempDir } from '../support/paths.js';

describe('spec discovery never skips a spec silently', function () {
  it('reports a dangling link named like a spec', function () {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), 'leakspec: 1\n');
    symlinkSync(join(dir, 'gone.yaml'), join(dir, 'b.yaml'));
    symlinkSync(join(dir, 'gone.txt'), join(dir, 'notes.txt'));
    const r = findSpecFiles([dir]);
    assert.deepEqual(r.files, [join(dir, 'a.yaml')]);
    assert.equal(r.diagnostics.length, 1, JSON.stringify(r.diagnostics));
    assert.equal(r.diagnostics[0].file, join(dir, 'b.yaml'));
    assert.match(r.diagnostics[0].message, /cannot read spec file/);
  });
});
