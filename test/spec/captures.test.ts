import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec } from '../../src/spec/index.js';
import { assertAt, diagAtPath, writeFiles } from './helpers.js';

describe('spec: checkCaptures', () => {
  const text = `leakspec: 1
device:
  model: M
scenarios:
  - name: one
    capture: caps/present.pcap
  - name: two
    capture: [caps/present.pcap, caps/missing.pcapng]
  - name: three
    capture: { url: "https://example.com/c.pcap", sha256: "${'0'.repeat(64)}" }
`;

  it('reports a missing capture file at its capture value, only when asked', () => {
    const dir = writeFiles({ 'spec.yaml': text, 'caps/present.pcap': '' });
    const file = join(dir, 'spec.yaml');
    const plain = loadSpec(file);
    assert.deepEqual(plain.diagnostics, []);
    assert.ok(plain.spec);
    const checked = loadSpec(file, { checkCaptures: true });
    assert.equal(checked.spec, null);
    assert.equal(checked.diagnostics.length, 1);
    const d = diagAtPath(checked.diagnostics, '/scenarios/1/capture/1');
    assertAt(d, text, 'caps/missing.pcapng');
    assert.match(d.message, /capture file not found: caps\/missing\.pcapng/);
    writeFileSync(join(dir, 'caps/missing.pcapng'), '');
    assert.deepEqual(loadSpec(file, { checkCaptures: true }).diagnostics, []);
  });
});
