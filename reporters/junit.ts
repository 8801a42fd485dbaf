/**
 * JUnit XML reporter: `<out>/junit.xml`, one testsuite per spec file (device
 * model), one testcase per `scenario › assertion`. Failures carry a one-line
 * `message` and the full evidence as text. `file` and `line` on testcase are
 * read by GitHub and GitLab but are not in the junit-10 XSD: the reporter
 * option `strict` leaves them out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../src/paths.js';
import Mocha from 'mocha';
import type { ReporterOptions } from '../src/runner/types.js';
import { collect, type SuiteRecord, type TestRecord } from './collect.js';
import { attrs, escapeXml } from './xml.js';

const { EVENT_RUN_END } = Mocha.Runner.constants;

export class JUnitReporter {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    const opts = (options as { reporterOptions: ReporterOptions & { junitStrict?: boolean } }).reporterOptions;
    const suites = collect(runner);
    runner.once(EVENT_RUN_END, () => {
      const file = join(opts.info.outDir, 'junit.xml');
      mkdirSync(opts.info.outDir, { recursive: true });
      writeFileSync(file, renderJUnit(suites, opts));
      opts.info.written.junit = file;
    });
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

export function renderJUnit(suites: SuiteRecord[], opts: ReporterOptions & { junitStrict?: boolean }): string {
  const strict = opts.junitStrict === true;
  const all = suites.flatMap((s) => s.tests);
  const failures = all.filter((t) => t.state === 'failed').length;
  const total = all.reduce((n, t) => n + t.durationMs, 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attrs([['name', 'leakspec'], ['tests', all.length], ['failures', failures], ['errors', 0], ['time', seconds(total)]])}>`);
  suites.forEach((s, i) => out.push(renderSuite(s, i, opts, strict)));
  out.push('</testsuites>', '');
  return out.join('\n');
}

function renderSuite(s: SuiteRecord, id: number, opts: ReporterOptions, strict: boolean): string {
  const failures = s.tests.filter((t) => t.state === 'failed').length;
  const skipped = s.tests.filter((t) => t.state === 'pending').length;
  const time = s.tests.reduce((n, t) => n + t.durationMs, 0);
  const specFile = s.file ? displayPath(s.file) : null;
  const lines: string[] = [];
  lines.push(
    `  <testsuite${attrs([
      ['name', s.title],
      ['tests', s.tests.length],
      ['failures', failures],
      ['errors', 0],
      ['skipped', skipped],
      ['time', seconds(time)],
      ['timestamp', s.startedAt.toISOString().replace(/\.\d+Z$/, '')],
      ['id', id],
      ['file', specFile],
    ])}>`,
  );
  lines.push('    <properties>');
  for (const [k, v] of suiteProperties(s, opts)) lines.push(`      <property${attrs([['name', k], ['value', v]])}/>`);
  lines.push('    </properties>');
  for (const t of s.tests) lines.push(renderCase(s, t, specFile, strict));
  const waived = waivedText(s);
  if (waived) lines.push(`    <system-out>${escapeXml(waived)}</system-out>`);
  lines.push('  </testsuite>');
  return lines.join('\n');
}

function suiteProperties(s: SuiteRecord, opts: ReporterOptions): Array<[string, string]> {
  const props: Array<[string, string]> = [['leakspec.version', opts.info.version]];
  if (opts.info.todayFromEnv) props.push(['leakspec.today', opts.info.today]);
  const spec = s.meta?.spec;
  if (spec) {
    props.push(['device.model', spec.model]);
    if (spec.firmware) props.push(['device.firmware', spec.firmware]);
  }
  const captures: Array<[string, string]> = [];
  const geo: Array<[string, string]> = [];
  for (const run of s.meta?.scenarios ?? []) {
    for (const a of run.analyses) {
      captures.push([`capture.${displayPath(a.capture.file)}.sha256`, a.capture.sha256]);
      geo.push(['geo_db', `${a.geo_db.name} (${a.geo_db.build_date})`]);
    }
  }
  // Sorted, so that the properties do not depend on scenario order (merged shards equal a full run).
  return dedupe([...props, ...sortProperties(captures), ...sortProperties(geo)]);
}

/** Properties sorted by name, then value (code-unit order). */
export function sortProperties(props: Array<[string, string]>): Array<[string, string]> {
  const key = (p: [string, string]): string => `${p[0]}\u0000${p[1]}`;
  return [...props].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function dedupe(props: Array<[string, string]>): Array<[string, string]> {
  const seen = new Set<string>();
  return props.filter(([k, v]) => {
    const key = `${k}=${v}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function renderCase(s: SuiteRecord, t: TestRecord, specFile: string | null, strict: boolean): string {
  const loc = t.meta?.run.scenario.loc;
  const head = `    <testcase${attrs([
    ['name', t.title],
    ['classname', s.title],
    ['time', seconds(t.durationMs)],
    ...(strict ? [] : ([['file', specFile], ['line', loc?.line]] as Array<[string, string | number | null | undefined]>)),
  ])}`;
  if (t.state === 'passed') return `${head}/>`;
  if (t.state === 'pending') return `${head}>\n      <skipped/>\n    </testcase>`;
  const result = t.meta?.result;
  const message = result?.summary ?? t.error?.message.split('\n')[0] ?? 'failed';
  const type = result?.errors[0]?.code ?? result?.assertion ?? 'failure';
  const body = t.error?.message ?? result?.message ?? '';
  return `${head}>\n      <failure${attrs([['message', message], ['type', type]])}>${escapeXml(body)}</failure>\n    </testcase>`;
}

function waivedText(s: SuiteRecord): string {
  const lines: string[] = [];
  for (const run of s.meta?.scenarios ?? []) {
    for (const r of run.results) {
      for (const w of r.waived) {
        lines.push(
          `${run.scenario.name} › ${r.assertion}: waived ${w.names.join(', ') || w.server.ip} (${w.server.ip}:${w.server.port}) until ${w.waiver?.expires}${w.waiver?.ticket ? ` (${w.waiver.ticket})` : ''}: ${w.waiver?.reason ?? ''}`,
        );
      }
      for (const u of r.unusedWaivers) {
        lines.push(`${run.scenario.name} › ${r.assertion}: unused waiver for ${u.to.join(', ')} at ${displayPath(u.loc.file)}:${u.loc.line}`);
      }
    }
  }
  return lines.join('\n');
}
