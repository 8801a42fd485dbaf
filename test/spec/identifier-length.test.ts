import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec } from '../../src/spec/index.js';
import { tempDir } from '../support/paths.js';

describe('identifier values too short to search', function () {
  it('is a spec error at the value, not a silently weaker search', function () {
    const dir = tempDir();
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'leakspec: 1\ndevice:\n  model: M\n  identifiers:\n    name: "Bob"\n    email: "bob@example.com"\nscenarios:\n  - name: s\n    capture: c.pcap\n');
    const r = loadSpec(file);
    assert.equal(r.spec, null);
    const d = r.diagnostics.find((x) => x.message.includes('too short'));
    assert.ok(d, JSON.stringify(r.diagnostics));
    assert.equal(d.line, 5);
    assert.equal(d.col, 11);
    assert.equal(r.diagnostics.filter((x) => x.message.includes('too short')).length, 1, 'the e-mail is long enough');
  });
});
