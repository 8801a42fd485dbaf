/** `leakspec merge-reports DIR... [--out DIR]`: one junit.xml and report.json from the shards' reports. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { displayPath } from '../paths.js';
import { checkShardSet, mergeJsonReports, type JsonReport } from '../runner/merge-json.js';
import { mergeJUnit, type CaseOrder } from '../runner/merge-junit.js';
import { parse } from './args.js';

const KINDS = ['report.json', 'junit.xml'] as const;

/** The options of `leakspec merge-reports`. */
export const MERGE_OPTIONS = { out: { type: 'string' } } as const;

/** Exit 0 when the merged reports hold no failed test, 1 when they do, 2 for usage errors. */
export function mergeCommand(args: string[]): number {
  const { values, positionals } = parse(args, MERGE_OPTIONS);
  if (!positionals.length) throw new UsageError('merge-reports takes the report folders of the shards (merge-reports DIR... [--out DIR])');
  const outDir = resolve(values.out !== undefined ? String(values.out) : 'reports');
  const dirs = positionals.map((d) => resolve(d));
  const present = KINDS.filter((k) => dirs.some((d) => existsSync(join(d, k))));
  if (!present.length) throw new UsageError(`no report.json or junit.xml in ${positionals.join(', ')}`);
  for (const k of present) {
    const lacking = dirs.filter((d) => !existsSync(join(d, k)));
    if (lacking.length) throw new UsageError(`${k} is missing from ${lacking.map((d) => displayPath(d)).join(', ')}`);
  }
  const written: string[] = [];
  let failed = 0;
  let tests = 0;
  let order: CaseOrder = new Map();
  if (present.includes('report.json')) {
    const reports = dirs.map((d) => ({ where: displayPath(join(d, 'report.json')), report: readJson(join(d, 'report.json')) }));
    checkShardSet(reports);
    const merged = mergeJsonReports(reports.map((r) => r.report));
    order = caseOrder(merged);
    failed = merged.stats.failed;
    tests = merged.stats.tests;
    written.push(writeOut(outDir, 'report.json', `${JSON.stringify(merged, null, 2)}\n`));
  }
  if (present.includes('junit.xml')) {
    const xml = mergeJUnit(dirs.map((d) => ({ where: displayPath(join(d, 'junit.xml')), xml: readFileSync(join(d, 'junit.xml'), 'utf8') })), order);
    if (!present.includes('report.json')) {
      tests = Number(/<testsuites [^>]*tests="(\d+)"/.exec(xml)?.[1] ?? 0);
      failed = Number(/<testsuites [^>]*failures="(\d+)"/.exec(xml)?.[1] ?? 0);
    }
    written.push(writeOut(outDir, 'junit.xml', xml));
  }
  process.stdout.write(`merged ${dirs.length} report folder${dirs.length === 1 ? '' : 's'}: ${tests} tests, ${failed} failed\nreports: ${written.map((w) => displayPath(w)).join(', ')}\n`);
  return failed > 0 ? 1 : 0;
}

function readJson(file: string): JsonReport {
  let r: unknown;
  try {
    r = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${displayPath(file)}: not JSON (${(e as Error).message})`);
  }
  const ok = (x: unknown): x is JsonReport =>
    typeof x === 'object' && x !== null && Array.isArray((x as JsonReport).suites) && typeof (x as JsonReport).stats === 'object' && typeof (x as JsonReport).leakspec === 'object';
  if (!ok(r)) throw new UsageError(`${displayPath(file)}: not a report.json written by leakspec`);
  return r;
}

function writeOut(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Testcase order from the merged report, for JUnit files without `line` (--junit-strict): keyed by suite name. */
function caseOrder(report: JsonReport): CaseOrder {
  const order: CaseOrder = new Map();
  for (const s of report.suites) {
    const rank = new Map<string, number>();
    for (const sc of s.scenarios) {
      for (const a of (sc.assertions as Array<{ test: string | null }> | undefined) ?? []) if (a.test) rank.set(a.test, rank.size + 1);
    }
    order.set(s.name, rank);
  }
  return order;
}
