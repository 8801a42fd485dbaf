/**
 * Builds mocha suites programmatically (one per spec file, named after the
 * device model; one test per scenario assertion) and runs them with the
 * chosen reporters.
 */
import Mocha from 'mocha';
import { reporterClass } from '../../reporters/index.js';
import type { ResolvedSpec } from '../spec/types.js';
import { testTitle, type ReporterOptions, type RunInfo, type ScenarioRun, type SuiteMeta, type TestMeta } from './types.js';

/** The error a failing assertion throws: its message is the evidence; no JS stack. */
export class AssertionFailure extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'AssertionFailure';
    this.stack = message;
  }
}

export interface SuiteInput {
  spec: ResolvedSpec;
  runs: ScenarioRun[];
}

export function runSuites(
  inputs: SuiteInput[],
  info: RunInfo,
  reporters: string[],
  stream: NodeJS.WritableStream = process.stdout,
  extra: { junitStrict?: boolean } = {},
): Promise<{ failures: number; tests: number }> {
  const classes = reporters.map((r) => reporterClass(r));
  const options: ReporterOptions & { junitStrict?: boolean } = { info, stream, ...extra };
  class Composite extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, opts: Mocha.MochaOptions) {
      super(runner, opts);
      for (const C of classes) new C(runner, { ...opts, reporterOptions: options } as Mocha.MochaOptions);
    }
  }
  const mocha = new Mocha({ reporter: Composite as unknown as typeof Mocha.reporters.Base, timeout: 0, color: false });
  let tests = 0;
  for (const { spec, runs } of inputs) {
    const suite = Mocha.Suite.create(mocha.suite, spec.model);
    suite.file = spec.file;
    const meta: SuiteMeta = { spec, scenarios: runs };
    (suite as unknown as { leakspec: SuiteMeta }).leakspec = meta;
    for (const run of runs) {
      for (const result of run.results) {
        const test = new Mocha.Test(testTitle(run.scenario.name, result.assertion), () => {
          if (result.status === 'failed') throw new AssertionFailure(result.message || result.summary, result.errors[0]?.code);
        });
        test.file = spec.file;
        const tm: TestMeta = { spec, run, result };
        (test as unknown as { leakspec: TestMeta }).leakspec = tm;
        suite.addTest(test);
        tests++;
      }
    }
  }
  return new Promise((resolve) => {
    mocha.run((failures) => resolve({ failures, tests }));
  });
}
