/**
 * Loading a spec file: read, validate (schema and beyond), follow `extends`,
 * then resolve. Every error of every file involved is reported at once.
 */
import { resolve } from 'node:path';
import { ErrorCodes, LeakspecError } from '../errors.js';
import type { ResolvedSpec, SpecDiagnostic } from './types.js';
import { checkCaptureFiles, checkDataNames, checkFile } from './checks.js';
import { checkIdentifiers } from './check-identifiers.js';
import { declaredNames, loadTree, mergeTree, type FileAnalysis } from './extends.js';
import { sortDiagnostics } from './format.js';
import { isRecord } from './raw-walk.js';
import { resolveSpec } from './resolve.js';
import { validateSchema } from './validate.js';
import type { SourceDoc } from './yaml-source.js';

/** Options of loadSpec. */
export interface LoadSpecOptions {
  /** Also report capture files that do not exist (`leakspec validate`). */
  checkCaptures?: boolean;
}

/** What loadSpec returns. `spec` is null whenever there is a diagnostic, and for a partial file. */
export interface LoadSpecResult {
  spec: ResolvedSpec | null;
  /** True for a partial (policy) file: `leakspec: 1` and neither `device` nor `scenarios`. */
  partial: boolean;
  diagnostics: SpecDiagnostic[];
}

/**
 * A file with `leakspec: 1`, no `scenarios`, and no `device` (or a `device`
 * holding only `identifiers`, for `extends`) is a partial (policy) file.
 */
export function isPartialSpec(data: unknown): boolean {
  if (!isRecord(data) || data.leakspec !== 1 || 'scenarios' in data) return false;
  if (!('device' in data)) return true;
  const device = data.device;
  return isRecord(device) && Object.keys(device).every((k) => k === 'identifiers');
}

/** Validates one file on its own: identifiers, schema, and the checks beyond it. */
function analyseFile(source: SourceDoc, root: boolean): FileAnalysis {
  const identifiers = checkIdentifiers(source);
  const variant = root && !isPartialSpec(source.data) ? 'full' : 'partial';
  const schema = validateSchema(source, variant, identifiers.suppress);
  return { valid: schema.valid, diagnostics: [...schema.diagnostics, ...identifiers.diagnostics, ...checkFile(source)] };
}

function dedupe(diagnostics: SpecDiagnostic[]): SpecDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.col}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Loads, validates and resolves the spec at `file`. Never throws for a bad spec: problems are diagnostics. */
export function loadSpec(file: string, opts: LoadSpecOptions = {}): LoadSpecResult {
  const tree = loadTree(resolve(file), analyseFile);
  const root = tree.root;
  const partial = isPartialSpec(root.source?.data);
  const diagnostics = [...tree.diagnostics];
  const declared = partial ? null : declaredNames(tree.files);
  for (const f of tree.files) if (f.source) diagnostics.push(...checkDataNames(f.source, declared));
  if (opts.checkCaptures && root.source) diagnostics.push(...checkCaptureFiles(root.source));
  const files = tree.files.map((f) => f.file);
  const sorted = sortDiagnostics(dedupe(diagnostics), files);
  if (sorted.length > 0 || partial || !root.source || !root.valid) return { spec: null, partial, diagnostics: sorted };
  const merged = mergeTree(root);
  const spec = merged ? resolveSpec(root.source, root.valid, merged, files) : null;
  if (!spec) throw new LeakspecError(ErrorCodes.INTERNAL, `a spec without diagnostics did not resolve: ${root.file}`, { file: root.file });
  return { spec, partial, diagnostics: [] };
}
