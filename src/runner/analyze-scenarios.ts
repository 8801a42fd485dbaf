/**
 * Analyses every capture the planned scenarios need. A capture shared by
 * several scenarios is analysed once per identifier set (and address set,
 * geo database and window), then reused.
 */
import { analyzeCapture, type AnalyzeProgress } from '../analysis/index.js';
import type { CaptureAnalysis } from '../analysis/types.js';
import { compileMatcher } from '../detect/index.js';
import type { Matcher } from '../detect/types.js';
import { ErrorCodes, LeakspecError } from '../errors.js';
import { openGeo } from '../geo/index.js';
import type { GeoLookup } from '../geo/types.js';
import { evaluateScenario, failScenario } from '../policy/index.js';
import type { ResolvedScenario, ResolvedSpec } from '../spec/types.js';
import type { ScenarioRun } from './types.js';

export interface AnalyzeAllOptions {
  today: string;
  /** --geo-db: replaces the embedded database where a spec names none. */
  geoDb?: string | null;
  onProgress?: (file: string, p: AnalyzeProgress) => void;
}

export class ScenarioAnalyzer {
  private readonly cache = new Map<string, CaptureAnalysis | { code: string; message: string }>();
  private readonly matchers = new Map<string, Matcher>();
  readonly geoDbs = new Map<string, { name: string; build_date: string; license?: string }>();

  constructor(private readonly opts: AnalyzeAllOptions) {}

  geoFor(scenario: ResolvedScenario): GeoLookup {
    const database = scenario.policy.geo.database ?? this.opts.geoDb ?? undefined;
    const geo = openGeo({ database, overrides: scenario.policy.geo.overrides });
    const info = geo.info();
    this.geoDbs.set(`${info.name}|${info.build_date}`, { name: info.name, build_date: info.build_date, license: info.license });
    return geo;
  }

  run(spec: ResolvedSpec, scenario: ResolvedScenario): ScenarioRun {
    const analyses: CaptureAnalysis[] = [];
    try {
      const geo = this.geoFor(scenario);
      for (const ref of scenario.captures) {
        if (ref.kind !== 'file') {
          throw new LeakspecError(
            ErrorCodes.NOT_IMPLEMENTED,
            `${ref.loc.file}:${ref.loc.line}:${ref.loc.col}: remote captures ({ url, sha256 }) are not implemented yet`,
          );
        }
        const idKey = JSON.stringify(spec.identifiers);
        const key = JSON.stringify([ref.path, idKey, spec.addresses, scenario.policy.geo, this.opts.geoDb ?? null, scenario.window]);
        let a = this.cache.get(key);
        if (!a) {
          let matcher = this.matchers.get(idKey);
          if (!matcher) {
            matcher = compileMatcher(spec.identifiers.filter((d) => d.value !== null));
            this.matchers.set(idKey, matcher);
          }
          try {
            a = analyzeCapture(ref.path, {
              identifiers: spec.identifiers,
              deviceAddresses: spec.addresses,
              geo,
              window: scenario.window,
              matcher,
              onProgress: this.opts.onProgress ? (p) => this.opts.onProgress!(ref.path, p) : undefined,
            });
          } catch (e) {
            if (!(e instanceof LeakspecError)) throw e;
            a = { code: e.code, message: e.message };
          }
          this.cache.set(key, a);
        }
        if ('code' in a) return { scenario, analyses, results: failScenario(scenario, a), error: a };
        analyses.push(a);
      }
    } catch (e) {
      if (!(e instanceof LeakspecError)) throw e;
      const error = { code: e.code, message: e.message };
      return { scenario, analyses, results: failScenario(scenario, error), error };
    }
    const broken = analyses.flatMap((a) => a.errors);
    if (broken.length) {
      const error = { code: broken[0].code, message: broken.map((b) => b.message).join('\n') };
      return { scenario, analyses, results: failScenario(scenario, error), error };
    }
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
