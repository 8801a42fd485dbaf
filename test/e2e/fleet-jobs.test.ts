import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../support/paths.js';
import { leakspec } from './cli.js';
import { normalJUnit, normalJson, writeFleet } from './fleet-support.js';

function traced(stderr: string): Array<{ file: string; thread: number }> {
  return [...stderr.matchAll(/^leakspec: trace: analysed (.+) in thread (\d+)$/gm)].map((m) => ({ file: m[1], thread: Number(m[2]) }));
}

describe('leakspec run --jobs (end to end)', function () {
  let dir: string;
  let specs: string;
  before(function () {
    dir = tempDir();
    // 2 spec files of 4 scenarios; the last scenario of each reuses a capture: 6 captures.
    specs = writeFleet(dir, 2, 4);
  });

  it('writes byte-identical report.json and junit.xml (but for times) on two runs, --jobs 1 and --jobs 4, and the workers really ran', function () {
    const env = { LEAKSPEC_TRACE_JOBS: '1' };
    const one = leakspec(['run', specs, '--jobs', '1', '--out', join(dir, 'r1')], { env });
    const four = leakspec(['run', specs, '--jobs', '4', '--out', join(dir, 'r4')], { env });
    assert.equal(one.code, 1, one.stderr);
    assert.equal(four.code, 1, four.stderr);
    assert.equal(normalJson(join(dir, 'r4', 'report.json')), normalJson(join(dir, 'r1', 'report.json')));
    assert.equal(normalJUnit(join(dir, 'r4', 'junit.xml')), normalJUnit(join(dir, 'r1', 'junit.xml')));
    const t1 = traced(one.stderr);
    const t4 = traced(four.stderr);
    for (const t of [t1, t4]) {
      assert.equal(t.length, 6, 'each capture analysed once');
      assert.equal(new Set(t.map((x) => x.file)).size, 6);
    }
    assert.ok(t1.every((x) => x.thread === 0), four.stderr);
    assert.ok(t4.every((x) => x.thread > 0), `--jobs 4 must analyse in worker threads:\n${four.stderr}`);
    assert.equal(new Set(t4.map((x) => x.thread)).size, 4, 'four workers each took a capture');
  });

  it('rejects a --jobs that is not a whole number from 1', function () {
    const r = leakspec(['run', specs, '--jobs', '0', '--out', join(dir, 'bad')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--jobs takes a whole number from 1 to 1024/);
  });
});
