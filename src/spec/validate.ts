/**
 * JSON Schema validation of one spec file, with each ajv error turned into
 * a diagnostic at the line and column of the bad value (or key).
 */
import type { ErrorObject } from 'ajv';
import type { SpecDiagnostic } from './types.js';
import type { RawSpecFile } from './raw-types.js';
import { specValidator, type SchemaVariant } from './schema.js';
import { parsePointer } from './spec-path.js';
import { errorMessage } from './schema-messages.js';
import type { SourceDoc } from './yaml-source.js';
import { diagAt } from './yaml-source.js';

/** Result of validating one file against the schema. */
export interface SchemaResult {
  /** The data, typed, when the schema holds; null otherwise. */
  valid: RawSpecFile | null;
  diagnostics: SpecDiagnostic[];
}

/**
 * Validates the file's data. `suppress` holds JSON pointers whose errors were
 * already reported more precisely (an unquoted number identifier).
 */
export function validateSchema(
  source: SourceDoc,
  variant: SchemaVariant = 'full',
  suppress: ReadonlySet<string> = new Set(),
): SchemaResult {
  const validate = specValidator(variant);
  const data = source.data;
  if (validate(data)) return { valid: data, diagnostics: [] };
  const errors = pickBranches(validate.errors ?? []).filter((e) => !isSuppressed(e.instancePath, suppress));
  const diagnostics: SpecDiagnostic[] = [];
  for (const error of supersede(errors)) {
    const m = errorMessage(error, source);
    diagnostics.push(diagAt(source, parsePointer(m.pointer), m.message, m.target));
  }
  return { valid: null, diagnostics };
}

function isSuppressed(instancePath: string, suppress: ReadonlySet<string>): boolean {
  for (const p of suppress) if (instancePath === p || instancePath.startsWith(`${p}/`)) return true;
  return false;
}

function isAlternatives(e: ErrorObject): boolean {
  return e.keyword === 'anyOf' || e.keyword === 'oneOf';
}

/**
 * ajv reports every branch of an `anyOf`. Keep only the branch whose type
 * fits the data (its errors are the real ones); when none fits, replace them
 * all by one "must be a X or a Y" error.
 */
function pickBranches(input: ErrorObject[]): ErrorObject[] {
  let errors = input.filter((e) => e.propertyName === undefined || e.keyword === 'propertyNames');
  for (;;) {
    const alternatives = errors.filter(isAlternatives);
    if (alternatives.length === 0) return errors;
    const outer = alternatives.reduce((a, b) => (b.schemaPath.length < a.schemaPath.length ? b : a));
    const prefix = `${outer.schemaPath}/`;
    const below = (e: ErrorObject): boolean =>
      e.schemaPath.startsWith(prefix) && (e.instancePath === outer.instancePath || e.instancePath.startsWith(`${outer.instancePath}/`));
    const groups = new Map<number, ErrorObject[]>();
    for (const e of errors) {
      if (!below(e)) continue;
      const branch = Number.parseInt(e.schemaPath.slice(prefix.length), 10);
      groups.set(branch, [...(groups.get(branch) ?? []), e]);
    }
    const rest = errors.filter((e) => e !== outer && !below(e));
    const fitting = [...groups.entries()]
      .filter(([, list]) => !list.some((e) => e.keyword === 'type' && e.instancePath === outer.instancePath))
      .sort((a, b) => a[1].length - b[1].length);
    if (fitting.length > 0) {
      errors = [...rest, ...fitting[0][1]];
    } else {
      errors = [...rest, { ...outer, keyword: 'x-alternatives', schemaPath: `${outer.schemaPath}#` }];
    }
  }
}

/** A type error at a path makes the other errors at that same path noise. */
function supersede(errors: ErrorObject[]): ErrorObject[] {
  const typed = new Set(errors.filter((e) => e.keyword === 'type' || e.keyword === 'x-alternatives').map((e) => e.instancePath));
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (typed.has(e.instancePath) && e.keyword !== 'type' && e.keyword !== 'x-alternatives') continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}
