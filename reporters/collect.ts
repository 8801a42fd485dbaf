/** Collects mocha runner events into plain records, shared by the file reporters. */
import Mocha from 'mocha';
import type { SuiteMeta, TestMeta } from '../src/runner/types.js';

const { EVENT_SUITE_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

export interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  meta: TestMeta | null;
  error: { message: string; code?: string } | null;
}

export interface SuiteRecord {
  title: string;
  file: string | null;
  meta: SuiteMeta | null;
  tests: TestRecord[];
  startedAt: Date;
}

export function collect(runner: Mocha.Runner): SuiteRecord[] {
  const suites: SuiteRecord[] = [];
  const bySuite = new Map<Mocha.Suite, SuiteRecord>();
  runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
    if (suite.root) return;
    const rec: SuiteRecord = {
      title: suite.title,
      file: suite.file ?? null,
      meta: (suite as unknown as { leakspec?: SuiteMeta }).leakspec ?? null,
      tests: [],
      startedAt: new Date(),
    };
    bySuite.set(suite, rec);
    suites.push(rec);
  });
  const add = (test: Mocha.Test, state: TestRecord['state'], err?: Error & { code?: string }): void => {
    const rec = test.parent ? bySuite.get(test.parent) : undefined;
    if (!rec) return;
    rec.tests.push({
      title: test.title,
      state,
      durationMs: test.duration ?? 0,
      meta: (test as unknown as { leakspec?: TestMeta }).leakspec ?? null,
      error: err ? { message: err.message, code: err.code } : null,
    });
  };
  runner.on(EVENT_TEST_PASS, (t: Mocha.Test) => add(t, 'passed'));
  runner.on(EVENT_TEST_FAIL, (t: Mocha.Test, err: Error) => add(t, 'failed', err));
  runner.on(EVENT_TEST_PENDING, (t: Mocha.Test) => add(t, 'pending'));
  return suites;
}
