/**
 * The JSON Schema of spec files (schema/leakspec-1.schema.json) as ready
 * validators: compiled at build time by ajv's standalone code generation
 * (scripts/build-spec-validators.mjs -> src/spec/generated/), so loading a
 * spec compiles nothing.
 */
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { packageRoot } from '../paths.js';
import { full, partial } from './generated/spec-validators.js';
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

/** A validator: true when the data holds, else false with `errors` set (all errors, with the failing schema and data attached). */
export interface SpecValidator {
  (data: unknown): data is RawSpecFile;
  errors?: ErrorObject[] | null;
}

const VALIDATORS: Record<SchemaVariant, SpecValidator> = {
  full: full as SpecValidator,
  partial: partial as SpecValidator,
};

/** The validator of a variant. */
export function specValidator(variant: SchemaVariant = 'full'): SpecValidator {
  return VALIDATORS[variant];
}
