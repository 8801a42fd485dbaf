/**
 * Console reporter, like mocha's "spec": a line per test under its device
 * model, then every failure with its evidence, the totals per assertion and
 * where the reports were written.
 */
import Mocha from 'mocha';
import { displayPath } from '../src/paths.js';
import type { ReporterOptions, TestMeta } from '../src/runner/types.js';

const { EVENT_SUITE_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_RUN_END } = Mocha.Runner.constants;

export class ConsoleReporter {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    const opts = (options as { reporterOptions: ReporterOptions }).reporterOptions;
    const out = opts.stream ?? process.stdout;
    const tty = (out as NodeJS.WriteStream).isTTY === true && !process.env.NO_COLOR;
    const paint = (code: number, s: string): string => (tty ? `\u001b[${code}m${s}\u001b[0m` : s);
    const failures: Array<{ suite: string; title: string; message: string }> = [];
    const perAssertion = new Map<string, { passed: number; failed: number }>();
    let passed = 0;
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.root) return;
      const where = suite.file ? `  (${displayPath(suite.file)})` : '';
      out.write(`\n  ${suite.title}${paint(90, where)}\n`);
    });
    const count = (t: Mocha.Test, ok: boolean): void => {
      const meta = (t as unknown as { leakspec?: TestMeta }).leakspec;
      if (!meta) return;
      const c = perAssertion.get(meta.result.assertion) ?? { passed: 0, failed: 0 };
      if (ok) c.passed++;
      else c.failed++;
      perAssertion.set(meta.result.assertion, c);
    };
    runner.on(EVENT_TEST_PASS, (t: Mocha.Test) => {
      passed++;
      count(t, true);
      out.write(`    ${paint(32, '✔')} ${t.title}\n`);
    });
    runner.on(EVENT_TEST_FAIL, (t: Mocha.Test, err: Error) => {
      failures.push({ suite: t.parent?.title ?? '', title: t.title, message: err.message });
      count(t, false);
      out.write(`    ${paint(31, `${failures.length}) ${t.title}`)}\n`);
    });
    runner.once(EVENT_RUN_END, () => {
      out.write(`\n  ${paint(32, `${passed} passing`)}\n`);
      if (failures.length) out.write(`  ${paint(31, `${failures.length} failing`)}\n`);
      failures.forEach((f, i) => {
        out.write(`\n  ${i + 1}) ${f.suite}\n       ${f.title}:\n`);
        out.write(`${f.message.split('\n').map((l) => `     ${paint(31, l)}`).join('\n')}\n`);
      });
      if (perAssertion.size) {
        out.write('\n  by assertion:\n');
        for (const [a, c] of perAssertion) out.write(`    ${a.padEnd(22)} ${c.passed} passed, ${c.failed} failed\n`);
      }
      if (opts.info.todayFromEnv) out.write(`\n  today is ${opts.info.today} (set by LEAKSPEC_TODAY)\n`);
      // File reporters registered before this one have written their files by now.
      const written = Object.values(opts.info.written);
      if (written.length) out.write(`\n  reports: ${written.map((w) => displayPath(w)).join(', ')}\n`);
      out.write('\n');
    });
  }
}
