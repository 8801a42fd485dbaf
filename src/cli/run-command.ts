/** `leakspec run [paths...]` and `leakspec validate [paths...]`. */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_REPORTERS, orderReporters } from '../../reporters/index.js';
import { UsageError } from '../errors.js';
import { packageVersion } from '../paths.js';
import { todayUtc } from '../policy/index.js';
import { ScenarioAnalyzer } from '../runner/analyze-scenarios.js';
import { planRun } from '../runner/plan.js';
import { runSuites } from '../runner/suites.js';
import type { RunInfo } from '../runner/types.js';
import { intOption, parse, shardOption } from './args.js';
import { progressPrinter } from './progress.js';

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    reporter: { type: 'string' },
    out: { type: 'string' },
    grep: { type: 'string' },
    jobs: { type: 'string' },
    shard: { type: 'string' },
    'geo-db': { type: 'string' },
    'junit-strict': { type: 'boolean' },
    record: { type: 'boolean' },
  });
  if (values.record) throw new UsageError('--record is not implemented yet (LS_NOT_IMPLEMENTED): record captures first, then run');
  const reporters = orderReporters(values.reporter ? String(values.reporter).split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_REPORTERS);
  intOption('jobs', values.jobs, 1, 1024) ?? availableParallelism();
  const shard = shardOption(values.shard);
  const grep = values.grep !== undefined ? String(values.grep) : null;
  const today = todayUtc();
  const paths = positionals.length ? positionals : ['specs'];
  const plan = planRun(paths, { grep, shard });
  if (plan.errors.length) {
    for (const e of plan.errors) process.stderr.write(`${e}\n`);
    process.stderr.write(`\n${plan.errors.length} spec error${plan.errors.length === 1 ? '' : 's'}: nothing was run\n`);
    return 2;
  }
  const scenarioCount = plan.specs.reduce((n, s) => n + s.scenarios.length, 0);
  if (grep && scenarioCount === 0) throw new UsageError(`--grep '${grep}' matches no scenario`);
  const progress = progressPrinter(process.stderr);
  const analyzer = new ScenarioAnalyzer({ today, geoDb: values['geo-db'] ? resolve(String(values['geo-db'])) : null, onProgress: progress.update });
  const inputs = plan.specs
    .filter((s) => s.scenarios.length)
    .map(({ spec, scenarios }) => ({ spec, runs: scenarios.map((sc) => analyzer.run(spec, sc)) }));
  progress.done();
  const info: RunInfo = {
    version: packageVersion(),
    today,
    todayFromEnv: process.env.LEAKSPEC_TODAY !== undefined,
    startedAt: new Date().toISOString(),
    outDir: resolve(values.out !== undefined ? String(values.out) : 'reports'),
    geoDbs: [...analyzer.geoDbs.values()],
    shard,
    written: {},
  };
  if (!inputs.length) {
    process.stdout.write(shard ? `shard ${shard.index}/${shard.total} holds no scenario\n` : 'no scenarios to run\n');
  }
  const { failures } = await runSuites(inputs, info, reporters, process.stdout, { junitStrict: values['junit-strict'] === true });
  return failures > 0 ? 1 : 0;
}

export function validateCommand(args: string[]): number {
  const { positionals } = parse(args, {});
  const paths = positionals.length ? positionals : ['specs'];
  const plan = planRun(paths, { checkCaptures: true });
  for (const e of plan.errors) process.stderr.write(`${e}\n`);
  if (plan.errors.length) {
    process.stderr.write(`\n${plan.errors.length} spec error${plan.errors.length === 1 ? '' : 's'}\n`);
    return 2;
  }
  const scenarios = plan.specs.reduce((n, s) => n + s.scenarios.length, 0);
  process.stdout.write(
    `${plan.specs.length} spec file${plan.specs.length === 1 ? '' : 's'} valid (${scenarios} scenario${scenarios === 1 ? '' : 's'})` +
      (plan.partials.length ? `, ${plan.partials.length} partial file${plan.partials.length === 1 ? '' : 's'}` : '') +
      '\n',
  );
  return 0;
}
