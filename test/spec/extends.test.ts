import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadSpec } from '../../src/spec/index.js';
import { assertAt, diagAtPath, writeFiles } from './helpers.js';

const BASE = `leakspec: 1
policy:
  min-tls: "1.3"
  opaque: fail
  unknown-country: allow
allow:
  - name: base rule
    to: [base.example.com]
waivers:
  - { assertion: no-plaintext, to: [base.example.com], reason: base, expires: 2030-01-01 }
device:
  identifiers:
    imei: "111111111111111"
    serial: "BASE-0001"
`;

const EXTRA = `leakspec: 1
extends: deeper.yaml
policy:
  opaque: allow
  uninspected: allow
allow:
  - name: extra rule
    to: [extra.example.com]
device:
  identifiers:
    serial: "EXTRA-0002"
    email: "a@example.com"
`;

const DEEPER = `leakspec: 1
policy:
  uninspected: fail
  min-tls: "1.0"
allow:
  - name: deeper rule
    to: [deeper.example.com]
waivers:
  - { assertion: no-cross-border, to: [deeper.example.com], reason: deeper, expires: 2030-01-01 }
`;

const MAIN = `leakspec: 1
extends: [policies/base.yaml, policies/extra.yaml]
device:
  model: M
  identifiers:
    imei: "222222222222222"
policy:
  unknown-country: fail
allow:
  - name: own rule
    to: [own.example.com]
waivers:
  - { assertion: no-plaintext, to: [own.example.com], reason: own, expires: 2030-01-01 }
scenarios:
  - name: s
    capture: s.pcap
    allow:
      - name: scenario rule
        to: [scenario.example.com]
`;

