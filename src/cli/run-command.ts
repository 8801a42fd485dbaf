/** `leakspec run [paths...]` and `leakspec validate [paths...]`. */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_REPORTERS, orderReporters } from '../../reporters/index.js';
import { UsageError } from '../errors.js';
import { displayPath, packageVersion } from '../paths.js';
import { todayUtc } from '../policy/index.js';
import { ScenarioAnalyzer } from '../runner/analyze-scenarios.js';
import { planRun } from '../runner/plan.js';
import { runSuites } from '../runner/suites.js';
import type { RunInfo } from '../runner/types.js';
import { intOption, parse, shardOption } from './args.js';
import { progressPrinter } from './progress.js';

/** The options of `leakspec run` (node:util parseArgs form). */
export const RUN_OPTIONS = {
  reporter: { type: 'string' },
  out: { type: 'string' },
  grep: { type: 'string' },
  jobs: { type: 'string' },
  shard: { type: 'string' },
  'geo-db': { type: 'string' },
  'junit-strict': { type: 'boolean' },
  record: { type: 'boolean' },
} as const;

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, RUN_OPTIONS);
  const reporters = orderReporters(values.reporter ? String(values.reporter).split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_REPORTERS);
  const jobs = intOption('jobs', values.jobs, 1, 1024) ?? availableParallelism();
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
  /* the recording code (container and netns drivers, undici) is loaded only for --record */
  const recording = values.record ? await import('./record-command.js') : null;
  const recordFailed = recording ? await recording.recordBeforeRun(plan.specs, values.out !== undefined ? String(values.out) : 'reports') : null;
  const progress = progressPrinter(process.stderr);
  const analyzer = new ScenarioAnalyzer({
    today,
    geoDb: values['geo-db'] ? resolve(String(values['geo-db'])) : null,
    jobs,
    onProgress: progress.update,
    onAnalysed: process.env.LEAKSPEC_TRACE_JOBS === '1' ? traceJob : undefined,
  });
  const planned = plan.specs.filter((s) => s.scenarios.length);
  await analyzer.prepare(planned);
  const inputs = planned.map(({ spec, scenarios }) => ({ spec, runs: scenarios.map((sc) => recording?.recordFailureRun(sc, recordFailed) ?? analyzer.run(spec, sc)) }));
  progress.done();
  const info: RunInfo = {
    version: packageVersion(),
    today,
    todayFromEnv: Boolean(process.env.LEAKSPEC_TODAY),
    startedAt: new Date().toISOString(),
    outDir: resolve(values.out !== undefined ? String(values.out) : 'reports'),
    geoDbs: [...analyzer.geoDbs.values()].sort((a, b) => compareText(`${a.name}|${a.build_date}`, `${b.name}|${b.build_date}`)),
    shard,
    written: {},
  };
  if (!inputs.length) {
    process.stdout.write(shard ? `shard ${shard.index}/${shard.total} holds no scenario\n` : 'no scenarios to run\n');
  }
  const { failures } = await runSuites(inputs, info, reporters, process.stdout, { junitStrict: values['junit-strict'] === true });
  return failures > 0 ? 1 : 0;
}

/** LEAKSPEC_TRACE_JOBS=1: one stderr line per analysed capture, naming the thread that analysed it (0: main). */
function traceJob(file: string, thread: number): void {
  process.stderr.write(`leakspec: trace: analysed ${displayPath(file)} in thread ${thread}\n`);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
