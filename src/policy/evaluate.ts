/** Evaluating a scenario's assertions over its analysed captures. */
import type { CaptureAnalysis } from '../analysis/types.js';
import { ErrorCodes, LeakspecError, UsageError } from '../errors.js';
import type { AssertionName, ResolvedScenario } from '../spec/types.js';
import { assertions } from './assertions/index.js';
import type { Assertion } from './assertions/types.js';
import { toEvidence } from './evidence.js';
import { type FlowContext, flowContexts } from './flow-context.js';
import { fullMessage, scenarioLine, summarize } from './message.js';
import type { AssertionResult } from './types.js';
import { applyWaivers, type OffenceItem } from './waivers.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the text is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * "Today" for waiver expiry, YYYY-MM-DD in UTC: `LEAKSPEC_TODAY` when set
 * (an empty value counts as unset), else the clock's UTC date. A value that
 * is not a real YYYY-MM-DD date throws a UsageError.
 */
export function todayUtc(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const fixed = env.LEAKSPEC_TODAY;
  if (fixed !== undefined && fixed !== '') {
    if (!isIsoDate(fixed)) throw new UsageError(`LEAKSPEC_TODAY must be a date written YYYY-MM-DD, got "${fixed}"`);
    return fixed;
  }
  return now.toISOString().slice(0, 10);
}

function failed(scenario: ResolvedScenario, name: AssertionName, error: { code: string; message: string }): AssertionResult {
  return {
    assertion: name,
    status: 'failed',
    summary: error.message.split('\n')[0],
    message: `error ${error.code}: ${error.message}\n\n${scenarioLine(scenario)}`,
    offenders: [],
    waived: [],
    errors: [{ code: error.code, message: error.message }],
    unusedWaivers: [],
  };
}

/** Every expected assertion of the scenario failed with one error (a capture that cannot be read, ...). */
export function failScenario(scenario: ResolvedScenario, error: { code: string; message: string }): AssertionResult[] {
  return scenario.expect.map((name) => failed(scenario, name, error));
}

/** The errors of every analysis (a capture unfit to judge), each naming its capture file. */
function captureErrors(analyses: readonly CaptureAnalysis[]): Array<{ code: string; message: string }> {
  return analyses.flatMap((a) =>
    (a.errors ?? []).map((e) => ({
      code: e.code,
      message: e.message.includes(a.capture.file) ? e.message : `${a.capture.file}: ${e.message}`,
    })),
  );
}

function evaluateAssertion(
  assertion: Assertion,
  scenario: ResolvedScenario,
  contexts: readonly FlowContext[],
  errors: ReadonlyArray<{ code: string; message: string }>,
  today: string,
): AssertionResult {
  const items: OffenceItem[] = [];
  for (const ctx of contexts) {
    const offence = assertion.check(ctx);
    if (offence) items.push({ ctx, evidence: toEvidence(ctx, offence) });
  }
  const waived = applyWaivers(assertion.name, items, scenario.waivers, today);
  const outcome = { ...waived, errors: [...errors.map((e) => ({ ...e })), ...waived.errors] };
  const status = outcome.offenders.length > 0 || outcome.errors.length > 0 ? 'failed' : 'passed';
  const partial = { assertion: assertion.name, status, ...outcome } as const;
  return { ...partial, summary: summarize(assertion, outcome), message: fullMessage(assertion, scenario, partial) };
}

/**
 * One result per entry of `scenario.expect`, in that order. Every flow of
 * every analysis is judged against the scenario's resolved policy, allow
 * rules (first match wins) and waivers; `opts.today` (YYYY-MM-DD, see
 * todayUtc) decides which waivers are active. Evidence names the capture
 * file each flow came from. An analysis with `errors` (a capture unfit to
 * judge) fails every assertion with them, its flows still judged and shown;
 * with no analysis at all, every assertion fails (nothing passes unchecked).
 */
export function evaluateScenario(
  scenario: ResolvedScenario,
  analyses: readonly CaptureAnalysis[],
  opts: { today: string },
): AssertionResult[] {
  if (!isIsoDate(opts.today)) throw new LeakspecError(ErrorCodes.INTERNAL, `today must be YYYY-MM-DD, got "${opts.today}"`);
  if (analyses.length === 0) {
    return failScenario(scenario, { code: ErrorCodes.INTERNAL, message: `no capture was analysed for scenario "${scenario.name}"` });
  }
  const contexts = analyses.flatMap((a) => flowContexts(a, scenario.policy, scenario.allow));
  const errors = captureErrors(analyses);
  return scenario.expect.map((name) => {
    const assertion = (assertions as Partial<Record<string, Assertion>>)[name];
    if (!assertion) {
      return failed(scenario, name, { code: ErrorCodes.NOT_IMPLEMENTED, message: `assertion "${name}" is not implemented yet` });
    }
    return evaluateAssertion(assertion, scenario, contexts, errors, opts.today);
  });
}
