import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/paths.js';
import { ADDR, DEVICE, bootCapture, leakBody, specYaml } from './captures.js';
import { leakspec, readJUnit, write } from './cli.js';

const ASSERTIONS = ['no-plaintext', 'no-cross-border', 'allowed-flows-only', 'identifiers-confined'];

describe('leakspec run (end to end)', function () {
  let dir: string;
  before(function () {
    dir = tempDir();
    write(join(dir, 'captures', 'leaky.pcapng'), bootCapture({ leakBody: leakBody() }));
    write(join(dir, 'captures', 'fixed.pcapng'), bootCapture({ leakBody: null }));
  });

  it('fails every assertion of the leaky boot and passes the fixed one, with evidence in JUnit and JSON', function () {
    write(join(dir, 'specs', 'phone.yaml'), specYaml({ leaky: '../captures/leaky.pcapng', fixed: '../captures/fixed.pcapng' }));
    const out = join(dir, 'reports');
    const r = leakspec(['run', join(dir, 'specs'), '--out', out]);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const junit = readJUnit(join(out, 'junit.xml'));
    assert.equal(junit.suites.length, 1);
    const suite = junit.suites[0];
    assert.equal(suite.attrs.name, 'Test Phone');
    assert.equal(suite.attrs.tests, '8');
    assert.equal(suite.attrs.failures, '4');
    const names = suite.cases.map((c) => c.name);
    assert.deepEqual(names, [...ASSERTIONS.map((a) => `leaky \u203a ${a}`), ...ASSERTIONS.map((a) => `fixed \u203a ${a}`)]);
    for (const c of suite.cases) {
      if (c.name.startsWith('leaky')) assert.ok(c.failure, `${c.name} must fail`);
      else assert.equal(c.failure, null, `${c.name} must pass: ${c.failure?.text}`);
    }
    const plain = suite.cases.find((c) => c.name === 'leaky \u203a no-plaintext')!.failure!;
    assert.ok(!plain.message.includes('\n'), 'failure message is one line');
    for (const needle of ['zzhc.vnet.cn', `${ADDR.cn}:80`, 'CN', 'AS4134', 'imei', 'iccid', 'cell-id', 'base64']) {
      assert.ok(plain.text.includes(needle), `evidence lacks ${needle}:\n${plain.text}`);
    }
    assert.match(plain.text, new RegExp(`ip\\.addr == ${DEVICE.replace(/\./g, '\\.')} && ip\\.addr == ${ADDR.cn.replace(/\./g, '\\.')} && tcp\\.port == \\d+ && tcp\\.port == 80`));
    assert.match(plain.text, /phone\.yaml:\d+/);
    // The raw identifier values never appear in the report text.
    assert.ok(!plain.text.includes('490154203237518'), 'the IMEI itself must not be printed');
    const cross = suite.cases.find((c) => c.name === 'leaky \u203a no-cross-border')!.failure!;
    assert.ok(cross.text.includes('CN'));
    assert.ok(suite.properties['device.model'] === 'Test Phone');
    assert.ok(Object.keys(suite.properties).some((k) => k.endsWith('.sha256')));

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const leaky = report.suites[0].scenarios.find((s: { name: string }) => s.name === 'leaky');
    assert.equal(leaky.analyses.length, 1);
    const flow = leaky.analyses[0].flows.find((f: { server: { ip: string } }) => f.server.ip === ADDR.cn);
    assert.equal(flow.country, 'CN');
    assert.equal(flow.protocol, 'http');
    assert.equal(flow.encrypted, false);
    assert.deepEqual(flow.names, ['zzhc.vnet.cn']);
    const ids = new Set(flow.findings.map((f: { identifier: string }) => f.identifier));
    assert.deepEqual([...ids].sort(), ['cell-id', 'iccid', 'imei']);
    assert.ok(flow.findings.every((f: { form: string }) => f.form.startsWith('base64')), JSON.stringify(flow.findings));
    const tlsFlow = leaky.analyses[0].flows.find((f: { server: { ip: string } }) => f.server.ip === ADDR.fi);
    assert.equal(tlsFlow.protocol, 'tls');
    assert.equal(tlsFlow.encrypted, true);
    assert.equal(tlsFlow.sni, 'activation.hmdglobal.com');
    assert.equal(leaky.assertions.every((a: { status: string }) => a.status === 'failed'), true);
    assert.match(r.stdout, /4 passing/);
    assert.match(r.stdout, /4 failing/);
  });

  it('exits 0 when every test passes', function () {
    write(join(dir, 'ok', 'phone.yaml'), specYaml({ fixed: '../captures/fixed.pcapng' }));
    const r = leakspec(['run', join(dir, 'ok'), '--out', join(dir, 'reports-ok'), '--reporter', 'junit,console']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /4 passing/);
    assert.doesNotMatch(r.stdout, /set by LEAKSPEC_TODAY/, 'an empty LEAKSPEC_TODAY is unset');
  });

  it('exits 2 on a spec error, printing file:line:col and running nothing', function () {
    const spec = specYaml({ fixed: '../captures/fixed.pcapng' }).replace('addresses:', 'adresses:');
    write(join(dir, 'bad', 'phone.yaml'), spec);
    const out = join(dir, 'reports-bad');
    const r = leakspec(['run', join(dir, 'bad'), '--out', out]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /phone\.yaml:4:3: .*adresses/);
    assert.match(r.stderr, /did you mean 'addresses'/);
    assert.throws(() => readFileSync(join(out, 'junit.xml')), 'nothing was run, so no report');
  });

  it('fails every test of a scenario whose capture is missing or truncated, saying why', function () {
    const whole = readFileSync(join(dir, 'captures', 'leaky.pcapng'));
    writeFileSync(join(dir, 'captures', 'cut.pcapng'), whole.subarray(0, whole.length - 30));
    write(join(dir, 'broken', 'phone.yaml'), specYaml({ missing: '../captures/nope.pcap', cut: '../captures/cut.pcapng' }));
    const out = join(dir, 'reports-broken');
    const r = leakspec(['run', join(dir, 'broken'), '--out', out]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const cases = readJUnit(join(out, 'junit.xml')).suites[0].cases;
    assert.equal(cases.length, 8);
    for (const c of cases) {
      assert.ok(c.failure, `${c.name} must fail`);
      if (c.name.startsWith('missing')) {
        assert.equal(c.failure.type, 'LS_CAPTURE_MISSING');
        assert.match(c.failure.text, /nope\.pcap/);
      } else {
        assert.equal(c.failure.type, 'LS_CAPTURE_TRUNCATED');
        assert.match(c.failure.text, /cut\.pcapng/);
        assert.match(c.failure.text, /editcap/);
      }
    }
  });

  it('honours an active waiver through its expiry day and fails on an expired one, naming its file and line', function () {
    const waiver = `    waivers:
      - assertion: no-cross-border
        to: [zzhc.vnet.cn]
        reason: activation client removed in the next build
        ticket: PRIV-123
        expires: 2027-01-31
`;
    const yaml = specYaml({ leaky: '../captures/leaky.pcapng' }) + waiver;
    write(join(dir, 'waiver', 'phone.yaml'), yaml);
    const waiverLine = yaml.split('\n').findIndex((l) => l.includes('- assertion: no-cross-border')) + 1;
    const active = leakspec(['run', join(dir, 'waiver'), '--out', join(dir, 'r-active')], { env: { LEAKSPEC_TODAY: '2027-01-31' } });
    assert.equal(active.code, 1);
    const a = readJUnit(join(dir, 'r-active', 'junit.xml')).suites[0];
    assert.equal(a.cases.find((c) => c.name === 'leaky \u203a no-cross-border')!.failure, null);
    assert.ok(a.cases.find((c) => c.name === 'leaky \u203a no-plaintext')!.failure, 'other assertions still fail');
    assert.match(a.systemOut, /waived zzhc\.vnet\.cn .* until 2027-01-31 \(PRIV-123\)/);
    assert.match(active.stdout, /2027-01-31 \(set by LEAKSPEC_TODAY\)/);

    const expired = leakspec(['run', join(dir, 'waiver'), '--out', join(dir, 'r-expired')], { env: { LEAKSPEC_TODAY: '2027-02-01' } });
    const e = readJUnit(join(dir, 'r-expired', 'junit.xml')).suites[0];
    const f = e.cases.find((c) => c.name === 'leaky \u203a no-cross-border')!.failure!;
    assert.ok(f, 'an expired waiver fails its assertion');
    assert.ok(f.text.includes(`phone.yaml:${waiverLine}`), `names the waiver's line ${waiverLine}:\n${f.text}`);
    assert.equal(expired.code, 1);
  });
});
