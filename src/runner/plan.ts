/** Specs -> the scenarios to run: load, validate, filter by --grep and --shard. */
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { findSpecFiles, formatDiagnostic, loadSpec } from '../spec/index.js';
import type { ResolvedScenario, ResolvedSpec, SpecDiagnostic } from '../spec/types.js';
import { testTitle } from './types.js';

export interface Plan {
  specs: Array<{ spec: ResolvedSpec; scenarios: ResolvedScenario[] }>;
  /** Spec errors, formatted `file:line:col: message`. Non-empty means nothing may run. */
  errors: string[];
  /** Partial (policy-only) files that were validated. */
  partials: string[];
}

export interface PlanOptions {
  grep?: string | null;
  shard?: { index: number; total: number } | null;
  checkCaptures?: boolean;
}

export function planRun(paths: string[], opts: PlanOptions = {}): Plan {
  const found = findSpecFiles(paths);
  const errors = found.diagnostics.map((d: SpecDiagnostic) => formatDiagnostic(d));
  const specs: Plan['specs'] = [];
  const partials: string[] = [];
  for (const file of found.files) {
    const r = loadSpec(file, { checkCaptures: opts.checkCaptures ?? false });
    errors.push(...r.diagnostics.map((d: SpecDiagnostic) => formatDiagnostic(d)));
    if (r.partial) partials.push(file);
    if (!r.spec || r.diagnostics.length) continue;
    const spec = r.spec;
    const scenarios = spec.scenarios.filter(
      (s) => grepMatches(spec, s, opts.grep) && inShard(spec, s, opts.shard ?? null),
    );
    specs.push({ spec, scenarios });
  }
  if (!found.files.length && !errors.length) {
    errors.push(`no spec files (.yaml, .yml) found in ${paths.join(', ')}`);
  }
  return { specs, errors, partials };
}

/** --grep keeps a scenario when the text occurs in the model, the scenario name or any of its test titles. */
function grepMatches(spec: ResolvedSpec, s: ResolvedScenario, grep: string | null | undefined): boolean {
  if (!grep) return true;
  const hay = [spec.model, s.name, ...s.expect.map((a) => testTitle(s.name, a))];
  return hay.some((h) => `${spec.model} ${h}`.includes(grep) || h.includes(grep));
}

/**
 * Deterministic shard of a scenario: a hash of its spec file (relative to the
 * working directory) and its name, so that adding specs elsewhere never moves
 * a scenario to another shard.
 */
export function shardOf(specFile: string, scenarioName: string, total: number): number {
  const key = `${relative(process.cwd(), specFile).split('\\').join('/')}\u0000${scenarioName}`;
  const h = createHash('sha256').update(key).digest();
  return (h.readUInt32BE(0) % total) + 1;
}

function inShard(spec: ResolvedSpec, s: ResolvedScenario, shard: { index: number; total: number } | null): boolean {
  return !shard || shardOf(spec.file, s.name, shard.total) === shard.index;
}
