/**
 * Analyses every capture the planned scenarios need, then judges each
 * scenario. Remote captures are fetched and verified first; then each
 * distinct capture job (a capture with its identifier set, addresses, geo
 * options and window) runs once, in a pool of worker threads (`--jobs`),
 * and its result is reused by every scenario that needs it.
 */
import type { AnalyzeProgress } from '../analysis/index.js';
import type { CaptureAnalysis } from '../analysis/types.js';
import { ErrorCodes, LeakspecError } from '../errors.js';
import { openGeo } from '../geo/index.js';
import type { GeoLookup } from '../geo/types.js';
import { displayPath } from '../paths.js';
import { evaluateScenario, failScenario } from '../policy/index.js';
import type { CaptureRef, ResolvedScenario, ResolvedSpec } from '../spec/types.js';
import { jobKey, placeJobOutcome, type CaptureJob, type JobOutcome } from './capture-job.js';
import { fetchCapture, fetchOptionsFromEnv, type FetchOptions } from './fetch-capture.js';
import { redactUrl } from './remote-url.js';
import type { ScenarioRun } from './types.js';
import { runJobs } from './worker-pool.js';

export interface AnalyzeAllOptions {
  today: string;
  /** --geo-db: replaces the embedded database where a spec names none. */
  geoDb?: string | null;
  /** Job slots (`--jobs`); 1 analyses in the main thread. Default 1. */
  jobs?: number;
  /** Remote capture settings (default: from the environment). */
  fetch?: FetchOptions;
  onProgress?: (file: string, p: AnalyzeProgress) => void;
  /** Called once per analysed capture with the id of the thread that did it (0: main thread). */
  onAnalysed?: (file: string, thread: number) => void;
}

type Problem = { code: string; message: string };

/** The specs and scenarios of a run, in report order. */
export type ScenarioSet = Array<{ spec: ResolvedSpec; scenarios: ResolvedScenario[] }>;

export class ScenarioAnalyzer {
  private readonly outcomes = new Map<string, JobOutcome>();
  /** Remote captures by sha256: the verified local path, or why there is none. */
  private readonly remote = new Map<string, string | Problem>();
  readonly geoDbs = new Map<string, { name: string; build_date: string; license?: string }>();

  constructor(private readonly opts: AnalyzeAllOptions) {}

  geoFor(scenario: ResolvedScenario): GeoLookup {
    const geo = openGeo({ database: this.geoDatabase(scenario), overrides: scenario.policy.geo.overrides });
    const info = geo.info();
    this.geoDbs.set(`${info.name}|${info.build_date}`, { name: info.name, build_date: info.build_date, license: info.license });
    return geo;
  }

  private geoDatabase(scenario: ResolvedScenario): string | undefined {
    return scenario.policy.geo.database ?? this.opts.geoDb ?? undefined;
  }

  /** Fetches remote captures and analyses every capture the scenarios need (each once). */
  async prepare(set: ScenarioSet): Promise<void> {
    await this.fetchRemote(set);
    const jobs = new Map<string, CaptureJob>();
    for (const { spec, scenarios } of set) {
      for (const scenario of scenarios) {
        for (const ref of scenario.captures) {
          const job = this.jobFor(spec, scenario, ref);
          if (job && !this.outcomes.has(job.key)) jobs.set(job.key, job);
        }
      }
    }
    const results = await runJobs([...jobs.values()], {
      jobs: this.opts.jobs ?? 1,
      onProgress: this.opts.onProgress,
      onResult: (job, r) => this.opts.onAnalysed?.(job.file, r.thread),
    });
    for (const [key, r] of results) this.outcomes.set(key, placeJobOutcome(jobs.get(key)!, r.outcome));
  }

