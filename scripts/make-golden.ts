/**
 * Writes the golden facts of every capture of the shared corpus (pcap/,
 * pcapng-conformance/, malformed/; not HAR) from tshark, the oracle:
 * `test/golden/<path in the corpus>.json`, read by test/golden/golden.test.ts
 * (which needs no tshark). See test/golden/README.md for what each fact means.
 *
 * Usage: `npm run build && npm run golden` (`node dist/scripts/make-golden.js
 * [--corpus DIR] [--out DIR] [--jobs N] [FILTER]`); the corpus defaults to
 * `LEAKSPEC_CORPUS` or `../shared/corpus`, the output to `test/golden/`.
 * FILTER keeps only paths that contain it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../src/paths.js';
import { isGoldenInput, type GoldenFile } from '../test/golden/golden-format.js';
import { FACT_FILTER, parseConversations, parseFacts, parseFrameList } from './golden-facts.js';

const run = promisify(execFile);

/**
 * Preferences that make tshark's facts comparable with leakspec's: an HTTP
 * request is placed on the frame that completes its head, not its body
 * (leakspec reports a request as soon as its head is parsed).
 */
export const TSHARK_PREFS = ['-o', 'http.desegment_body:FALSE'];

interface Options {
  corpus: string;
  out: string;
  jobs: number;
  filter: string;
}

function parseArgs(argv: string[]): Options {
  const root = packageRoot();
  const opts: Options = {
    corpus: process.env.LEAKSPEC_CORPUS ?? resolve(root, '..', 'shared', 'corpus'),
    out: join(root, 'test', 'golden'),
    jobs: Math.max(1, availableParallelism()),
    filter: '',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--corpus') opts.corpus = resolve(argv[++i]);
    else if (a === '--out') opts.out = resolve(argv[++i]);
    else if (a === '--jobs') opts.jobs = Math.max(1, Number(argv[++i]) || 1);
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else opts.filter = a;
  }
  return opts;
}

/** Runs tshark; a non-zero exit (a damaged file) still yields what it printed. */
async function tshark(args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run('tshark', args, { maxBuffer: 1 << 30, encoding: 'utf8' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: unknown };
    if (typeof err.stdout !== 'string') throw e;
    return { stdout: err.stdout, stderr: err.stderr ?? '' };
  }
}

/** tshark's complaint about the file, without its banner lines. */
function readError(stderr: string): string | null {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('Running as user') && !/^tshark: Some fields/.test(l));
  return lines.length ? lines.join(' ') : null;
}

async function tsharkVersion(): Promise<string> {
  const { stdout } = await tshark(['--version']);
  const m = /TShark \(Wireshark\) (\S+)/.exec(stdout);
  if (!m) throw new Error('cannot read the tshark version');
  return m[1];
}

/** The golden facts of one capture. */
export async function goldenFacts(corpus: string, rel: string, version: string): Promise<GoldenFile> {
  const file = join(corpus, rel);
  const list = await tshark(['-n', '-r', file, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.encap_type', '-z', 'conv,tcp', '-z', 'conv,udp']);
  const json = await tshark(['-n', '-r', file, ...TSHARK_PREFS, '-T', 'json', '--no-duplicate-keys', '-Y', FACT_FILTER]);
  const { frames, nonPacket } = parseFrameList(list.stdout);
  return {
    generated: `by scripts/make-golden.ts from tshark ${version}; do not edit`,
    capture: rel,
    frames,
    packets: frames - nonPacket.length,
    non_packet_frames: nonPacket,
    read_error: readError(list.stderr),
    ...parseFacts(json.stdout),
    conversations: parseConversations(list.stdout),
  };
}

/** JSON with one line per key and one line per fact, so diffs stay readable. */
export function formatGolden(facts: GoldenFile): string {
  const lines = Object.entries(facts).map(([k, v]) => {
    const key = JSON.stringify(k);
    if (!Array.isArray(v) || v.length === 0 || typeof v[0] !== 'object') return `  ${key}: ${JSON.stringify(v)}`;
    return `  ${key}: [\n${v.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** Corpus files to describe, relative to the corpus root, sorted. */
export function goldenInputs(corpus: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(corpus, p).split('\\').join('/'));
    }
  };
  walk(corpus);
  return out.filter(isGoldenInput).sort();
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const version = await tsharkVersion();
  const inputs = goldenInputs(opts.corpus).filter((f) => f.includes(opts.filter));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < inputs.length; i = next++) {
      const rel = inputs[i];
      const facts = await goldenFacts(opts.corpus, rel, version);
      const target = join(opts.out, `${rel}.json`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, formatGolden(facts));
    }
  };
  await Promise.all(Array.from({ length: opts.jobs }, worker));
  process.stdout.write(`wrote ${inputs.length} golden files under ${relative(process.cwd(), opts.out) || '.'} from tshark ${version}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`make-golden: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
