/**
 * One unit of parallel work: a capture file plus the options its analysis
 * depends on (identifiers, device addresses, geo options, window). Jobs and
 * their results are plain JSON, so they cross worker threads unchanged; the
 * same function runs them in the main thread (`--jobs 1`) and in workers.
 */
import { threadId } from 'node:worker_threads';
import { UNPLACED, analyzeCapture, placeFlows, type AnalyzeProgress } from '../analysis/index.js';
import type { CaptureAnalysis } from '../analysis/types.js';
import { compileMatcher } from '../detect/index.js';
import type { IdentifierDecl, Matcher } from '../detect/types.js';
import { LeakspecError } from '../errors.js';
import { openGeo } from '../geo/index.js';
import type { GeoOverride } from '../geo/types.js';

/** What one capture's analysis depends on; `key` names it in the cache. */
export interface CaptureJob {
  key: string;
  file: string;
  identifiers: IdentifierDecl[];
  deviceAddresses: string[];
  geo: { database?: string; overrides: GeoOverride[] };
  window: { from: number; to: number } | null;
}

/** A job's outcome: the analysis, or the capture error that stopped it. */
export type JobOutcome = CaptureAnalysis | { code: string; message: string };

/** The outcome with the id of the thread that produced it (0: the main thread). */
export interface JobResult {
  key: string;
  outcome: JobOutcome;
  thread: number;
}

/** The cache key: two scenarios whose analyses would be equal share one job. */
export function jobKey(job: Omit<CaptureJob, 'key'>): string {
  return JSON.stringify([job.file, job.identifiers, job.deviceAddresses, job.geo, job.window]);
}

/** Compiled matchers by identifier set, per thread (compiling is the costly part). */
const matchers = new Map<string, Matcher>();

function matcherFor(identifiers: IdentifierDecl[]): Matcher {
  const k = JSON.stringify(identifiers);
  let m = matchers.get(k);
  if (!m) {
    m = compileMatcher(identifiers.filter((d) => d.value !== null));
    matchers.set(k, m);
  }
  return m;
}

/** Runs one job in the calling thread. Capture errors become the outcome; bugs throw. */
export function runCaptureJob(job: CaptureJob, onProgress?: (p: AnalyzeProgress) => void): JobResult {
  let outcome: JobOutcome;
  try {
    outcome = analyzeCapture(job.file, {
      identifiers: job.identifiers,
      deviceAddresses: job.deviceAddresses,
      // Placed on the map by placeJobOutcome in the main thread: workers load no geo database.
      geo: UNPLACED,
      window: job.window,
      matcher: matcherFor(job.identifiers),
      onProgress,
    });
  } catch (e) {
    if (!(e instanceof LeakspecError)) throw e;
    outcome = { code: e.code, message: e.message };
  }
  return { key: job.key, outcome, thread: threadId };
}

/** Fills in the countries, ASNs and organisations of a job's flows (main thread; the database is cached there). */
export function placeJobOutcome(job: CaptureJob, outcome: JobOutcome): JobOutcome {
  if ('code' in outcome) return outcome;
  return placeFlows(outcome, openGeo({ database: job.geo.database, overrides: job.geo.overrides }));
}
