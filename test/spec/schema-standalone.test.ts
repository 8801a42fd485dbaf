/**
 * The build-time validators (src/spec/generated/, ajv standalone code) are
 * fresh and behave exactly as the schema compiled by ajv at run time did:
 * same verdict and same errors, for real specs and for random damage to them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { parse } from 'yaml';
import { schemaPath } from '../../src/spec/index.js';
import { specValidator, type SchemaVariant } from '../../src/spec/schema.js';
import { repoRoot } from '../support/paths.js';
import { MINIMAL } from './helpers.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The schema compiled at run time, as src/spec/schema.ts did before the validators were generated. */
function runtimeValidator(variant: SchemaVariant): ValidateFunction {
  const schema = JSON.parse(readFileSync(schemaPath(), 'utf8')) as Record<string, unknown>;
  let compiled = schema;
  if (variant === 'partial') {
    const copy = structuredClone(schema) as { dependencies?: unknown; properties: { device: { required?: unknown } } };
    delete copy.dependencies;
    delete copy.properties.device.required;
    compiled = copy as unknown as Record<string, unknown>;
  }
  return new ajvModule.default({ allErrors: true, verbose: true, strict: false }).compile(compiled);
}

/** Errors as comparable text: the partial variant's schema carries another `$id`, nothing else may differ. */
function errorsText(errors: ErrorObject[] | null | undefined): string {
  return JSON.stringify(errors ?? [], (k, v: unknown) => (k === '$id' ? undefined : v));
}

/** Every property name, enum value and pattern example the schema mentions: material for damage. */
function vocabulary(): string[] {
  const words = new Set<string>(['', ' ', '120s', '5m', '2026-01-01', 'https://x.example', 'http://', 'DE', 'LOCAL', 'de', 'a'.repeat(64), 'x']);
  const walk = (s: unknown): void => {
    if (Array.isArray(s)) return s.forEach(walk);
    if (typeof s !== 'object' || s === null) return;
    for (const [k, v] of Object.entries(s)) {
      words.add(k);
      if (k === 'enum' && Array.isArray(v)) for (const e of v) words.add(String(e));
      walk(v);
    }
  };
  walk(JSON.parse(readFileSync(schemaPath(), 'utf8')));
  return [...words];
}

/** Paths of every value in a document (the root included). */
function paths(doc: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(doc)) doc.forEach((v, i) => paths(v, [...at, i], out));
  else if (doc !== null && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) paths(v, [...at, k], out);
  return out;
}

/** `doc` with the value at `path` replaced (or, for a map, a key added beside it). */
function damage(doc: Json, path: (string | number)[], value: Json, addKey: string | null): Json {
  const copy = structuredClone(doc);
  if (path.length === 0) return addKey !== null && copy !== null && typeof copy === 'object' && !Array.isArray(copy) ? { ...copy, [addKey]: value } : value;
  let parent = copy as Record<string | number, Json>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, Json>;
  const last = path[path.length - 1];
  const target = parent[last];
  if (addKey !== null && target !== null && typeof target === 'object' && !Array.isArray(target)) target[addKey] = value;
  else parent[last] = value;
  return copy;
}

describe('spec: build-time schema validators', () => {
  it('are fresh: the generator would write the same file', function () {
    this.timeout(30_000);
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-spec-validators.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  const docs: Json[] = [
    parse(MINIMAL) as Json,
    ...['specs/nokia-7-plus.yaml', 'examples/record/specs/lab-phone.yaml', 'examples/record/specs/android-emulator.yaml', 'examples/record/specs/linux-gateway.yaml'].map(
      (f) => parse(readFileSync(join(repoRoot, f), 'utf8')) as Json,
    ),
  ];

  for (const variant of ['full', 'partial'] as const) {
    it(`give the same verdict and errors as ajv at run time (${variant}), on real specs and damaged ones`, () => {
      const runtime = runtimeValidator(variant);
      const built = specValidator(variant);
      const same = (doc: unknown): void => {
        const a = runtime(doc);
        const b = built(doc);
        assert.equal(b, a, JSON.stringify(doc));
        assert.equal(errorsText(built.errors), errorsText(runtime.errors), JSON.stringify(doc));
      };
      for (const doc of docs) same(doc);
      same(null);
      same([]);
      same({});
      same({ leakspec: 1 });
      same({ leakspec: 2, device: 'x' });
      const words = vocabulary();
      const word = fc.constantFrom(...words);
      const value: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
        v: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          word,
          fc.constantFrom<Json>(null, true, false, 0, 1, -1, 1.5, 65536, 1e12),
          fc.array(tie('v'), { maxLength: 3 }),
          fc.dictionary(word, tie('v'), { maxKeys: 3 }),
        ),
      })).v;
      const docIndex = fc.nat({ max: docs.length - 1 });
      fc.assert(
        fc.property(docIndex, fc.nat(), value, fc.option(word), fc.nat(), fc.nat(), (d, p, v, key, p2, d2) => {
          const doc = docs[d];
          const all = paths(doc);
          let out = damage(doc, all[p % all.length], v, key);
          const again = paths(out);
          out = damage(out, again[p2 % again.length], docs[d2 % docs.length], null); /* a second change, sometimes a whole spec */
          same(out);
          same(damage(doc, all[p % all.length], v, key));
        }),
        { numRuns: 1500, seed: 20260617 },
      );
    });
  }
});
