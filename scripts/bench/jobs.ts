/**
 * `npm run bench -- --jobs 1,2`: the gain of `leakspec run --jobs N`. Writes
 * a spec folder of several spec files, each with one scenario on its own
 * generated capture (mixed traffic), then runs `leakspec run` on it once per
 * jobs value, not pinned (the pool needs the cores), and reports wall time,
 * CPU time (user + system, every thread) and the wall-time speed-up over the
 * first jobs value.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCapture } from './generate.js';
import { writeSpec } from './identifiers.js';
import { measure } from './measure.js';

/** One `leakspec run --jobs N` measurement. */
export interface JobsRow {
  jobs: number;
  seconds: number;
  cpuSeconds: number | null;
  peakRss: number | null;
  /** Wall-time speed-up over the first row. */
  speedup: number;
  /** Scenario verdicts (pass/fail counts), which must not depend on --jobs. */
  verdicts: string;
}

/** The jobs bench's inputs and rows. */
export interface JobsResult {
  captures: number;
  bytes: number;
  packets: number;
  rows: JobsRow[];
}

const RUN = fileURLToPath(new URL('./run-leakspec.js', import.meta.url));

function verdicts(outDir: string): string {
  try {
    const r = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as { stats?: unknown };
    return JSON.stringify(r.stats ?? null);
  } catch {
    return 'no report.json';
  }
}

/**
 * Generates `count` captures of `size` bytes under `dir`, one spec file per
 * capture in `dir/specs`, and measures `leakspec run` for each of `jobsList`.
 */
export function jobsBench(dir: string, count: number, size: number, jobsList: number[], log: (m: string) => void): JobsResult {
  const specs = join(dir, 'specs');
  mkdirSync(specs, { recursive: true });
  let bytes = 0;
  let packets = 0;
  for (let i = 0; i < count; i++) {
    const g = generateCapture(join(specs, `capture-${i}.pcap`), size, 'mixed', 11 + i);
    writeSpec(join(specs, `phone-${i}.yaml`), `capture-${i}.pcap`);
    bytes += g.bytes;
    packets += g.packets;
    log(`generated ${g.file}: ${(g.bytes / 1e6).toFixed(1)} MB, ${g.packets} packets`);
  }
  const rows: JobsRow[] = [];
  for (const jobs of jobsList) {
    log(`measuring: leakspec run --jobs ${jobs}`);
    const out = join(dir, `reports-jobs-${jobs}`);
    const m = measure(process.execPath, [RUN, 'run', specs, '--jobs', String(jobs), '--out', out], '/dev/null', false);
    const first = rows[0]?.seconds ?? m.seconds;
    rows.push({ jobs, seconds: m.seconds, cpuSeconds: m.cpuSeconds, peakRss: m.peakRss, speedup: first / m.seconds, verdicts: verdicts(out) });
  }
  return { captures: count, bytes, packets, rows };
}

/** The jobs table as text. */
export function formatJobs(r: JobsResult): string {
  const lines = [
    `leakspec run on ${r.captures} scenarios, one capture each (${(r.bytes / 1e6).toFixed(1)} MB, ${r.packets} packets in all); not pinned`,
    '| --jobs | wall s | CPU s | MB/s (wall) | speed-up (wall) | peak RSS MiB |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const x of r.rows) {
    const cpu = x.cpuSeconds === null ? '?' : x.cpuSeconds.toFixed(2);
    const rss = x.peakRss === null ? '?' : (x.peakRss / (1 << 20)).toFixed(0);
    lines.push(`| ${x.jobs} | ${x.seconds.toFixed(2)} | ${cpu} | ${(r.bytes / 1e6 / x.seconds).toFixed(0)} | ${x.speedup.toFixed(2)}x | ${rss} |`);
  }
  const v = new Set(r.rows.map((x) => x.verdicts));
  lines.push(v.size === 1 ? `verdicts identical for every --jobs: ${[...v][0]}` : `verdicts DIFFER by --jobs: ${[...v].join(' / ')}`);
  return lines.join('\n');
}
