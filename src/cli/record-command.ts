/** `leakspec record [paths...]` and the recording half of `leakspec run --record`. */
import { resolve } from 'node:path';
import { ErrorCodes, UsageError } from '../errors.js';
import { failScenario } from '../policy/index.js';
import { parseDuration, recordScenarios, resendSignal, type RecordOutcome } from '../record/index.js';
import { planRun, type Plan } from '../runner/plan.js';
import type { ScenarioRun } from '../runner/types.js';
import type { ResolvedScenario } from '../spec/types.js';
import { parse } from './args.js';

function timeoutOption(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const ms = parseDuration(String(v));
  if (ms === null || ms <= 0) throw new UsageError(`--timeout takes a duration such as 90s, 30m or 1h, not '${String(v)}'`);
  return ms;
}

/**
 * Ends the process as the interrupting signal would, cleanup being done.
 * Another library's signal listener may handle the signal first and send it
 * again, so the process waits a moment for it; 130 if it survives that.
 */
async function endInterrupted(signal: NodeJS.Signals): Promise<number> {
  process.stderr.write(`leakspec: recording interrupted by ${signal}; containers and namespaces were cleaned up\n`);
  resendSignal(signal);
  await new Promise((r) => setTimeout(r, 2000));
  return 130;
}

function summary(outcomes: RecordOutcome[]): string {
  const n = (s: RecordOutcome['status']): number => outcomes.filter((o) => o.status === s).length;
  return `${n('recorded')} recorded, ${n('failed')} failed${n('skipped') ? `, ${n('skipped')} without a record block` : ''}\n`;
}

/** `leakspec record [paths...] [--grep TEXT] [--out DIR] [--timeout DURATION]`: exit 0 all recorded, 1 a recording failed, 2 usage or spec error. */
export async function recordCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    grep: { type: 'string' },
    out: { type: 'string' },
    timeout: { type: 'string' },
  });
  const timeoutMs = timeoutOption(values.timeout);
  const grep = values.grep !== undefined ? String(values.grep) : null;
  const plan = planRun(positionals.length ? positionals : ['specs'], { grep });
  if (plan.errors.length) {
    for (const e of plan.errors) process.stderr.write(`${e}\n`);
    process.stderr.write(`\n${plan.errors.length} spec error${plan.errors.length === 1 ? '' : 's'}: nothing was recorded\n`);
    return 2;
  }
  const items = plan.specs.map(({ spec, scenarios }) => ({ spec, scenarios: scenarios.filter((s) => s.record !== null) }));
  if (!items.some((i) => i.scenarios.length)) {
    throw new UsageError(grep ? `--grep '${grep}' matches no scenario with a record block` : 'no scenario has a record block: nothing to record');
  }
  const outDir = resolve(values.out !== undefined ? String(values.out) : 'reports');
  const { outcomes, interrupted } = await recordScenarios(items, { outDir, timeoutMs, progress: process.stdout });
  if (interrupted) return await endInterrupted(interrupted);
  process.stdout.write(summary(outcomes));
  return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}

/**
 * `run --record`: records the planned scenarios that have a `record` block
 * (others keep their capture). Returns the failed recordings, whose
 * scenarios then fail without being analysed.
 */
export async function recordBeforeRun(specs: Plan['specs'], outDir: string): Promise<Map<ResolvedScenario, { code: string; message: string }>> {
  const items = specs.map(({ spec, scenarios }) => ({ spec, scenarios: scenarios.filter((s) => s.record !== null) }));
  const failed = new Map<ResolvedScenario, { code: string; message: string }>();
  if (!items.some((i) => i.scenarios.length)) return failed;
  const { outcomes, interrupted } = await recordScenarios(items, { outDir: resolve(outDir), progress: process.stderr });
  if (interrupted) process.exit(await endInterrupted(interrupted));
  const bySpec = new Map(items.map((i) => [i.spec.file, i.scenarios]));
  for (const o of outcomes) {
    if (o.status !== 'failed' || !o.error) continue;
    const scenario = bySpec.get(o.specFile)?.find((s) => s.name === o.scenario);
    if (!scenario) continue;
    failed.set(scenario, { code: o.error.code ?? ErrorCodes.RECORD_FAILED, message: `recording failed: ${o.error.message}${o.logFile ? `\ndiagnostics: ${o.logFile}` : ''}` });
  }
  return failed;
}

/** The run of a scenario whose recording failed: every assertion fails with the recording's error. */
export function recordFailureRun(scenario: ResolvedScenario, failed: Map<ResolvedScenario, { code: string; message: string }> | null): ScenarioRun | null {
  const error = failed?.get(scenario);
  return error ? { scenario, analyses: [], results: failScenario(scenario, error), error } : null;
}
