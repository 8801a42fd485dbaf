/** The validated raw `record` block -> typed RecordConfig (durations in milliseconds). */
import { ErrorCodes, LeakspecError } from '../errors.js';
import type { DriverConfig, RecordConfig, Step } from './types.js';

/** Default of `container.ready.timeout`. */
export const DEFAULT_READY_TIMEOUT_MS = 60_000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `120s`, `2m`, `500ms`, `1h`, `1.5s` -> milliseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * UNIT_MS[m[2]]);
}

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function bug(what: string): never {
  throw new LeakspecError(ErrorCodes.INTERNAL, `record block not as the schema promises: ${what}`);
}

function strings(x: unknown, what: string): string[] {
  if (!Array.isArray(x) || !x.every((v) => typeof v === 'string')) bug(`${what} is not a list of strings`);
  return x as string[];
}

function duration(x: unknown, what: string): number {
  const ms = typeof x === 'string' ? parseDuration(x) : null;
  if (ms === null) bug(`${what} is not a duration`);
  return ms;
}

function driverOf(raw: Record<string, unknown>): DriverConfig {
  if (isMap(raw.container)) {
    const c = raw.container;
    const ready = isMap(c.ready)
      ? { log: String(c.ready.log), timeoutMs: c.ready.timeout === undefined ? DEFAULT_READY_TIMEOUT_MS : duration(c.ready.timeout, 'ready.timeout') }
      : null;
    const env: Record<string, string> = {};
    if (isMap(c.env)) for (const [k, v] of Object.entries(c.env)) env[k] = String(v);
    return { kind: 'container', image: String(c.image), privileged: c.privileged === true, env, ready, capture: String(c.capture) };
  }
  if (isMap(raw.netns)) return { kind: 'netns' };
  if (raw.command !== undefined) return { kind: 'command', argv: strings(raw.command, 'command') };
  return bug('no driver');
}

function stepOf(raw: unknown, i: number): Step {
  if (!isMap(raw)) bug(`step ${i + 1} is not a map`);
  if (raw.exec !== undefined) return { kind: 'exec', argv: strings(raw.exec, `step ${i + 1} exec`) };
  if (raw.wait !== undefined) return { kind: 'wait', ms: duration(raw.wait, `step ${i + 1} wait`), text: String(raw.wait) };
  if (isMap(raw.http)) {
    const h = raw.http;
    return { kind: 'http', method: String(h.method), url: String(h.url), body: typeof h.body === 'string' ? h.body : null };
  }
  return bug(`step ${i + 1} is none of exec, wait, http`);
}

/** Types a `record` block that the spec stage validated (schema and "exactly one driver"). */
export function parseRecordConfig(raw: unknown): RecordConfig {
  if (!isMap(raw)) bug('not a map');
  const steps = raw.steps === undefined ? [] : Array.isArray(raw.steps) ? raw.steps.map(stepOf) : bug('steps is not a list');
  return { driver: driverOf(raw), steps };
}

/** A step as one line for messages: `exec adb shell am start`, `wait 120s`, `http POST http://...`. */
export function describeStep(step: Step): string {
  if (step.kind === 'exec') return `exec ${step.argv.join(' ')}`;
  if (step.kind === 'wait') return `wait ${step.text}`;
  return `http ${step.method} ${step.url}`;
}
