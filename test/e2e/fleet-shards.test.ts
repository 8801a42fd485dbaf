import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/paths.js';
import { leakspec } from './cli.js';
import { normalJUnit, normalJson, reportScenarios, writeFleet } from './fleet-support.js';

describe('leakspec run --shard and merge-reports (end to end)', function () {
  let dir: string;
  let specs: string;
  before(function () {
    dir = tempDir();
    specs = writeFleet(dir, 3, 4);
  });

  for (const strict of [false, true]) {
    it(`merges 3 shards into the reports of a full run${strict ? ' (--junit-strict)' : ''}`, function () {
      const root = join(dir, strict ? 'strict' : 'plain');
      const extra = strict ? ['--junit-strict'] : [];
      const full = leakspec(['run', specs, '--jobs', '1', '--out', join(root, 'full'), ...extra]);
      assert.equal(full.code, 1, full.stderr);
      const shards = [1, 2, 3].map((i) => join(root, `shard-${i}`));
      shards.forEach((out, i) => {
        const r = leakspec(['run', specs, '--jobs', '1', '--shard', `${i + 1}/3`, '--out', out, ...extra]);
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
      });
      const parts = shards.map((s) => reportScenarios(join(s, 'report.json')));
      const all = reportScenarios(join(root, 'full', 'report.json'));
      assert.equal(all.length, 12);
      assert.equal(new Set(parts.flat()).size, parts.flat().length, 'no scenario is in two shards');
      assert.deepEqual([...parts.flat()].sort(), [...all].sort(), 'the shards cover every scenario');
      assert.ok(parts.filter((p) => p.length).length >= 2, `scenarios spread over shards: ${JSON.stringify(parts)}`);

      // Shards in any order on the command line.
      const m = leakspec(['merge-reports', shards[2], shards[0], shards[1], '--out', join(root, 'merged')]);
      assert.equal(m.code, 1, m.stderr + m.stdout);
      assert.match(m.stdout, /48 tests, \d+ failed/);
      assert.equal(normalJson(join(root, 'merged', 'report.json')), normalJson(join(root, 'full', 'report.json')));
      assert.equal(normalJUnit(join(root, 'merged', 'junit.xml')), normalJUnit(join(root, 'full', 'junit.xml')));
    });
  }

  it('refuses an incomplete or overlapping set of shards', function () {
    const root = join(dir, 'plain');
    const missing = leakspec(['merge-reports', join(root, 'shard-1'), join(root, 'shard-2'), '--out', join(dir, 'm2')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /shard 3\/3 missing/);
    const twice = leakspec(['merge-reports', join(root, 'shard-1'), join(root, 'shard-1'), join(root, 'shard-2'), join(root, 'shard-3'), '--out', join(dir, 'm3')]);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /shard 1\/3 is also in/);
    const none = leakspec(['merge-reports', join(dir, 'captures'), '--out', join(dir, 'm4')]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no report\.json or junit\.xml/);
    const stats = JSON.parse(readFileSync(join(root, 'merged', 'report.json'), 'utf8')).stats;
    assert.deepEqual(Object.keys(stats), ['suites', 'tests', 'passed', 'failed']);
  });
});
