import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ajvModule from 'ajv';
import { CATEGORIES } from '../../src/detect/types.js';
import { PROTOCOLS } from '../../src/protocols/types.js';
import { ASSERTIONS, DETECTORS, schemaPath } from '../../src/spec/index.js';

type Schema = Record<string, unknown>;

function load(): Schema {
  return JSON.parse(readFileSync(schemaPath(), 'utf8')) as Schema;
}

/** Every sub-schema with the JSON path to it. */
function* walk(s: unknown, at: string): Generator<[string, Schema]> {
  if (typeof s !== 'object' || s === null) return;
  if (Array.isArray(s)) {
    for (let i = 0; i < s.length; i++) yield* walk(s[i], `${at}/${i}`);
    return;
  }
  const schema = s as Schema;
  yield [at, schema];
  for (const key of ['properties', 'definitions']) {
    const group = schema[key] as Record<string, unknown> | undefined;
    for (const [name, sub] of Object.entries(group ?? {})) yield* walk(sub, `${at}/${key}/${name}`);
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'anyOf']) {
    if (schema[key] !== undefined && typeof schema[key] === 'object') yield* walk(schema[key], `${at}/${key}`);
  }
}

describe('spec: JSON Schema', () => {
  it('compiles with ajv 8 (draft-07)', () => {
    const ajv = new ajvModule.default({ allErrors: true, strict: false });
    assert.equal(typeof ajv.compile(load()), 'function');
  });

  it('closes every fixed-key object and describes every property', () => {
    for (const [at, s] of walk(load(), '#')) {
      if (s.type === 'object') {
        // fixed-key objects are closed; open maps (identifiers, env) give a schema for their values
        const extra = s.additionalProperties;
        assert.ok(extra === false || (typeof extra === 'object' && extra !== null), `${at} must close its keys`);
        if (s.properties !== undefined && at !== '#/definitions/identifiers') assert.equal(extra, false, `${at} must set additionalProperties: false`);
      }
      for (const [name, prop] of Object.entries((s.properties as Record<string, Schema> | undefined) ?? {})) {
        const ref = typeof prop.$ref === 'string' ? (prop.$ref as string).split('/').pop() : undefined;
        const target = ref ? ((load().definitions as Record<string, Schema>)[ref] ?? {}) : {};
        assert.ok(prop.description ?? target.description, `${at}/properties/${name} has no description`);
      }
    }
  });

  it('uses the same names as the code for assertions, detectors, categories and protocols', () => {
    const defs = load().definitions as Record<string, Schema>;
    assert.deepEqual(defs.assertion.enum, [...ASSERTIONS]);
    assert.deepEqual(defs.detector.enum, [...DETECTORS]);
    assert.deepEqual(defs.category.enum, [...CATEGORIES]);
    assert.deepEqual(defs.protocol.enum, [...PROTOCOLS]);
    const allowProtocols = ((defs.allowRule.properties as Record<string, Schema>).protocols.items as Schema).enum;
    assert.deepEqual(allowProtocols, [...PROTOCOLS, 'any']);
  });
});
