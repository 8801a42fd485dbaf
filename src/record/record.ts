/** Recording scenarios: driver, steps, capture check, atomic write, diagnostics, cleanup. */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ResolvedScenario, ResolvedSpec } from '../spec/types.js';
import { untilAborted } from './abort.js';
import { checkRecordedCapture } from './capture-check.js';
import { describeStep, parseRecordConfig } from './config.js';
import { driverFor } from './drivers/index.js';
import { catchInterrupts } from './interrupts.js';
import { LogBuffer } from './log-buffer.js';
import { RecordFailure, messageOf } from './record-error.js';
import { runSteps } from './steps.js';
import type { DriverContext, RecordConfig, RecordOptions, RecordOutcome } from './types.js';

/** Default whole-recording timeout per scenario: 30 minutes. */
export const DEFAULT_RECORD_TIMEOUT_MS = 30 * 60_000;

/** How long cleanup may take before the recording gives up on it (and says so). */
const CLEANUP_CAP_MS = 60_000;

/** `Nokia 7 Plus`, `first boot` -> `nokia-7-plus-first-boot`: the name of a scenario's diagnostics files. */
export function scenarioSlug(model: string, scenario: string): string {
  const slug = (s: string): string =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return [slug(model), slug(scenario)].filter(Boolean).join('-') || 'scenario';
}

/** Where the capture of a scenario is written: its `capture` path (the first, for a list). */
export function recordTarget(scenario: ResolvedScenario): string {
  const ref = scenario.captures[0];
  if (!ref || ref.kind !== 'file') throw new RecordFailure('a recording writes a capture file, but this scenario\'s capture is a URL ({ url, sha256 })');
  return ref.path;
}

function formatDuration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}

async function withCap(p: Promise<void>, ms: number, onLate: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const r = await Promise.race([p.then(() => 'ok' as const, () => 'ok' as const), late]);
  clearTimeout(timer);
  if (r === 'late') onLate();
}

/** The log written next to the reports when a recording fails. */
function diagnostics(spec: ResolvedSpec, scenario: ResolvedScenario, config: RecordConfig | null, error: string, log: string): string {
  const lines = [
    `spec: ${spec.file}:${scenario.loc.line}`,
    `scenario: ${spec.model} \u203a ${scenario.name}`,
    `driver: ${config?.driver.kind ?? '?'}`,
    ...(config?.steps ?? []).map((s, i) => `step ${i + 1}: ${describeStep(s)}`),
    `error: ${error}`,
    '',
    log,
  ];
  return `${lines.join('\n')}\n`;
}

async function perform(config: RecordConfig, ctx: DriverContext, tmp: string): Promise<number> {
  const session = driverFor(config.driver).session(config.driver, ctx);
  try {
    await untilAborted(session.start(), ctx.signal);
    await runSteps(config.steps, session, ctx.signal, ctx.log);
    await untilAborted(session.collect(tmp), ctx.signal);
    return checkRecordedCapture(tmp, `the ${config.driver.kind} recording`);
  } finally {
    await withCap(session.cleanup(), CLEANUP_CAP_MS, () => ctx.log.write(`[leakspec] cleanup did not finish within ${CLEANUP_CAP_MS / 1000} s\n`));
  }
}

/**
 * Records one scenario: runs its `record` block and, when the capture is
 * good (a pcap or pcapng with at least one packet), moves it over the
 * scenario's capture path. A failure leaves the old capture untouched and
 * writes `<outDir>/record/<slug>.log` (and the partial capture, when there
 * is one, as `<slug>.partial`). A scenario without `record` is skipped.
 */
