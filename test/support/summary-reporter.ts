/**
 * The reporter of the project's own test runs: mocha's "spec" output, then
 * one plain closing line `N passed, N failed, N skipped` that CI systems
 * read whatever the test runner.
 */
import Mocha from 'mocha';

const { EVENT_RUN_END } = Mocha.Runner.constants;

export default class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = this.stats;
      // After the spec epilogue, which mocha prints on the same event.
      setImmediate(() => process.stdout.write(`\n${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`));
    });
  }
}
