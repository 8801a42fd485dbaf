/**
 * Worker thread of the fuzzer: analyses the capture files it is sent, one
 * at a time, and answers with the outcome. The parent's watchdog terminates
 * it when an analysis takes too long.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeCapture } from '../../src/analysis/index.js';
import { LeakspecError } from '../../src/errors.js';
import { openGeo } from '../../src/geo/index.js';

/** What the worker answers for one file. */
export interface WorkerOutcome {
  id: number;
  kind: 'ok' | 'capture-error' | 'failure';
  weirds: Record<string, number>;
  errors: string[];
  message?: string;
}

const geo = openGeo();

function analyse(id: number, file: string): WorkerOutcome {
  try {
    const a = analyzeCapture(file, { identifiers: [], geo });
    // The analysis is plain data: it must survive JSON (reports and workers rely on it).
    JSON.parse(JSON.stringify(a));
    const errors = a.errors.map((e) => e.code);
    return { id, kind: errors.length ? 'capture-error' : 'ok', weirds: a.weirds, errors };
  } catch (e) {
    if (e instanceof LeakspecError) return { id, kind: 'capture-error', weirds: {}, errors: [e.code] };
    return { id, kind: 'failure', weirds: {}, errors: [], message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

parentPort?.on('message', (m: { id: number; file: string }) => {
  parentPort?.postMessage(analyse(m.id, m.file));
});
