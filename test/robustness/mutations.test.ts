/**
 * A fixed-seed batch of the fuzzer (scripts/fuzz.ts runs the same engine
 * for longer): mutated captures, analysed whole under a watchdog, never
 * throw anything but a LeakspecError, never crash the worker, never hang,
 * and the damage shows up as named weirds and capture errors.
 */
import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, repoRoot, tempDir } from '../support/paths.js';
import { fuzz, loadSeeds, mutate, runRng, type FuzzStats } from './fuzz-engine.js';
import { FILE_MUTATIONS, FRAME_MUTATIONS } from './mutators.js';

const SEED = 20260617;
const RUNS = 300;
/** Small corpus captures join the seeds when the corpus is there. */
const MAX_CORPUS_SEED = 12 * 1024;

function smallCaptures(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) return name === 'har' ? [] : smallCaptures(p);
    return /\.(pcap|pcapng)$/.test(name) && st.size > 0 && st.size <= MAX_CORPUS_SEED ? [p] : [];
  });
}

function seedFiles(): string[] {
  const fixtures = readdirSync(join(repoRoot, 'fixtures', 'nokia-7-plus')).map((n) => join(repoRoot, 'fixtures', 'nokia-7-plus', n));
  const corpus = corpusDir();
  const more = corpus ? ['pcap', 'malformed'].flatMap((d) => smallCaptures(join(corpus, d))) : [];
  return [...fixtures, ...more].sort();
}

describe('robustness: mutated captures through the whole analysis', function () {
  let stats: FuzzStats;
  let saveDir: string;
  before(async function () {
    this.timeout(300000);
    saveDir = tempDir('leakspec-fuzz-failures-');
    stats = await fuzz({ seeds: loadSeeds(seedFiles()), seed: SEED, runs: RUNS, timeoutMs: 30000, saveDir });
  });
  after(() => {
    if (saveDir) rmSync(saveDir, { recursive: true, force: true });
  });

  it('a run is replayable: the same seed and run number give the same mutant', function () {
    const seeds = loadSeeds(seedFiles());
    const a = mutate(seeds[0], runRng(SEED, 7));
    const b = mutate(seeds[0], runRng(SEED, 7));
    assert.deepEqual(a, b);
    assert.notDeepEqual(mutate(seeds[0], runRng(SEED, 8)).bytes, seeds[0].bytes);
  });

  it(`runs all ${RUNS} mutants`, function () {
    assert.equal(stats.runs, RUNS);
  });

  it('no exception other than a LeakspecError, no worker crash, no hang', function () {
    const lines = stats.failures.map((f) => `${f.kind} run ${f.run} (${f.mutations.join('+')} of ${f.seedFile}): ${f.message.split('\n')[0]}`);
    assert.deepEqual(lines, [], lines.join('\n'));
  });

  it('mutations show up as named weirds and capture errors', function () {
    assert.ok(stats.noticed >= RUNS / 10, `only ${stats.noticed} of ${RUNS} mutants gave a weird or capture error`);
    const names = [...stats.weirds.keys()];
    assert.ok(names.length >= 5, `weirds seen: ${names.join(', ')}`);
    for (const n of names) assert.match(n, /^[a-z0-9]+(_[a-z0-9]+)*$/, `weird names are snake_case: ${n}`);
    const codes = [...stats.errors.keys()];
    assert.ok(codes.includes('LS_CAPTURE_TRUNCATED') || codes.includes('LS_CAPTURE_CORRUPT'), `capture errors seen: ${codes.join(', ')}`);
  });

  it('every kind of mutation is in the engine', function () {
    assert.deepEqual(Object.keys(FILE_MUTATIONS).sort(), ['bit-flips', 'delete-bytes', 'insert-bytes', 'record-length', 'truncate']);
    assert.deepEqual(Object.keys(FRAME_MUTATIONS).sort(), ['dns-pointer-loop', 'ip-header', 'ip-length', 'tcp-fields', 'tls-lengths', 'udp-length']);
  });
});
