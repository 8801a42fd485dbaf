import assert from 'node:assert/strict';
import { checkShardSet, mergeJsonReports, type JsonReport } from '../../src/runner/merge-json.js';
import { mergeJUnit } from '../../src/runner/merge-junit.js';

function report(shard: JsonReport['shard'], scenarios: Array<[string, number]>, extra: Partial<JsonReport> = {}): JsonReport {
  return {
    leakspec: { version: '1.0.0', report_format: 1 },
    started_at: '2026-01-01T00:00:00.000Z',
    today: '2026-01-01',
    today_from_env: false,
    shard,
    geo_dbs: [],
    stats: { suites: 1, tests: scenarios.length, passed: scenarios.length, failed: 0 },
    suites: [{ name: 'M', file: '/s/m.yaml', device: null, scenarios: scenarios.map(([name, line]) => ({ name, file: '/s/m.yaml', line })) }],
    ...extra,
  };
}

const junit = (cases: string[], out: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="leakspec" tests="1" failures="0" errors="0" time="0.001">\n  <testsuite name="M" tests="1" failures="0" errors="0" skipped="0" time="0.001" timestamp="2026-01-01T00:00:00" id="0" file="s/m.yaml">\n    <properties>\n      <property name="leakspec.version" value="1"/>\n    </properties>\n${cases.join('\n')}\n    <system-out>${out}</system-out>\n  </testsuite>\n</testsuites>\n`;

describe('runner: merging shard reports', function () {
  const where = (r: JsonReport, i: number): { where: string; report: JsonReport } => ({ where: `r${i}`, report: r });

  it('orders scenarios by spec file and line, summing stats', function () {
    const m = mergeJsonReports([report({ index: 2, total: 2 }, [['b', 20]]), report({ index: 1, total: 2 }, [['a', 10], ['c', 30]])]);
    assert.deepEqual(m.suites[0].scenarios.map((s) => s.name), ['a', 'b', 'c']);
    assert.deepEqual(m.stats, { suites: 1, tests: 3, passed: 3, failed: 0 });
    assert.equal(m.shard, null);
  });

  it('refuses a missing, doubled or foreign shard, another today, and a scenario twice', function () {
    const s = (i: number, t = 3): JsonReport => report({ index: i, total: t }, [[`x${i}`, i]]);
    assert.throws(() => checkShardSet([s(1), s(3)].map(where)), /shard 2\/3 missing/);
    assert.throws(() => checkShardSet([s(1), s(1), s(2), s(3)].map(where)), /shard 1\/3 is also in r0/);
    assert.throws(() => checkShardSet([s(1), s(2, 4)].map(where)), /expected one of N = 3/);
    assert.throws(() => checkShardSet([s(1, 2), report({ index: 2, total: 2 }, [], { today: '2026-02-01' })].map(where)), /today = 2026-02-01/);
    assert.doesNotThrow(() => checkShardSet([report(null, [['a', 1]]), report(null, [['b', 2]])].map(where)));
    assert.throws(() => mergeJsonReports([report(null, [['a', 1]]), report(null, [['a', 1]])]), /scenario 'a' .* more than one report/);
  });

  it('puts JUnit testcases and waiver notes in spec order, whatever the shard order', function () {
    const tc = (name: string, line: number): string => `    <testcase name="${name}" classname="M" time="0.001" file="s/m.yaml" line="${line}"/>`;
    const xml = mergeJUnit([
      { where: 'b', xml: junit([tc('b \u203a no-plaintext', 20)], 'b \u203a no-plaintext: waived x until 2027-01-01: line one\nline two') },
      { where: 'a', xml: junit([tc('a \u203a no-plaintext', 10)], 'a \u203a no-plaintext: waived y until 2027-01-01: r') },
    ]);
    assert.ok(xml.indexOf('name="a \u203a') < xml.indexOf('name="b \u203a'), xml);
    assert.match(xml, /<system-out>a › no-plaintext: waived y until 2027-01-01: r\nb › no-plaintext: waived x until 2027-01-01: line one\nline two<\/system-out>/);
    assert.match(xml, /<testsuite name="M" tests="2" failures="0" errors="0" skipped="0" time="0.002" timestamp="2026-01-01T00:00:00" id="0" file="s\/m.yaml">/);
    assert.throws(() => mergeJUnit([{ where: 'x', xml: '<html/>' }]), /x: not a JUnit file written by leakspec/);
  });
});
