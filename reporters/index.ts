/** Reporters by name. Adding one is a module and a line here. */
import type Mocha from 'mocha';
import { UsageError } from '../src/errors.js';
import { ConsoleReporter } from './console.js';
import { HtmlReporter } from './html/index.js';
import { JsonReporter } from './json.js';
import { JUnitReporter } from './junit.js';

export type ReporterClass = new (runner: Mocha.Runner, options: Mocha.MochaOptions) => unknown;

/** File reporters first: the console reporter, last, lists what they wrote. */
const REPORTERS: Record<string, ReporterClass> = {
  junit: JUnitReporter,
  json: JsonReporter,
  html: HtmlReporter,
  console: ConsoleReporter,
};

/** Names in the order they must be attached to the runner. */
export const REPORTER_NAMES = Object.keys(REPORTERS);
/** Reporters that exist in the format but are not built yet. */
export const PLANNED_REPORTERS: string[] = [];
/** Used when --reporter is not given. */
export const DEFAULT_REPORTERS = ['console', 'junit', 'html', 'json'];

export function reporterClass(name: string): ReporterClass {
  const c = REPORTERS[name];
  if (!c) {
    if (PLANNED_REPORTERS.includes(name)) throw new UsageError(`the ${name} reporter is not implemented yet (available: ${REPORTER_NAMES.join(', ')})`);
    throw new UsageError(`unknown reporter '${name}' (available: ${REPORTER_NAMES.join(', ')})`);
  }
  return c;
}

/** Sort reporter names so that file reporters run before the console one. */
export function orderReporters(names: string[]): string[] {
  for (const n of names) reporterClass(n);
  return [...new Set(names)].sort((a, b) => REPORTER_NAMES.indexOf(a) - REPORTER_NAMES.indexOf(b));
}
