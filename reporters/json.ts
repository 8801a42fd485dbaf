/**
 * JSON reporter: `<out>/report.json`. Per scenario: the analysis of each
 * capture (the contract of DESIGN.md) and each assertion's status and
 * evidence. Field names are snake_case and stable; schema/report.schema.json
 * documents them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import type { ReporterOptions } from '../src/runner/types.js';
import { collect, type SuiteRecord } from './collect.js';

const { EVENT_RUN_END } = Mocha.Runner.constants;

export class JsonReporter {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    const opts = (options as { reporterOptions: ReporterOptions }).reporterOptions;
    const suites = collect(runner);
    runner.once(EVENT_RUN_END, () => {
      const file = join(opts.info.outDir, 'report.json');
      mkdirSync(opts.info.outDir, { recursive: true });
      writeFileSync(file, `${JSON.stringify(buildReport(suites, opts), null, 2)}\n`);
      opts.info.written.json = file;
    });
  }
}

export function buildReport(suites: SuiteRecord[], opts: ReporterOptions): Record<string, unknown> {
  const tests = suites.flatMap((s) => s.tests);
  return {
    leakspec: { version: opts.info.version, report_format: 1 },
    started_at: opts.info.startedAt,
    today: opts.info.today,
    today_from_env: opts.info.todayFromEnv,
    shard: opts.info.shard,
    geo_dbs: opts.info.geoDbs,
    stats: {
      suites: suites.length,
      tests: tests.length,
      passed: tests.filter((t) => t.state === 'passed').length,
      failed: tests.filter((t) => t.state === 'failed').length,
    },
    suites: suites.map((s) => ({
      name: s.title,
      file: s.file,
      device: s.meta
        ? { model: s.meta.spec.model, firmware: s.meta.spec.firmware, addresses: s.meta.spec.addresses, identifiers: s.meta.spec.identifiers.map((i) => ({ name: i.name, category: i.category })) }
        : null,
      scenarios: (s.meta?.scenarios ?? []).map((run) => ({
        name: run.scenario.name,
        file: run.scenario.loc.file,
        line: run.scenario.loc.line,
        firmware: run.scenario.firmware,
        action: run.scenario.action,
        error: run.error,
        analyses: run.analyses,
        assertions: run.results.map((r) => {
          const t = s.tests.find((x) => x.meta?.result === r);
          return {
            assertion: r.assertion,
            test: t?.title ?? null,
            status: r.status,
            summary: r.summary,
            message: r.message,
            errors: r.errors,
            offenders: r.offenders,
            waived: r.waived,
            unused_waivers: r.unusedWaivers,
          };
        }),
      })),
    })),
  };
}
