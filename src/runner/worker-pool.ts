/**
 * A small pool of worker threads that analyses captures in parallel
 * (`--jobs N`). Each job is one capture with its analysis options; each
 * worker takes the next job when it finishes one. With one job slot (or one
 * job) everything runs in the main thread. Results are keyed by job, so the
 * order in which workers finish never changes a report.
 */
import { Worker } from 'node:worker_threads';
import type { AnalyzeProgress } from '../analysis/index.js';
import { ErrorCodes, LeakspecError } from '../errors.js';
import { runCaptureJob, type CaptureJob, type JobResult } from './capture-job.js';

/** Messages a worker posts to the pool. */
export type WorkerReply =
  | { type: 'progress'; file: string; progress: AnalyzeProgress }
  | { type: 'done'; result: JobResult }
  | { type: 'crash'; key: string; message: string };

export interface PoolOptions {
  /** Job slots: 1 runs in the main thread; more start up to that many workers. */
  jobs: number;
  onProgress?: (file: string, p: AnalyzeProgress) => void;
  /** Called once per finished job (in finishing order). */
  onResult?: (job: CaptureJob, result: JobResult) => void;
}

const WORKER_URL = new URL('./analysis-worker.js', import.meta.url);

/** Number of worker threads a run of `count` jobs with `jobs` slots starts (0: main thread). */
export function workerCount(jobs: number, count: number): number {
  const n = Math.min(jobs, count);
  return n > 1 ? n : 0;
}

/** Runs every job once and returns the results by job key. */
export async function runJobs(jobs: CaptureJob[], opts: PoolOptions): Promise<Map<string, JobResult>> {
  const results = new Map<string, JobResult>();
  const workers = workerCount(opts.jobs, jobs.length);
  if (workers === 0) {
    for (const job of jobs) {
      const r = runCaptureJob(job, opts.onProgress ? (p) => opts.onProgress!(job.file, p) : undefined);
      results.set(job.key, r);
      opts.onResult?.(job, r);
    }
    return results;
  }
  const queue = [...jobs];
  const pool = Array.from({ length: workers }, () => new Worker(WORKER_URL));
  try {
    await Promise.all(pool.map((w) => drain(w, queue, results, opts)));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

/** Feeds one worker jobs from the shared queue until it is empty. */
function drain(worker: Worker, queue: CaptureJob[], results: Map<string, JobResult>, opts: PoolOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    let current: CaptureJob | undefined;
    const next = (): void => {
      current = queue.shift();
      if (current) worker.postMessage(current);
      else {
        worker.removeAllListeners();
        resolve();
      }
    };
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'progress') opts.onProgress?.(m.file, m.progress);
      else if (m.type === 'crash') reject(new LeakspecError(ErrorCodes.INTERNAL, `analysis worker failed on ${current?.file}: ${m.message}`));
      else {
        results.set(m.result.key, m.result);
        if (current) opts.onResult?.(current, m.result);
        next();
      }
    });
    worker.on('error', (e) => reject(new LeakspecError(ErrorCodes.INTERNAL, `analysis worker failed on ${current?.file}: ${e.stack ?? e.message}`, { cause: e })));
    worker.on('exit', (code) => {
      if (current) reject(new LeakspecError(ErrorCodes.INTERNAL, `analysis worker exited (${code}) while analysing ${current.file}`));
    });
    next();
  });
}
