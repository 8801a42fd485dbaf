/**
 * Merges the report.json files of shards into the report.json of a full
 * run: suites of the same spec file joined, suites ordered by spec file and
 * scenarios by spec file then line, stats summed. Shards must be of one run
 * (same version, "today" and shard count) and cover every shard once;
 * no scenario may be in two reports.
 */
import { ErrorCodes, LeakspecError } from '../errors.js';

/** The parts of a report.json the merge reads; every other field is carried as is. */
export interface JsonReport {
  leakspec: { version: string; report_format: number };
  started_at: string;
  today: string;
  today_from_env: boolean;
  shard: { index: number; total: number } | null;
  geo_dbs: Array<{ name: string; build_date: string; license?: string }>;
  stats: { suites: number; tests: number; passed: number; failed: number };
  suites: JsonSuite[];
}

export interface JsonSuite {
  name: string;
  file: string | null;
  device: unknown;
  scenarios: Array<{ name: string; file: string; line: number } & Record<string, unknown>>;
}

/** Code-unit order, as spec files are ordered in a run. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mergeError(message: string): LeakspecError {
  return new LeakspecError(ErrorCodes.USAGE, message);
}

/** Checks the reports form one complete set of shards (or are one unsharded report). */
export function checkShardSet(reports: Array<{ where: string; report: JsonReport }>): void {
  const first = reports[0].report;
  for (const { where, report } of reports) {
    if (report.leakspec?.report_format !== first.leakspec?.report_format || report.leakspec?.version !== first.leakspec?.version) {
      throw mergeError(`${where}: written by leakspec ${report.leakspec?.version}, not ${first.leakspec?.version} like the first report`);
    }
    if (report.today !== first.today) throw mergeError(`${where}: judged with today = ${report.today}, the first report with ${first.today}`);
  }
  const shards = reports.map((r) => r.report.shard);
  // Reports of unsharded runs (say, of different spec folders) merge freely; no scenario may be in two.
  if (shards.every((s) => s === null)) return;
  const total = shards.find((s) => s)?.total ?? 0;
  const seen = new Map<number, string>();
  for (const { where, report } of reports) {
    if (!report.shard || report.shard.total !== total) throw mergeError(`${where}: shard ${report.shard ? `${report.shard.index}/${report.shard.total}` : 'none'}, expected one of N = ${total}`);
    const dup = seen.get(report.shard.index);
    if (dup) throw mergeError(`${where}: shard ${report.shard.index}/${total} is also in ${dup}`);
    seen.set(report.shard.index, where);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw mergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} missing: the merged report would be incomplete`);
}

/** One report from several shards' reports (call `checkShardSet` first). */
export function mergeJsonReports(reports: JsonReport[]): JsonReport {
  const bySpec = new Map<string, JsonSuite>();
  const seenScenario = new Set<string>();
  for (const r of reports) {
    for (const s of r.suites) {
      const key = s.file ?? s.name;
      const into = bySpec.get(key);
      for (const sc of s.scenarios) {
        const id = `${sc.file}:${sc.line}:${sc.name}`;
        if (seenScenario.has(id)) throw mergeError(`scenario '${sc.name}' (${sc.file}:${sc.line}) is in more than one report`);
        seenScenario.add(id);
      }
      if (into) into.scenarios.push(...s.scenarios);
      else bySpec.set(key, { ...s, scenarios: [...s.scenarios] });
    }
  }
  const suites = [...bySpec.entries()].sort((a, b) => compareText(a[0], b[0])).map(([, s]) => s);
  for (const s of suites) s.scenarios.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  const geo = new Map<string, JsonReport['geo_dbs'][number]>();
  for (const r of reports) for (const g of r.geo_dbs) geo.set(`${g.name}|${g.build_date}`, g);
  const sum = (k: 'tests' | 'passed' | 'failed'): number => reports.reduce((n, r) => n + r.stats[k], 0);
  // Spread first: fields this merge does not know keep their place and value.
  return {
    ...reports[0],
    started_at: reports.map((r) => r.started_at).sort(compareText)[0],
    shard: null,
    geo_dbs: [...geo.entries()].sort((a, b) => compareText(a[0], b[0])).map(([, g]) => g),
    stats: { suites: suites.length, tests: sum('tests'), passed: sum('passed'), failed: sum('failed') },
    suites,
  };
}
