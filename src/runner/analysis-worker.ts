/**
 * Worker-thread entry of the analysis pool: receives a CaptureJob, runs it,
 * posts progress (throttled) and the result. Exits when the pool closes its port.
 */
import { parentPort } from 'node:worker_threads';
import { runCaptureJob, type CaptureJob } from './capture-job.js';
import type { WorkerReply } from './worker-pool.js';

const PROGRESS_EVERY_MS = 150;

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: CaptureJob) => {
    let last = 0;
    try {
      const result = runCaptureJob(job, (p) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS && p.bytesRead < p.size) return;
        last = now;
        port.postMessage({ type: 'progress', file: job.file, progress: p } satisfies WorkerReply);
      });
      port.postMessage({ type: 'done', result } satisfies WorkerReply);
    } catch (e) {
      const err = e as Error;
      port.postMessage({ type: 'crash', key: job.key, message: String(err?.stack ?? err) } satisfies WorkerReply);
    }
  });
}
