/**
 * The mutation fuzzer shared by `scripts/fuzz.ts` and the robustness test:
 * seed captures are mutated (test/robustness/mutators.ts), written to a
 * temporary file and analysed whole (analyzeCapture) in a worker thread
 * under a watchdog. An exception that is not a LeakspecError, a worker
 * crash and an analysis past the timeout are failures; each is reported with
 * the seed and run number that replay it, and the mutated file is saved.
 * Run `i` of seed `s` depends only on (s, i), so one run replays alone.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openCapture } from '../../src/capture/index.js';
import { writePcap } from '../support/packets.js';
import type { WorkerOutcome } from './analyze-worker.js';
import { FILE_MUTATIONS, FRAME_MUTATIONS, ipOffset, Rng } from './mutators.js';

/** A capture to mutate: its bytes and, when readable, its frames. */
export interface Seed {
  name: string;
  bytes: Uint8Array;
  frames: Array<{ ts: number; data: Uint8Array; origLen: number }>;
  /** The link type of all frames, or null (unreadable, or several link types). */
  linkType: number | null;
}

/** Reads seed files; frames are kept for field mutations when the file reads cleanly. */
export function loadSeeds(files: string[]): Seed[] {
  return files.map((file) => {
    const bytes = new Uint8Array(readFileSync(file));
    const frames: Seed['frames'] = [];
    const types = new Set<number>();
    try {
      const src = openCapture(file);
      try {
        for (let f = src.next(); f; f = src.next()) {
          frames.push({ ts: f.ts, data: Uint8Array.from(f.data), origLen: f.origLen });
          types.add(f.linkType);
        }
      } finally {
        src.close();
      }
    } catch {
      frames.length = 0;
    }
    return { name: file, bytes, frames, linkType: types.size === 1 ? [...types][0] : null };
  });
}

/** The random source of run `run` of seed `seed`. */
export function runRng(seed: number, run: number): Rng {
  return new Rng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(run + 1, 0xc2b2ae35));
}

/** Rewrites one frame field of a seed; null when no frame has that field. */
function mutateFrames(seed: Seed, name: string, rng: Rng): Uint8Array | null {
  if (seed.linkType === null || !seed.frames.length) return null;
  const records = seed.frames.map((f) => ({ ts: f.ts, data: f.data, origLen: f.origLen }));
  for (let tries = 0; tries < 24; tries++) {
    const i = rng.int(records.length);
    const data = Uint8Array.from(records[i].data);
    const ip = ipOffset(seed.linkType, data);
    if (ip < 0 || ip >= data.length) continue;
    if (FRAME_MUTATIONS[name](data, ip, rng)) {
      records[i] = { ...records[i], data };
      return writePcap(records, seed.linkType);
    }
  }
  return null;
}

/** One mutant of a seed: its bytes and the names of the mutations applied. */
export function mutate(seed: Seed, rng: Rng): { bytes: Uint8Array; mutations: string[] } {
  const mutations: string[] = [];
  let bytes = seed.bytes;
  if (rng.int(2)) {
    const name = rng.pick(Object.keys(FRAME_MUTATIONS));
    const out = mutateFrames(seed, name, rng);
    if (out) {
      bytes = out;
      mutations.push(name);
    }
  }
  if (!mutations.length || rng.int(3) === 0) {
    const name = rng.pick(Object.keys(FILE_MUTATIONS));
    bytes = FILE_MUTATIONS[name](bytes, rng);
    mutations.push(name);
  }
  return { bytes, mutations };
}

/** Outcome of one analysed mutant. */
export interface RunOutcome extends Omit<WorkerOutcome, 'id' | 'kind'> {
  kind: WorkerOutcome['kind'] | 'hang' | 'crash';
}

/** Runs analyses in a worker thread, replacing it after a hang or crash. */
export class Watchdog {
  private worker: Worker | null = null;
  private nextId = 0;
  constructor(private readonly timeoutMs: number) {}

