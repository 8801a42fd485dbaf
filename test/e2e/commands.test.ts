import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir } from '../support/paths.js';
import { ADDR, bootCapture, leakBody, specYaml } from './captures.js';
import { leakspec, readJUnit, write } from './cli.js';

describe('leakspec inspect, validate, geo (end to end)', function () {
  let dir: string;
  before(function () {
    dir = tempDir();
    write(join(dir, 'leaky.pcapng'), bootCapture({ leakBody: leakBody() }));
    write(join(dir, 'spec.yaml'), specYaml({ leaky: 'leaky.pcapng' }));
  });

  it('inspect --json prints the analysis contract, with identifiers when given a spec', function () {
    const r = leakspec(['inspect', join(dir, 'leaky.pcapng'), '--json', '--spec', join(dir, 'spec.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout);
    for (const k of ['file', 'format', 'sha256', 'packets', 'bytes', 'first_ts', 'last_ts']) assert.ok(k in a.capture, `capture.${k}`);
    assert.equal(a.capture.format, 'pcapng');
    assert.match(a.capture.sha256, /^[0-9a-f]{64}$/);
    for (const f of a.flows) {
      for (const k of ['id', 'transport', 'client', 'server', 'protocol', 'encrypted', 'tls_version', 'names', 'sni', 'http_host', 'country', 'asn', 'as_org', 'first_frame', 'last_frame', 'bytes_up', 'bytes_down', 'findings']) {
        assert.ok(k in f, `flow.${k}`);
      }
    }
    const leak = a.flows.find((f: { server: { ip: string } }) => f.server.ip === ADDR.cn);
    assert.ok(leak.findings.length >= 3);
    assert.ok(a.dns.some((d: { name: string; answers: string[] }) => d.name === 'zzhc.vnet.cn' && d.answers.includes(ADDR.cn)));
    assert.ok(a.tls.some((t: { sni: string }) => t.sni === 'activation.hmdglobal.com'));
    assert.ok(a.http.some((h: { method: string; host: string; path: string; status: number }) => h.method === 'POST' && h.host === 'zzhc.vnet.cn' && h.path === '/zzhc/v1/activate' && h.status === 200));
    assert.equal(typeof a.geo_db.build_date, 'string');
  });

  it('inspect prints a flow table', function () {
    const r = leakspec(['inspect', join(dir, 'leaky.pcapng')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /zzhc\.vnet\.cn/);
    assert.match(r.stdout, /activation\.hmdglobal\.com/);
  });

  it('validate exits 0 for a good spec and 2 when a capture is missing', function () {
    assert.equal(leakspec(['validate', join(dir, 'spec.yaml')]).code, 0);
    write(join(dir, 'v2', 'spec.yaml'), specYaml({ gone: 'gone.pcap' }));
    const r = leakspec(['validate', join(dir, 'v2')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /spec\.yaml:\d+:\d+: .*gone\.pcap/);
  });

  it('geo prints country, ASN and organisation', function () {
    const r = leakspec(['geo', ADDR.cn, '10.0.2.15']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /202\.97\.1\.1\s+CN\s+AS4134/);
    assert.match(r.stdout, /10\.0\.2\.15\s+LOCAL/);
  });

  it('rejects unknown commands and options with exit 2', function () {
    assert.equal(leakspec(['frobnicate']).code, 2);
    for (const inherited of ['constructor', 'toString', '__proto__']) {
      const r = leakspec([inherited]);
      assert.equal(r.code, 2, inherited);
      assert.match(r.stderr, /unknown command/, inherited);
    }
    assert.equal(leakspec(['run', '--no-such-option']).code, 2);
    assert.equal(leakspec(['run', '--shard', '3/2']).code, 2);
  });
});

describe('the bundled example (specs/nokia-7-plus.yaml)', function () {
  it('fails all four assertions on the leaky build 00WW_3_22C and passes them on 00WW_3_22D', function () {
    const out = tempDir();
    const r = leakspec(['run', join(repoRoot, 'specs'), '--out', out]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const suite = readJUnit(join(out, 'junit.xml')).suites.find((s) => s.attrs.name === 'Nokia 7 Plus');
    assert.ok(suite, 'a suite for the Nokia 7 Plus');
    const failed = suite.cases.filter((c) => c.failure).map((c) => c.name);
    const passed = suite.cases.filter((c) => !c.failure).map((c) => c.name);
    assert.equal(failed.length, 4, `failed: ${failed.join(', ')}`);
    assert.equal(passed.length, 4, `passed: ${passed.join(', ')}`);
    assert.ok(failed.every((n) => n.includes('00WW_3_22C') || !n.includes('00WW_3_22D')));
    const text = suite.cases.filter((c) => c.failure).map((c) => c.failure!.text).join('\n');
    assert.match(text, /zzhc\.vnet\.cn/);
    assert.match(text, /imei/);
    assert.match(readFileSync(join(out, 'report.json'), 'utf8'), /"country": "CN"/);
  });
});
