import assert from 'node:assert/strict';
import { assertAt, diagAtPath, loadText, MINIMAL } from './helpers.js';

/** Loads `text`, expects it to be rejected, and returns the diagnostic at `path`. */
function rejected(text: string, path: string) {
  const r = loadText(text);
  assert.equal(r.spec, null);
  for (const d of r.diagnostics) assert.equal(d.file, r.file);
  return diagAtPath(r.diagnostics, path);
}

describe('spec: errors point at the bad value', () => {
  it('unknown key: at the key, with a did-you-mean', () => {
    const text = MINIMAL.replace('    capture: boot.pcap', '    capture: boot.pcap\n    expct: [no-plaintext]');
    const d = rejected(text, '/scenarios/0/expct');
    assertAt(d, text, 'expct');
    assert.equal(d.message, "scenarios[0]: unknown key 'expct'; did you mean 'expect'?");
  });

  it('unknown top-level key lists the known ones when nothing is close', () => {
    const text = `${MINIMAL}zzzzzz: 1\n`;
    const d = rejected(text, '/zzzzzz');
    assertAt(d, text, 'zzzzzz');
    assert.match(d.message, /^top level: unknown key 'zzzzzz'; expected one of: leakspec, extends, device, policy, allow, waivers, scenarios$/);
  });

  it('typo in an assertion name', () => {
    const text = `${MINIMAL}    expect: [no-plaintext, no-crossborder]\n`;
    const d = rejected(text, '/scenarios/0/expect/1');
    assertAt(d, text, 'no-crossborder');
    assert.equal(d.message, "scenarios[0].expect[1]: unknown assertion 'no-crossborder'; did you mean 'no-cross-border'?");
  });

  it('bad protocol in an allow rule', () => {
    const text = `${MINIMAL}allow:\n  - to: [a.example.com]\n    protocols: [tls, htpp]\n`;
    const d = rejected(text, '/allow/0/protocols/1');
    assertAt(d, text, 'htpp');
    assert.match(d.message, /^allow\[0\]\.protocols\[1\]: unknown protocol 'htpp'; did you mean 'http'\?$/);
  });

  it('bad detector', () => {
    const text = `${MINIMAL}policy:\n  detectors: [imei, emial]\n`;
    const d = rejected(text, '/policy/detectors/1');
    assertAt(d, text, 'emial');
    assert.match(d.message, /unknown detector 'emial'; did you mean 'email'\?/);
  });

  it('bad category', () => {
    const text = MINIMAL.replace('  model: Test Phone', '  model: Test Phone\n  identifiers:\n    crm-token: { value: "u-7f3a9c", category: acount }');
    const d = rejected(text, '/device/identifiers/crm-token/category');
    assertAt(d, text, 'acount');
    assert.match(d.message, /unknown category 'acount'; did you mean 'account'\?/);
  });

  it('an unknown identifier name needs a category', () => {
    const text = MINIMAL.replace('  model: Test Phone', '  model: Test Phone\n  identifiers:\n    crm-token: "u-7f3a9c"');
    const d = rejected(text, '/device/identifiers/crm-token');
    assertAt(d, text, 'crm-token');
    assert.match(d.message, /needs a category/);
  });

  it('unknown jurisdiction in home and in transfer.countries', () => {
    const text = `${MINIMAL}policy:\n  home: [EEA, EAA]\nallow:\n  - to: [a.example.com]\n    transfer: { countries: [US, XQ], basis: SCC }\n`;
    const r = loadText(text);
    const home = diagAtPath(r.diagnostics, '/policy/home/1');
    assertAt(home, text, 'EAA');
    assert.match(home.message, /^policy\.home\[1\]: unknown jurisdiction 'EAA'; did you mean 'EEA'\?/);
    const transfer = diagAtPath(r.diagnostics, '/allow/0/transfer/countries/1');
    assertAt(transfer, text, 'XQ');
    assert.match(transfer.message, /unknown jurisdiction 'XQ'/);
  });

  it('an unquoted number identifier asks for quotes and says digits would be lost', () => {
    const text = MINIMAL.replace('  model: Test Phone', '  model: Test Phone\n  identifiers:\n    iccid: 89470000000000000017');
    const r = loadText(text);
    assert.equal(r.diagnostics.length, 1, r.diagnostics.map((d) => d.message).join('\n'));
    const d = diagAtPath(r.diagnostics, '/device/identifiers/iccid');
    assertAt(d, text, '89470000000000000017');
    assert.match(d.message, /quote/);
    assert.match(d.message, /"89470000000000000017"/);
    assert.match(d.message, /digits would be lost/);
  });

  it('an unquoted number inside { value, category } is caught too', () => {
    const text = MINIMAL.replace('  model: Test Phone', '  model: Test Phone\n  identifiers:\n    crm: { value: 00123, category: account }');
    const r = loadText(text);
    assert.equal(r.diagnostics.length, 1);
    const d = diagAtPath(r.diagnostics, '/device/identifiers/crm/value');
    assertAt(d, text, '00123');
    assert.match(d.message, /"00123"/);
  });

  it('missing model: at the device key', () => {
    const text = MINIMAL.replace('  model: Test Phone', '  firmware: X1');
    const d = rejected(text, '/device');
    assertAt(d, text, 'device');
    assert.equal(d.message, "device: missing required key 'model'");
  });

  it('duplicate scenario name: at the second name', () => {
    const text = `${MINIMAL}  - name: boot\n    capture: other.pcap\n`;
    const d = rejected(text, '/scenarios/1/name');
    assertAt(d, text, 'boot\n', 1);
    assert.match(d.message, /duplicate scenario name 'boot' \(first used at line 5\)/);
  });

  it('bad expires date', () => {
    const text = `${MINIMAL}waivers:\n  - { assertion: no-plaintext, to: [a.example.com], reason: r, expires: 2027-02-30 }\n`;
    const d = rejected(text, '/waivers/0/expires');
    assertAt(d, text, '2027-02-30');
    assert.match(d.message, /not a calendar date/);
  });

  it('badly written expires date', () => {
    const text = `${MINIMAL}waivers:\n  - { assertion: no-plaintext, to: [a.example.com], reason: r, expires: 31.01.2027 }\n`;
    const d = rejected(text, '/waivers/0/expires');
    assertAt(d, text, '31.01.2027');
    assert.match(d.message, /YYYY-MM-DD/);
  });

  it('missing waiver reason: at the waiver', () => {
    const text = `${MINIMAL}    waivers:\n      - assertion: no-plaintext\n        to: [a.example.com]\n        expires: 2027-01-31\n`;
    const d = rejected(text, '/scenarios/0/waivers/0');
    assertAt(d, text, 'assertion: no-plaintext');
    assert.equal(d.message, "scenarios[0].waivers[0]: missing required key 'reason'");
  });

  it('window from >= to', () => {
    const text = `${MINIMAL}    window: { from: 30, to: 30 }\n`;
    const d = rejected(text, '/scenarios/0/window');
    assertAt(d, text, '{ from');
    assert.match(d.message, /'from' \(30\) must be less than 'to' \(30\)/);
  });

  it('version 2', () => {
    const text = MINIMAL.replace('leakspec: 1', 'leakspec: 2');
    const d = rejected(text, '/leakspec');
    assertAt(d, text, '2');
    assert.match(d.message, /only version 1 exists/);
  });

  it('missing version', () => {
    const text = MINIMAL.replace('leakspec: 1\n', '');
    const r = loadText(text);
    assert.equal(r.partial, false);
    const d = diagAtPath(r.diagnostics, '');
    assert.deepEqual([d.line, d.col], [1, 1]);
    assert.match(d.message, /missing required key 'leakspec'/);
  });

  it('a device without scenarios is an error, not a partial file', () => {
    const text = 'leakspec: 1\ndevice:\n  model: M\n';
    const r = loadText(text);
    assert.equal(r.partial, false);
    const d = diagAtPath(r.diagnostics, '/device');
    assertAt(d, text, 'device');
    assert.match(d.message, /'device' needs 'scenarios'/);
  });

  it('an empty scenario list is an error', () => {
    const text = 'leakspec: 1\ndevice:\n  model: M\nscenarios: []\n';
    const d = rejected(text, '/scenarios');
    assertAt(d, text, '[]');
    assert.match(d.message, /must not be an empty list/);
  });

  it('bad `to` entries: URL, misplaced wildcard, bad CIDR', () => {
    const text = `${MINIMAL}allow:\n  - to: ["https://a.example.com/x", "a.*.example.com", 10.0.0.0/40, AS64500, "*.ok.example.com"]\n`;
    const r = loadText(text);
    assert.equal(r.diagnostics.length, 3);
    assertAt(diagAtPath(r.diagnostics, '/allow/0/to/0'), text, '"https');
    assertAt(diagAtPath(r.diagnostics, '/allow/0/to/1'), text, '"a.*');
    assert.match(diagAtPath(r.diagnostics, '/allow/0/to/2').message, /prefix length/);
  });

  it('a data entry must name a declared or well-known identifier, a category or undeclared:<detector>', () => {
    const text = `${MINIMAL}allow:\n  - to: [a.example.com]\n    data: [imei, contact, undeclared:phone, crm-tokn, undeclared:iban]\n`;
    const full = text.replace('  model: Test Phone', '  model: Test Phone\n  identifiers:\n    crm-token: { value: "u-7f3a9c", category: account }');
    const r = loadText(full);
    assert.equal(r.diagnostics.length, 2, r.diagnostics.map((d) => d.message).join('\n'));
    const typo = diagAtPath(r.diagnostics, '/allow/0/data/3');
    assertAt(typo, full, 'crm-tokn');
    assert.match(typo.message, /did you mean 'crm-token'\?/);
    assert.match(diagAtPath(r.diagnostics, '/allow/0/data/4').message, /unknown detector 'iban'/);
  });

  it('a quoted-number hint for other string fields', () => {
    const text = `${MINIMAL}policy:\n  min-tls: 1.2\n`;
    const d = rejected(text, '/policy/min-tls');
    assertAt(d, text, '1.2');
    assert.match(d.message, /must be a string, not a number; write it in quotes: "1\.2"/);
  });

  it('a recording needs exactly one driver and valid steps', () => {
    const text = `${MINIMAL}    record:\n      netns: {}\n      command: [./rec.sh]\n      steps:\n        - wait: soon\n`;
    const r = loadText(text);
    assert.match(diagAtPath(r.diagnostics, '/scenarios/0/record').message, /exactly one driver.*found netns and command/);
    const wait = diagAtPath(r.diagnostics, '/scenarios/0/record/steps/0/wait');
    assertAt(wait, text, 'soon');
    assert.match(wait.message, /a duration such as 120s/);
  });

  it('reports every error of a file at once, in line order', () => {
    const text = `leakspec: 1
device:
  modl: X
  identifiers:
    imei: 490154203237518
policy:
  home: [Europe]
scenarios:
  - name: a
    capture: a.pcap
    expect: [no-plaintext, no-leaks]
  - name: a
    capture: b.pcap
    waivers:
      - { assertion: no-plaintext, to: [x.example.com], expires: 2027-13-01 }
`;
    const r = loadText(text);
    assert.equal(r.spec, null);
    const paths = r.diagnostics.map((d) => d.path);
    assert.deepEqual(paths, [
      '/device',
      '/device/modl',
      '/device/identifiers/imei',
      '/policy/home/0',
      '/scenarios/0/expect/1',
      '/scenarios/1/name',
      '/scenarios/1/waivers/0',
      '/scenarios/1/waivers/0/expires',
    ]);
    const lines = r.diagnostics.map((d) => d.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  });
});