  private start(): Worker {
    const w = new Worker(new URL('./analyze-worker.js', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    w.unref();
    this.worker = w;
    return w;
  }

  /** Analyses one file; resolves with its outcome, never rejects. */
  run(file: string): Promise<RunOutcome> {
    const w = this.worker ?? this.start();
    const id = ++this.nextId;
    return new Promise((resolve) => {
      const done = (o: RunOutcome, kill: boolean): void => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (kill) {
          this.worker = null;
          void w.terminate();
        }
        resolve(o);
      };
      const onMessage = (m: WorkerOutcome): void => {
        if (m.id === id) done({ kind: m.kind, weirds: m.weirds, errors: m.errors, message: m.message }, false);
      };
      const onError = (e: Error): void => done({ kind: 'crash', weirds: {}, errors: [], message: e.stack ?? e.message }, true);
      const onExit = (code: number): void => done({ kind: 'crash', weirds: {}, errors: [], message: `worker exited with code ${code}` }, true);
      const timer = setTimeout(
        () => done({ kind: 'hang', weirds: {}, errors: [], message: `analysis still running after ${this.timeoutMs} ms` }, true),
        this.timeoutMs,
      );
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ id, file });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

/** A failed run, with what replays it. */
export interface FuzzFailure {
  run: number;
  seedFile: string;
  mutations: string[];
  kind: RunOutcome['kind'];
  message: string;
  /** The mutated capture, kept for replay. */
  saved: string;
}

export interface FuzzOptions {
  seeds: Seed[];
  seed: number;
  /** Stop after this many runs... */
  runs?: number;
  /** ...or after this many seconds, whichever comes first. */
  seconds?: number;
  /** Watchdog per analysis. */
  timeoutMs: number;
  /** Where failing mutants are saved. */
  saveDir: string;
  /** Runs only these run numbers (replay). */
  only?: number[];
}

export interface FuzzStats {
  runs: number;
  seconds: number;
  failures: FuzzFailure[];
  /** Runs that produced at least one weird or capture error. */
  noticed: number;
  weirds: Map<string, number>;
  errors: Map<string, number>;
}

const bump = (m: Map<string, number>, k: string, n = 1): void => void m.set(k, (m.get(k) ?? 0) + n);

/** Runs the fuzzer; failures are collected, not thrown. */
export async function fuzz(opts: FuzzOptions): Promise<FuzzStats> {
  if (!opts.seeds.length) throw new Error('no seed captures');
  const tmp = mkdtempSync(join(tmpdir(), 'leakspec-fuzz-'));
  const dog = new Watchdog(opts.timeoutMs);
  const stats: FuzzStats = { runs: 0, seconds: 0, failures: [], noticed: 0, weirds: new Map(), errors: new Map() };
  const started = Date.now();
  const deadline = opts.seconds === undefined ? Infinity : started + opts.seconds * 1000;
  const limit = opts.only ? opts.only.length : (opts.runs ?? Infinity);
  try {
    for (let k = 0; k < limit && Date.now() < deadline; k++) {
      const run = opts.only ? opts.only[k] : k;
      const rng = runRng(opts.seed, run);
      const seed = opts.seeds[rng.int(opts.seeds.length)];
      const m = mutate(seed, rng);
      const file = join(tmp, `run-${run}.pcap`);
      writeFileSync(file, m.bytes);
      const o = await dog.run(file);
      stats.runs++;
      for (const [name, n] of Object.entries(o.weirds)) bump(stats.weirds, name, n);
      for (const code of o.errors) bump(stats.errors, code);
      if (o.errors.length || Object.keys(o.weirds).length) stats.noticed++;
      if (o.kind === 'hang' || o.kind === 'crash' || o.kind === 'failure') {
        mkdirSync(opts.saveDir, { recursive: true });
        const saved = join(opts.saveDir, `fuzz-seed${opts.seed}-run${run}-${basename(seed.name)}`);
        writeFileSync(saved, m.bytes);
        stats.failures.push({ run, seedFile: seed.name, mutations: m.mutations, kind: o.kind, message: o.message ?? '', saved });
      }
      rmSync(file, { force: true });
    }
  } finally {
    await dog.close();
    rmSync(tmp, { recursive: true, force: true });
    stats.seconds = (Date.now() - started) / 1000;
  }
  return stats;
}
