import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ASSERTIONS, DETECTORS, loadSpec } from '../../src/spec/index.js';
import { EEA_MEMBERS } from '../../src/geo/index.js';
import { EU_GDPR, EXAMPLE } from './example.js';
import { loadText, MINIMAL, posOf, writeFiles } from './helpers.js';

describe('spec: loading a valid spec', () => {
  it('resolves the SPEC-FORMAT.md example with every value and location', () => {
    const dir = writeFiles({ 'specs/nokia-7-plus.yaml': EXAMPLE, 'policies/eu-gdpr.yaml': EU_GDPR });
    const file = join(dir, 'specs', 'nokia-7-plus.yaml');
    const policyFile = join(dir, 'policies', 'eu-gdpr.yaml');
    const { spec, partial, diagnostics } = loadSpec(file);
    assert.deepEqual(diagnostics, []);
    assert.equal(partial, false);
    assert.ok(spec);
    assert.equal(spec.file, file);
    assert.deepEqual(spec.files, [file, policyFile]);
    assert.equal(spec.model, 'Nokia 7 Plus');
    assert.equal(spec.firmware, '00WW_3_22C');
    assert.deepEqual(spec.addresses, ['10.0.2.15']);
    assert.deepEqual(spec.identifiers, [
      { name: 'imei', category: 'device-id', value: '490154203237518' },
      { name: 'iccid', category: 'subscriber-id', value: '89470000000000000017' },
      { name: 'imsi', category: 'subscriber-id', value: '242010000000001' },
      { name: 'mac', category: 'device-id', value: '00:00:5e:00:53:01' },
      { name: 'cell-id', category: 'location', value: '219769344' },
      { name: 'location', category: 'location', value: null, location: { lat: 59.9139, lon: 10.7522, radiusM: 2000 } },
      { name: 'crm-token', category: 'account', value: 'u-7f3a9c' },
    ]);

    assert.equal(spec.scenarios.length, 1);
    const s = spec.scenarios[0];
    assert.equal(s.name, 'first boot activation');
    assert.deepEqual(s.loc, { file, ...posOf(EXAMPLE, 'name: first boot') });
    assert.equal(s.firmware, '00WW_3_22C');
    assert.equal(s.action, 'Power on with a Norwegian SIM, finish setup, idle 120 s');
    assert.deepEqual(s.captures, [
      {
        kind: 'file',
        path: join(dir, 'fixtures', 'nokia-7-plus', 'first-boot.pcapng'),
        loc: { file, ...posOf(EXAMPLE, '../fixtures/nokia-7-plus') },
      },
    ]);
    assert.equal(s.window, null);
    assert.equal(s.record, null);
    assert.deepEqual(s.expect, [...ASSERTIONS]);

    // the file's policy overrides the extended file's min-tls; uninspected comes from the extended file
    assert.deepEqual(s.policy, {
      home: [...EEA_MEMBERS].sort(),
      homeNames: ['EEA'],
      unknownCountry: 'fail',
      minTls: '1.2',
      opaque: 'allow',
      infrastructure: ['dns', 'dhcp', 'ntp'],
      uninspected: 'allow',
      detectors: [...DETECTORS],
      geo: { overrides: [] },
    });
    assert.equal(s.policy.home.length, 30);

    assert.deepEqual(s.allow, [
      {
        name: 'HMD device activation',
        to: ['*.hmdglobal.com'],
        protocols: ['tls'],
        ports: null,
        data: ['imei'],
        plaintext: false,
        transfer: null,
        loc: { file, ...posOf(EXAMPLE, 'name: HMD') },
      },
      {
        name: 'Google connectivity check',
        to: ['connectivitycheck.gstatic.com'],
        protocols: ['http'],
        ports: null,
        data: [],
        plaintext: true,
        transfer: { countries: ['US'], countryNames: ['US'], basis: 'EU-US Data Privacy Framework' },
        loc: { file, ...posOf(EXAMPLE, 'name: Google') },
      },
      {
        name: 'time.android.com',
        to: ['time.android.com'],
        protocols: ['ntp'],
        ports: null,
        data: [],
        plaintext: true,
        transfer: null,
        loc: { file: policyFile, ...posOf(EU_GDPR, 'to: [time') },
      },
    ]);
    assert.deepEqual(s.waivers, [
      {
        assertion: 'no-cross-border',
        to: ['zzhc.vnet.cn'],
        reason: 'activation client removed in 00WW_3_22D',
        ticket: 'PRIV-123',
        expires: '2027-01-31',
        loc: { file, ...posOf(EXAMPLE, 'assertion: no-cross-border') },
      },
      {
        assertion: 'allowed-flows-only',
        to: ['10.0.0.0/8'],
        reason: 'lab network',
        ticket: null,
        expires: '2030-12-31',
        loc: { file: policyFile, ...posOf(EU_GDPR, 'assertion:') },
      },
    ]);
  });

  it('applies every default to a minimal spec', () => {
    const { spec, diagnostics, file } = loadText(MINIMAL);
    assert.deepEqual(diagnostics, []);
    assert.ok(spec);
    assert.equal(spec.firmware, null);
    assert.deepEqual(spec.addresses, []);
    assert.deepEqual(spec.identifiers, []);
    assert.deepEqual(spec.files, [file]);
    const s = spec.scenarios[0];
    assert.deepEqual(s.expect, ['no-plaintext', 'no-cross-border', 'allowed-flows-only', 'identifiers-confined']);
    assert.deepEqual(s.policy.homeNames, ['EEA']);
    assert.ok(s.policy.home.includes('NO') && s.policy.home.includes('DE') && !s.policy.home.includes('US'));
    assert.equal(s.policy.unknownCountry, 'fail');
    assert.equal(s.policy.minTls, '1.2');
    assert.equal(s.policy.opaque, 'allow');
    assert.deepEqual(s.policy.infrastructure, ['dns', 'dhcp', 'ntp']);
    assert.equal(s.policy.uninspected, 'fail');
    assert.deepEqual(s.policy.detectors, ['imei', 'iccid', 'imsi', 'mac', 'email', 'phone', 'location']);
    assert.deepEqual(s.policy.geo, { overrides: [] });
    assert.deepEqual(s.allow, []);
    assert.deepEqual(s.waivers, []);
    assert.equal(s.action, null);
  });

  it('lets a scenario override policy keys and firmware, and puts its rules first', () => {
    const text = `leakspec: 1
device:
  model: M
  firmware: A1
policy:
  home: [EU]
  opaque: fail
  geo: { database: ../db/geo.mmdb, overrides: [{ cidr: 203.0.113.0/24, country: NO, asn: 64500 }] }
allow:
  - to: [file.example.com]
waivers:
  - { assertion: no-plaintext, to: [file.example.com], reason: file, expires: 2030-01-01 }
scenarios:
  - name: one
    firmware: B2
    capture: [a.pcap, sub/b.pcapng]
    window: { from: 1.5, to: 20 }
    expect: [identifiers-confined, no-plaintext]
    policy:
      home: [EEA, EU-ADEQUACY, EL]
      detectors: []
    allow:
      - name: scenario rule
        to: [AS4134, 198.51.100.0/24, "2001:db8::1"]
        protocols: [any]
        ports: [80, 443]
        data: [undeclared:imei, contact]
    waivers:
      - { assertion: no-cross-border, to: [s.example.com], reason: scenario, expires: 2030-01-01 }
    record:
      container:
        image: registry.example.com/emu:1
        privileged: true
        env: { EMULATOR_ARGS: "-tcpdump /data/capture.pcap" }
        ready: { log: "boot completed", timeout: 300s }
        capture: /data/capture.pcap
      steps:
        - exec: [adb, wait-for-device]
        - wait: 120s
        - http: { method: POST, url: "http://10.0.2.15:8080/reset", body: "{}" }
  - name: two
    capture: { url: "https://artifacts.example.com/c.pcap", sha256: ${'AB'.repeat(32)} }
`;
    const { spec, diagnostics, file } = loadText(text);
    assert.deepEqual(diagnostics, []);
    assert.ok(spec);
    const [one, two] = spec.scenarios;
    assert.equal(one.firmware, 'B2');
    assert.equal(two.firmware, 'A1');
    assert.deepEqual(one.window, { from: 1.5, to: 20 });
    assert.deepEqual(one.expect, ['identifiers-confined', 'no-plaintext']);
    assert.deepEqual(
      one.captures.map((c) => (c.kind === 'file' ? c.path : null)),
      [join(file, '..', 'a.pcap'), join(file, '..', 'sub', 'b.pcapng')],
    );
    assert.deepEqual(one.captures[1].loc, { file, ...posOf(text, 'sub/b.pcapng') });
    assert.deepEqual(two.captures, [
      { kind: 'url', url: 'https://artifacts.example.com/c.pcap', sha256: 'ab'.repeat(32), loc: { file, ...posOf(text, '{ url') } },
    ]);
    assert.deepEqual(one.policy.homeNames, ['EEA', 'EU-ADEQUACY', 'EL']);
    assert.ok(one.policy.home.includes('GR') && one.policy.home.includes('JP') && !one.policy.home.includes('EL'));
    assert.deepEqual(one.policy.detectors, []);
    assert.equal(one.policy.opaque, 'fail');
    assert.deepEqual(two.policy.homeNames, ['EU']);
    assert.ok(!two.policy.home.includes('NO'));
    assert.deepEqual(one.policy.geo, {
      database: join(file, '..', '..', 'db', 'geo.mmdb'),
      overrides: [{ cidr: '203.0.113.0/24', country: 'NO', asn: 64500 }],
    });
    assert.deepEqual(
      one.allow.map((r) => r.name),
      ['scenario rule', 'file.example.com'],
    );
    assert.deepEqual(one.allow[0].protocols, ['any']);
    assert.deepEqual(one.allow[0].ports, [80, 443]);
    assert.deepEqual(one.allow[1].protocols, ['tls', 'quic']);
    assert.deepEqual(
      one.waivers.map((w) => w.reason),
      ['scenario', 'file'],
    );
    assert.deepEqual(
      two.allow.map((r) => r.name),
      ['file.example.com'],
    );
    assert.deepEqual((one.record as { steps: unknown[] }).steps[1], { wait: '120s' });
    assert.equal(two.record, null);
  });

  it('treats a file with leakspec: 1 and neither device nor scenarios as partial', () => {
    const r = loadText('leakspec: 1\npolicy:\n  home: [EU]\nallow:\n  - to: [a.example.com]\n    data: [crm-token]\n');
    assert.equal(r.partial, true);
    assert.equal(r.spec, null);
    assert.deepEqual(r.diagnostics, []);
  });

  it('treats a file whose device holds only identifiers (and no scenarios) as partial', () => {
    const r = loadText('leakspec: 1\ndevice:\n  identifiers:\n    serial: "SERIAL-0001"\n');
    assert.equal(r.partial, true);
    assert.equal(r.spec, null);
    assert.deepEqual(r.diagnostics, []);
  });

  it('reports the errors of a partial file', () => {
    const text = 'leakspec: 1\npolicy:\n  hom: [EU]\n';
    const r = loadText(text);
    assert.equal(r.partial, true);
    assert.equal(r.spec, null);
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /unknown key 'hom'; did you mean 'home'\?/);
  });
});
