import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ScenarioAnalyzer } from '../../src/runner/analyze-scenarios.js';
import { jobKey } from '../../src/runner/capture-job.js';
import { runJobs, workerCount } from '../../src/runner/worker-pool.js';
import { planRun } from '../../src/runner/plan.js';
import { writeFleet } from '../e2e/fleet-support.js';
import { tempDir } from '../support/paths.js';

async function analyse(specs: string, jobs: number): Promise<{ runs: unknown[]; analysed: Array<{ file: string; thread: number }> }> {
  const plan = planRun([specs]);
  assert.deepEqual(plan.errors, []);
  const analysed: Array<{ file: string; thread: number }> = [];
  const analyzer = new ScenarioAnalyzer({ today: '2026-01-01', jobs, onAnalysed: (file, thread) => analysed.push({ file, thread }) });
  await analyzer.prepare(plan.specs);
  const runs = plan.specs.flatMap(({ spec, scenarios }) => scenarios.map((s) => analyzer.run(spec, s)));
  return { runs, analysed };
}

describe('runner: parallel analysis (worker pool)', function () {
  let specs: string;
  before(function () {
    specs = writeFleet(tempDir(), 2, 3);
  });

  it('gives the same scenario runs in workers as in the main thread, analysing each capture once', async function () {
    const main = await analyse(specs, 1);
    const pooled = await analyse(specs, 2);
    assert.deepEqual(pooled.runs, main.runs);
    // 2 files x 3 scenarios, the last of each reusing the first one's capture: 4 captures.
    for (const r of [main, pooled]) {
      assert.equal(r.analysed.length, 4);
      assert.equal(new Set(r.analysed.map((a) => a.file)).size, 4);
    }
    assert.ok(main.analysed.every((a) => a.thread === 0), 'jobs 1 runs in the main thread');
    assert.ok(pooled.analysed.every((a) => a.thread > 0), `jobs 2 runs in workers: ${JSON.stringify(pooled.analysed)}`);
    assert.equal(new Set(pooled.analysed.map((a) => a.thread)).size, 2, 'both workers took jobs');
  });

  it('returns a capture error from a worker as that job outcome', async function () {
    const job = { file: join(tempDir(), 'absent.pcapng'), identifiers: [], deviceAddresses: [], geo: { overrides: [] }, window: null };
    const other = { ...job, file: `${job.file}.2` };
    const results = await runJobs([{ key: jobKey(job), ...job }, { key: jobKey(other), ...other }], { jobs: 2 });
    const r = results.get(jobKey(job))!;
    assert.ok(r.thread > 0);
    assert.ok('code' in r.outcome && r.outcome.code === 'LS_CAPTURE_MISSING', JSON.stringify(r.outcome));
  });

  it('uses workers only when there are two job slots and two jobs', function () {
    assert.equal(workerCount(1, 8), 0);
    assert.equal(workerCount(4, 1), 0);
    assert.equal(workerCount(4, 8), 4);
    assert.equal(workerCount(8, 3), 3);
  });
});
