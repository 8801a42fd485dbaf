/**
 * Mutation fuzzing of the whole analysis: corpus captures (../shared/corpus
 * or LEAKSPEC_CORPUS, when present) and the bundled fixtures are mutated
 * (bit flips, byte insertions and deletions, truncation, absurd record,
 * IP/TCP/UDP, DNS and TLS length fields, DNS pointer loops) and analysed,
 * each under a watchdog. Prints runs/s and the weirds and capture errors
 * seen; exits 1 on any failure (an exception that is not a LeakspecError, a
 * worker crash, or a hang), after saving the mutated file.
 *
 * Usage: `node dist/scripts/fuzz.js [--seconds N] [--seed S] [--runs N]
 * [--timeout MS] [--out DIR] [--replay RUN[,RUN...]]`. Defaults: 60 s, a
 * random seed (printed), 10000 ms per analysis, failures saved under
 * `fuzz-failures/`. `--seed S --replay R` runs run R of seed S again.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../src/paths.js';
import { fuzz, loadSeeds, type FuzzStats } from '../test/robustness/fuzz-engine.js';

interface Options {
  seconds: number;
  seed: number;
  runs: number | undefined;
  timeoutMs: number;
  out: string;
  replay: number[] | undefined;
}

/** Seed captures bigger than this are left out (they slow every run down). */
const MAX_SEED_BYTES = 256 * 1024;

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    seconds: 60,
    seed: Math.floor(Math.random() * 2 ** 31),
    runs: undefined,
    timeoutMs: 10000,
    out: resolve('fuzz-failures'),
    replay: undefined,
  };
  const num = (i: number): number => {
    const v = Number(argv[i]);
    if (!Number.isFinite(v) || v < 0) throw new Error(`${argv[i - 1]} needs a number, got ${argv[i] ?? 'nothing'}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seconds') opts.seconds = num(++i);
    else if (a === '--seed') opts.seed = num(++i);
    else if (a === '--runs') opts.runs = num(++i);
    else if (a === '--timeout') opts.timeoutMs = num(++i);
    else if (a === '--out') opts.out = resolve(argv[++i]);
    else if (a === '--replay') opts.replay = (argv[++i] ?? '').split(',').map(Number);
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

/** Capture files under a folder (descriptions, HAR and oversized files left out). */
function captureFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) return name === 'har' ? [] : captureFiles(p);
    return /\.(pcap|pcapng|cap|bin)$/.test(name) && st.size > 0 && st.size <= MAX_SEED_BYTES ? [p] : [];
  });
}

function top(m: Map<string, number>, n = 25): string {
  const rows = [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return rows.length ? rows.map(([k, v]) => `  ${String(v).padStart(8)}  ${k}`).join('\n') : '  (none)';
}

function report(s: FuzzStats, opts: Options): void {
  const rate = s.seconds > 0 ? (s.runs / s.seconds).toFixed(1) : '-';
  process.stdout.write(
    `\n${s.runs} runs in ${s.seconds.toFixed(1)} s (${rate} runs/s), seed ${opts.seed}; ` +
      `${s.noticed} runs gave weirds or capture errors; ${s.failures.length} failures\n` +
      `weirds seen:\n${top(s.weirds)}\ncapture errors:\n${top(s.errors)}\n`,
  );
  for (const f of s.failures) {
    process.stdout.write(
      `\nFAIL ${f.kind}: run ${f.run} (${f.mutations.join('+')} of ${f.seedFile})\n` +
        `  replay: node dist/scripts/fuzz.js --seed ${opts.seed} --replay ${f.run}\n  saved: ${f.saved}\n  ${f.message.split('\n').join('\n  ')}\n`,
    );
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const corpus = process.env.LEAKSPEC_CORPUS ?? resolve(packageRoot(), '..', 'shared', 'corpus');
  const files = [...captureFiles(join(packageRoot(), 'fixtures')), ...['pcap', 'pcapng-conformance', 'malformed'].flatMap((d) => captureFiles(join(corpus, d)))];
  const seeds = loadSeeds(files);
  process.stdout.write(`fuzzing with seed ${opts.seed}: ${seeds.length} seed captures, ${opts.replay ? `replaying run(s) ${opts.replay.join(',')}` : `${opts.seconds} s`}\n`);
  const stats = await fuzz({ seeds, seed: opts.seed, seconds: opts.replay ? undefined : opts.seconds, runs: opts.runs, timeoutMs: opts.timeoutMs, saveDir: opts.out, only: opts.replay });
  report(stats, opts);
  process.exitCode = stats.failures.length ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`fuzz: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
