/** What the runner hands to reporters: plain data, attached to mocha's suites and tests. */
import type { CaptureAnalysis } from '../analysis/types.js';
import type { AssertionResult } from '../policy/types.js';
import type { ResolvedScenario, ResolvedSpec } from '../spec/types.js';

/** One scenario's run: its analyses and one result per assertion. */
export interface ScenarioRun {
  scenario: ResolvedScenario;
  analyses: CaptureAnalysis[];
  results: AssertionResult[];
  /** A problem that failed every assertion (capture unreadable, not implemented...). */
  error: { code: string; message: string } | null;
}

/** Attached to each mocha Suite made for a spec file (`suite.leakspec`). */
export interface SuiteMeta {
  spec: ResolvedSpec;
  scenarios: ScenarioRun[];
}

/** Attached to each mocha Test (`test.leakspec`). */
export interface TestMeta {
  spec: ResolvedSpec;
  run: ScenarioRun;
  result: AssertionResult;
}

/** Facts about the whole run, for every reporter. */
export interface RunInfo {
  version: string;
  /** YYYY-MM-DD used for waiver expiry. */
  today: string;
  /** True when LEAKSPEC_TODAY set "today" (reports then show it). */
  todayFromEnv: boolean;
  startedAt: string;
  outDir: string;
  geoDbs: Array<{ name: string; build_date: string; license?: string }>;
  shard: { index: number; total: number } | null;
  /** Paths of the files each reporter wrote, filled in by the reporters. */
  written: Record<string, string>;
}

export interface ReporterOptions {
  info: RunInfo;
  /** Where console output goes (process.stdout by default). */
  stream?: NodeJS.WritableStream;
}

/** Test title: `<scenario> › <assertion>` (U+203A with a space each side). */
export function testTitle(scenario: string, assertion: string): string {
  return `${scenario} \u203a ${assertion}`;
}