export async function recordScenario(spec: ResolvedSpec, scenario: ResolvedScenario, opts: RecordOptions & { signal?: AbortSignal }): Promise<RecordOutcome> {
  const started = Date.now();
  const base = { specFile: spec.file, model: spec.model, scenario: scenario.name };
  if (scenario.record === null) {
    return { ...base, status: 'skipped', driver: null, capture: null, bytes: null, error: null, logFile: null, ms: 0 };
  }
  const config = parseRecordConfig(scenario.record);
  const slug = scenarioSlug(spec.model, scenario.name);
  const logDir = join(opts.outDir, 'record');
  const log = new LogBuffer();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_RECORD_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new RecordFailure(`the recording timed out after ${formatDuration(timeoutMs)}`)), timeoutMs);
  const onOuter = (): void => controller.abort(opts.signal!.reason);
  opts.signal?.addEventListener('abort', onOuter, { once: true });
  if (opts.signal?.aborted) onOuter();
  let dest: string | null = null;
  let workDir: string | null = null;
  let error: RecordFailure | null = null;
  let bytes: number | null = null;
  try {
    dest = recordTarget(scenario);
    mkdirSync(dirname(dest), { recursive: true });
    workDir = mkdtempSync(join(dirname(dest), '.leakspec-record-'));
    const tmp = join(workDir, 'recorded');
    const ctx: DriverContext = { signal: controller.signal, log, workDir, id: randomBytes(4).toString('hex'), cwd: dirname(spec.file) };
    try {
      bytes = await perform(config, ctx, tmp);
      renameSync(tmp, dest);
    } catch (e) {
      error = e instanceof RecordFailure ? e : new RecordFailure(messageOf(e), { cause: e });
      if (controller.signal.aborted && !(e instanceof RecordFailure && e.message.includes(messageOf(controller.signal.reason)))) {
        error = new RecordFailure(`${messageOf(controller.signal.reason)} (${error.message})`, { cause: e });
      }
      if (existsSync(tmp) && statSync(tmp).size > 0) {
        mkdirSync(logDir, { recursive: true });
        copyFileSync(tmp, join(logDir, `${slug}.partial`));
        log.write(`[leakspec] the partial capture is kept as ${join(logDir, `${slug}.partial`)}\n`);
      }
    }
  } catch (e) {
    error = e instanceof RecordFailure ? e : new RecordFailure(messageOf(e), { cause: e });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuter);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }
  const ms = Date.now() - started;
  const logFile = join(logDir, `${slug}.log`);
  if (!error) {
    rmSync(logFile, { force: true });
    rmSync(join(logDir, `${slug}.partial`), { force: true });
    return { ...base, status: 'recorded', driver: config.driver.kind, capture: dest, bytes, error: null, logFile: null, ms };
  }
  mkdirSync(logDir, { recursive: true });
  writeFileSync(logFile, diagnostics(spec, scenario, config, error.message, log.text()));
  return { ...base, status: 'failed', driver: config.driver.kind, capture: dest, bytes: null, error: { code: error.code, message: error.message }, logFile, ms };
}

/**
 * Records the scenarios in order, one at a time. SIGINT, SIGTERM and SIGHUP
 * abort the recording under way (its cleanup runs) and stop the rest;
 * `interrupted` then names the signal, for the caller to end the process with.
 */
export async function recordScenarios(
  items: ReadonlyArray<{ spec: ResolvedSpec; scenarios: readonly ResolvedScenario[] }>,
  opts: RecordOptions,
): Promise<{ outcomes: RecordOutcome[]; interrupted: NodeJS.Signals | null }> {
  const controller = new AbortController();
  let interrupted: NodeJS.Signals | null = null;
  const release = catchInterrupts((signal) => {
    interrupted = signal;
    opts.progress?.write(`\n${signal}: stopping the recording and cleaning up...\n`);
    controller.abort(new RecordFailure(`the recording was interrupted by ${signal}`));
  });
  // Cleanup must not depend on the output: a reader that went away (EPIPE) must not end the process.
  const ignore = (): void => undefined;
  opts.progress?.on('error', ignore);
  const outcomes: RecordOutcome[] = [];
  try {
    for (const { spec, scenarios } of items) {
      for (const scenario of scenarios) {
        if (interrupted) return { outcomes, interrupted };
        if (scenario.record !== null) opts.progress?.write(`recording ${spec.model} \u203a ${scenario.name}...\n`);
        const o = await recordScenario(spec, scenario, { ...opts, signal: controller.signal });
        outcomes.push(o);
        opts.progress?.write(progressLine(o));
      }
    }
  } finally {
    release();
    opts.progress?.off('error', ignore);
  }
  return { outcomes, interrupted };
}

/** One line (two for a failure) saying how a recording went. */
export function progressLine(o: RecordOutcome): string {
  const secs = `${(o.ms / 1000).toFixed(1)} s`;
  if (o.status === 'skipped') return `  ${o.model} \u203a ${o.scenario}: no record block, capture kept\n`;
  if (o.status === 'recorded') return `  recorded ${o.capture} (${o.bytes} bytes, ${o.driver}, ${secs})\n`;
  return `  FAILED (${o.error!.code}): ${o.error!.message.split('\n').join('\n    ')}\n  diagnostics: ${o.logFile}\n`;
}
