/**
 * HAR end to end: a spec and HAR files written to a temp folder, `leakspec
 * run` on them, its JUnit and JSON read back. An identifier in an https
 * entry fails `identifiers-confined` but never `no-plaintext`; the same in
 * an http entry fails `no-plaintext` too, even under `plaintext: true`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { leakspec, readJUnit, write } from '../e2e/cli.js';
import { tempDir } from '../support/paths.js';
import { IMEI, entry, headers } from './har-helpers.js';

const FI = '95.216.1.1';

function harText(entries: object[]): string {
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'leakspec test', version: '1' }, entries } }, null, 1);
}

const SPEC = `leakspec: 1
device:
  model: HAR Phone
  identifiers:
    imei: "${IMEI}"
allow:
  - name: API over TLS
    to: [api.example.com]
    protocols: [tls]
  - name: Reviewed plaintext check-in
    to: [checkin.example.com]
    protocols: [http]
    plaintext: true
    data: [imei]
scenarios:
  - name: https leak
    capture: ../captures/https.har
  - name: http leak
    capture: ../captures/http.har
  - name: broken
    capture: ../captures/broken.har
    expect: [no-plaintext]
`;

describe('HAR end to end (leakspec run)', function () {
  let out: string;
  let cases: ReturnType<typeof readJUnit>['suites'][number]['cases'];
  let report: { suites: Array<{ scenarios: Array<{ name: string; analyses: Array<{ capture: { format: string }; flows: Array<{ findings: Array<{ where: string; direction: string }> }> }> }> }> };

  before(function () {
    const dir = tempDir('leakspec-har-e2e-');
    write(
      join(dir, 'captures', 'https.har'),
      harText([entry(`https://api.example.com/v1/activate?imei=${IMEI}`, { req: { headers: headers(['Host', 'api.example.com']) }, extra: { serverIPAddress: FI } })]),
    );
    const body = JSON.stringify({ imei: IMEI });
    write(
      join(dir, 'captures', 'http.har'),
      harText([entry('http://checkin.example.com/c', { req: { method: 'POST', postData: { mimeType: 'application/json', text: body } }, extra: { serverIPAddress: FI } })]),
    );
    write(join(dir, 'captures', 'broken.har'), '{"log": [2,1,3] "request:"}');
    write(join(dir, 'specs', 'phone.yaml'), SPEC);
    out = join(dir, 'reports');
    const r = leakspec(['run', join(dir, 'specs'), '--out', out, '--reporter', 'junit,json']);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    cases = readJUnit(join(out, 'junit.xml')).suites[0].cases;
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  });

  function result(name: string): { failure: { message: string; text: string } | null } {
    const c = cases.find((x) => x.name === name);
    assert.ok(c, `no test case ${name} among ${cases.map((x) => x.name).join(', ')}`);
    return c;
  }

  it('an IMEI in an https entry fails identifiers-confined but not no-plaintext', () => {
    assert.equal(result('https leak \u203a no-plaintext').failure, null, result('https leak \u203a no-plaintext').failure?.text);
    assert.equal(result('https leak \u203a allowed-flows-only').failure, null);
    assert.equal(result('https leak \u203a no-cross-border').failure, null);
    const confined = result('https leak \u203a identifiers-confined').failure;
    assert.ok(confined, 'identifiers-confined must fail');
    for (const needle of ['api.example.com', `${FI}:443`, 'imei', 'har-url', 'API over TLS', 'entry: 1 of the HAR file', 'none (a HAR capture has no packets)']) {
      assert.ok(confined.text.includes(needle), `evidence lacks ${needle}:\n${confined.text}`);
    }
    assert.ok(!confined.text.includes('ip.addr'), 'no Wireshark filter for a HAR flow');
    assert.ok(!confined.text.includes(IMEI), 'the IMEI itself is never printed');
  });

  it('the same IMEI in an http entry fails no-plaintext, although its rule sets plaintext: true and lists imei', () => {
    const plain = result('http leak \u203a no-plaintext').failure;
    assert.ok(plain, 'no-plaintext must fail');
    assert.ok(plain.text.includes('har-request-body'), plain.text);
    assert.equal(result('http leak \u203a identifiers-confined').failure, null);
    assert.equal(result('http leak \u203a allowed-flows-only').failure, null);
  });

  it('a broken HAR fails its scenario with the capture error', () => {
    const broken = result('broken \u203a no-plaintext').failure;
    assert.ok(broken);
    assert.match(broken.message + broken.text, /LS_CAPTURE_CORRUPT|not valid JSON/);
  });

  it('report.json holds HAR analyses with findings placed by part and direction', () => {
    const scenarios = report.suites[0].scenarios;
    const https = scenarios.find((s) => s.name === 'https leak')!;
    assert.equal(https.analyses[0].capture.format, 'har');
    assert.deepEqual(
      https.analyses[0].flows[0].findings.map((f) => [f.where, f.direction]),
      [['har-url', 'up']],
    );
  });
});