  private async fetchRemote(set: ScenarioSet): Promise<void> {
    const wanted = new Map<string, string>();
    for (const { scenarios } of set) {
      for (const s of scenarios) for (const ref of s.captures) if (ref.kind === 'url' && !wanted.has(ref.sha256.toLowerCase())) wanted.set(ref.sha256.toLowerCase(), ref.url);
    }
    if (!wanted.size) return;
    const fetchOpts = this.opts.fetch ?? fetchOptionsFromEnv();
    const todo = [...wanted];
    const worker = async (): Promise<void> => {
      for (let next = todo.shift(); next; next = todo.shift()) {
        const [sha, url] = next;
        try {
          this.remote.set(sha, await fetchCapture(url, sha, fetchOpts));
        } catch (e) {
          if (!(e instanceof LeakspecError)) throw e;
          this.remote.set(sha, { code: e.code, message: e.message });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, Math.max(1, this.opts.jobs ?? 1), wanted.size) }, worker));
  }

  /** The job for one capture of a scenario; null when the capture is unavailable (fetch failed). */
  private jobFor(spec: ResolvedSpec, scenario: ResolvedScenario, ref: CaptureRef): CaptureJob | null {
    const file = ref.kind === 'file' ? ref.path : this.remote.get(ref.sha256.toLowerCase());
    if (typeof file !== 'string') return null;
    const job = {
      file,
      identifiers: spec.identifiers,
      deviceAddresses: spec.addresses,
      geo: { database: this.geoDatabase(scenario), overrides: scenario.policy.geo.overrides },
      window: scenario.window,
    };
    return { key: jobKey(job), ...job };
  }

  /** Judges one scenario from the prepared analyses (call `prepare` first). */
  run(spec: ResolvedSpec, scenario: ResolvedScenario): ScenarioRun {
    const analyses: CaptureAnalysis[] = [];
    const fail = (error: Problem): ScenarioRun => ({ scenario, analyses, results: failScenario(scenario, error), error });
    try {
      this.geoFor(scenario);
    } catch (e) {
      if (!(e instanceof LeakspecError)) throw e;
      return fail({ code: e.code, message: e.message });
    }
    for (const ref of scenario.captures) {
      if (ref.kind === 'url') {
        const got = this.remote.get(ref.sha256.toLowerCase());
        if (got === undefined || typeof got !== 'string') {
          const where = `${displayPath(ref.loc.file)}:${ref.loc.line}:${ref.loc.col}`;
          const why = got ?? { code: ErrorCodes.INTERNAL, message: 'remote capture was not fetched' };
          return fail({ code: why.code, message: `${where}: scenario '${scenario.name}': capture ${redactUrl(ref.url)}: ${why.message}` });
        }
      }
      const job = this.jobFor(spec, scenario, ref);
      const a = job ? this.outcomes.get(job.key) : undefined;
      if (!a) return fail({ code: ErrorCodes.INTERNAL, message: `${displayPath(ref.loc.file)}:${ref.loc.line}: capture was not analysed` });
      if ('code' in a) return fail(a);
      analyses.push(ref.kind === 'url' ? { ...a, capture: { ...a.capture, file: redactUrl(ref.url) } } : a);
    }
    const broken = analyses.flatMap((a) => a.errors);
    if (broken.length) return fail({ code: broken[0].code, message: broken.map((b) => b.message).join('\n') });
    const judged = analyses.map((a) => withDetectors(a, scenario.policy.detectors));
    return { scenario, analyses: judged, results: evaluateScenario(scenario, judged, { today: this.opts.today }), error: null };
  }
}

/**
 * The analysis runs every undeclared-identifier detector; a scenario's
 * `policy.detectors` chooses which of their findings count (and are shown).
 */
export function withDetectors(a: CaptureAnalysis, detectors: readonly string[]): CaptureAnalysis {
  const on = new Set(detectors.map((d) => `undeclared:${d}`));
  const keep = (id: string): boolean => !id.startsWith('undeclared:') || on.has(id);
  if (a.flows.every((f) => f.findings.every((x) => keep(x.identifier)))) return a;
  return { ...a, flows: a.flows.map((f) => ({ ...f, findings: f.findings.filter((x) => keep(x.identifier)) })) };
}
