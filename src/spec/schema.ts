/** The JSON Schema of spec files (schema/leakspec-1.schema.json), compiled once. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvModule, { type ValidateFunction } from 'ajv';
import { packageRoot } from '../paths.js';
import type { RawSpecFile } from './raw-types.js';

/** Absolute path of the spec-format JSON Schema shipped with the package. */
export function schemaPath(): string {
  return join(packageRoot(), 'schema', 'leakspec-1.schema.json');
}

/**
 * Which rules apply: `full` for the spec being loaded; `partial` for a
 * partial (policy) file and for every extended file, which need neither
 * `device.model` nor `scenarios`.
 */
export type SchemaVariant = 'full' | 'partial';

const compiled = new Map<SchemaVariant, ValidateFunction<RawSpecFile>>();

function partialVariant(schema: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(schema) as { dependencies?: unknown; properties: { device: { required?: unknown } } };
  delete copy.dependencies;
  delete copy.properties.device.required;
  return copy as unknown as Record<string, unknown>;
}

/** The compiled validator (all errors, with the failing schema and data attached). */
export function specValidator(variant: SchemaVariant = 'full'): ValidateFunction<RawSpecFile> {
  const cached = compiled.get(variant);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(schemaPath(), 'utf8')) as Record<string, unknown>;
  const Ajv = ajvModule.default;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  const validate = ajv.compile<RawSpecFile>(variant === 'full' ? schema : partialVariant(schema));
  compiled.set(variant, validate);
  return validate;
}