describe('spec: extends', () => {
  it('merges maps by key (later files win, this file wins over all) and joins lists own-first', () => {
    const dir = writeFiles({
      'main.yaml': MAIN,
      'policies/base.yaml': BASE,
      'policies/extra.yaml': EXTRA,
      'policies/deeper.yaml': DEEPER,
    });
    const { spec, diagnostics } = loadSpec(join(dir, 'main.yaml'));
    assert.deepEqual(diagnostics, []);
    assert.ok(spec);
    assert.deepEqual(spec.files, [
      join(dir, 'main.yaml'),
      join(dir, 'policies/base.yaml'),
      join(dir, 'policies/extra.yaml'),
      join(dir, 'policies/deeper.yaml'),
    ]);
    const s = spec.scenarios[0];
    // min-tls: base 1.3, deeper 1.0 (via extra, later) -> 1.0; opaque: base fail, extra allow -> allow;
    // uninspected: deeper fail, extra allow (extra overrides what it extends) -> allow; unknown-country: this file -> fail
    assert.equal(s.policy.minTls, '1.0');
    assert.equal(s.policy.opaque, 'allow');
    assert.equal(s.policy.uninspected, 'allow');
    assert.equal(s.policy.unknownCountry, 'fail');
    assert.deepEqual(
      spec.identifiers.map((i) => [i.name, i.value]),
      [
        ['imei', '222222222222222'],
        ['serial', 'EXTRA-0002'],
        ['email', 'a@example.com'],
      ],
    );
    assert.deepEqual(
      s.allow.map((r) => r.name),
      ['scenario rule', 'own rule', 'base rule', 'extra rule', 'deeper rule'],
    );
    assert.deepEqual(
      s.waivers.map((w) => w.reason),
      ['own', 'base', 'deeper'],
    );
    assert.equal(s.allow[3].loc.file, join(dir, 'policies/extra.yaml'));
    assert.deepEqual([s.allow[3].loc.line, s.allow[3].loc.col], [7, 5]);
  });

  it('a cycle (a -> b -> a) is an error naming both files', () => {
    const a = 'leakspec: 1\nextends: b.yaml\ndevice:\n  model: M\nscenarios:\n  - name: s\n    capture: s.pcap\n';
    const b = 'leakspec: 1\nextends: a.yaml\n';
    const dir = writeFiles({ 'a.yaml': a, 'b.yaml': b });
    const r = loadSpec(join(dir, 'a.yaml'));
    assert.equal(r.spec, null);
    assert.equal(r.diagnostics.length, 1);
    const d = r.diagnostics[0];
    assert.equal(d.file, join(dir, 'b.yaml'));
    assertAt(d, b, 'a.yaml');
    assert.match(d.message, /cycle/);
    assert.match(d.message, /a\.yaml -> .*b\.yaml -> .*a\.yaml/);
  });

  it('a file extending itself is a cycle', () => {
    const a = 'leakspec: 1\nextends: [./a.yaml]\n';
    const dir = writeFiles({ 'a.yaml': a });
    const r = loadSpec(join(dir, 'a.yaml'));
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /extends cycle: .*a\.yaml -> .*a\.yaml/);
  });

  it('a missing extended file is an error at its extends entry', () => {
    const text = 'leakspec: 1\nextends:\n  - ok.yaml\n  - missing.yaml\ndevice:\n  model: M\nscenarios:\n  - name: s\n    capture: s.pcap\n';
    const dir = writeFiles({ 'main.yaml': text, 'ok.yaml': 'leakspec: 1\n' });
    const r = loadSpec(join(dir, 'main.yaml'));
    assert.equal(r.spec, null);
    const d = diagAtPath(r.diagnostics, '/extends/1');
    assert.equal(d.file, join(dir, 'main.yaml'));
    assertAt(d, text, 'missing.yaml');
    assert.match(d.message, /extended file not found: missing\.yaml/);
  });

  it('reports the errors of extended files under their own file names, with those of the main file', () => {
    const main = 'leakspec: 1\nextends: p.yaml\ndevice:\n  model: M\nscenarios:\n  - name: s\n    capture: s.pcap\n    expect: [no-plaintxt]\n';
    const p = 'leakspec: 1\npolicy:\n  hme: [EU]\nallow:\n  - to: [x.example.com]\n    protocols: [tsl]\n';
    const dir = writeFiles({ 'main.yaml': main, 'p.yaml': p });
    const r = loadSpec(join(dir, 'main.yaml'));
    assert.deepEqual(
      r.diagnostics.map((d) => [d.file, d.path]),
      [
        [join(dir, 'main.yaml'), '/scenarios/0/expect/0'],
        [join(dir, 'p.yaml'), '/policy/hme'],
        [join(dir, 'p.yaml'), '/allow/0/protocols/0'],
      ],
    );
    assertAt(r.diagnostics[2], p, 'tsl');
  });

  it('checks data names of extended rules against identifiers declared anywhere in the tree', () => {
    const main = 'leakspec: 1\nextends: p.yaml\ndevice:\n  model: M\n  identifiers:\n    crm-token: { value: "u-7f3a9c", category: account }\nscenarios:\n  - name: s\n    capture: s.pcap\n';
    const p = 'leakspec: 1\nallow:\n  - to: [x.example.com]\n    data: [crm-token, crm-tokn]\n';
    const dir = writeFiles({ 'main.yaml': main, 'p.yaml': p });
    const r = loadSpec(join(dir, 'main.yaml'));
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0].file, join(dir, 'p.yaml'));
    assert.equal(r.diagnostics[0].path, '/allow/0/data/1');
  });

  it('loads a file extended twice (diamond) once and keeps its rules once', () => {
    const dir = writeFiles({
      'main.yaml': 'leakspec: 1\nextends: [b.yaml, c.yaml]\ndevice:\n  model: M\nscenarios:\n  - name: s\n    capture: s.pcap\n',
      'b.yaml': 'leakspec: 1\nextends: d.yaml\n',
      'c.yaml': 'leakspec: 1\nextends: d.yaml\n',
      'd.yaml': 'leakspec: 1\nallow:\n  - to: [d.example.com]\n',
    });
    const r = loadSpec(join(dir, 'main.yaml'));
    assert.deepEqual(r.diagnostics, []);
    assert.ok(r.spec);
    assert.equal(r.spec.files.length, 4);
    assert.deepEqual(
      r.spec.scenarios[0].allow.map((a) => a.name),
      ['d.example.com'],
    );
  });
});
