/** The JSON Schemas shipped in schema/ (analysis, report.json), compiled with ajv 8 and ajv-formats. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { repoRoot } from '../support/paths.js';

/** A schema file of the package, parsed. */
export function loadSchema(name: 'analysis' | 'report'): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repoRoot, 'schema', `${name}.schema.json`), 'utf8')) as Record<string, unknown>;
}

let compiled: { analysis: ValidateFunction; report: ValidateFunction } | null = null;

/** Strict ajv (draft-07): unknown keywords and formats in the schemas are errors too. */
export function validators(): { analysis: ValidateFunction; report: ValidateFunction } {
  if (compiled) return compiled;
  const Ajv = ajvModule.default;
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
  formatsModule.default(ajv);
  ajv.addSchema(loadSchema('analysis'));
  ajv.addSchema(loadSchema('report'));
  compiled = {
    analysis: ajv.getSchema('analysis.schema.json') as ValidateFunction,
    report: ajv.getSchema('report.schema.json') as ValidateFunction,
  };
  return compiled;
}

/** ajv's errors as lines a failing test can print: `/flows/3/where: must be string`. */
export function describeErrors(errors: ErrorObject[] | null | undefined, limit = 10): string {
  return (errors ?? [])
    .slice(0, limit)
    .map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`)
    .join('\n');
}

/** Asserts that `data` is valid against the named schema, printing the first errors when not. */
export function assertValid(name: 'analysis' | 'report', data: unknown, label: string): void {
  const validate = validators()[name];
  if (!validate(data)) throw new Error(`${label} does not match ${name}.schema.json:\n${describeErrors(validate.errors)}`);
}
