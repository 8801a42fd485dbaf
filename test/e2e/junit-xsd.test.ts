import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeByTime, writePcapng } from '../support/packets.js';
import { repoRoot, tempDir } from '../support/paths.js';
import { requireTool } from '../support/tools.js';
import { ADDR, dns, httpPost, leakBody, specYaml } from './captures.js';
import { leakspec, readJUnit, write } from './cli.js';

const XSD = join(repoRoot, 'test', 'schemas', 'junit-10.xsd');

function xmllint(file: string): { ok: boolean; out: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stderr + r.stdout };
}

describe('JUnit output against the junit-10 XSD', function () {
  let dir: string;
  const hostile = 'evil<script>alert(1)</script>\u0001\u001b]0;pwn\u0007.example';
  before(function () {
    requireTool(this, 'xmllint');
    dir = tempDir();
    const t0 = 1_767_225_600;
    // A Host header with markup and control bytes: it must reach the report as inert text.
    const records = mergeByTime(dns(t0, 'zzhc.vnet.cn', ADDR.cn), httpPost(t0 + 1, hostile, ADDR.cn, '/a?<b>&c', leakBody()));
    write(join(dir, 'c.pcapng'), writePcapng(records));
    write(join(dir, 'spec.yaml'), specYaml({ 'hostile & <odd> "name"': 'c.pcapng' }));
  });

  it('--junit-strict output validates against the XSD, with hostile capture strings escaped', function () {
    const r = leakspec(['run', join(dir, 'spec.yaml'), '--out', join(dir, 'strict'), '--junit-strict', '--reporter', 'junit']);
    assert.equal(r.code, 1, r.stderr);
    const file = join(dir, 'strict', 'junit.xml');
    const v = xmllint(file);
    assert.ok(v.ok, v.out);
    const xml = readFileSync(file, 'utf8');
    assert.ok(!xml.includes('<script>'), 'markup from the capture is escaped');
    assert.ok(!/[\u0001\u0007\u001b]/.test(xml), 'control bytes forbidden by XML 1.0 are replaced');
    const cases = readJUnit(file).suites[0].cases;
    assert.equal(cases[0].name, 'hostile & <odd> "name" \u203a no-plaintext');
    assert.ok(cases[0].failure!.text.includes('evil<script>alert(1)</script>'), 'the hostile name is shown as text');
    assert.ok(!('file' in cases[0].attrs) && !('line' in cases[0].attrs));
  });

  it('default output adds file and line on testcase, and is otherwise valid', function () {
    const r = leakspec(['run', join(dir, 'spec.yaml'), '--out', join(dir, 'default'), '--reporter', 'junit']);
    assert.equal(r.code, 1, r.stderr);
    const file = join(dir, 'default', 'junit.xml');
    const cases = readJUnit(file).suites[0].cases;
    assert.equal(cases[0].attrs.file, join(dir, 'spec.yaml'), 'outside the working folder the path stays absolute');
    const yaml = readFileSync(join(dir, 'spec.yaml'), 'utf8');
    assert.equal(Number(cases[0].attrs.line), yaml.split('\n').findIndex((l) => l.includes('- name: hostile')) + 1);
    const v = xmllint(file);
    assert.ok(!v.ok, 'the XSD lacks testcase file/line: the default output is expected to differ there');
    assert.match(v.out, /attribute 'file' is not allowed|attribute 'line' is not allowed/);
    const stripped = join(dir, 'default', 'stripped.xml');
    writeFileSync(stripped, readFileSync(file, 'utf8').replace(/(<testcase [^>]*?) file="[^"]*" line="\d+"/g, '$1'));
    const v2 = xmllint(stripped);
    assert.ok(v2.ok, v2.out);
  });
});
