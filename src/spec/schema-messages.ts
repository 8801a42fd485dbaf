/** Human messages for JSON Schema errors: the path, what is wrong, and a suggestion. */
import type { ErrorObject } from 'ajv';
import { PROTOCOLS } from '../protocols/types.js';
import { humanPath, parsePointer, pointer, type Segment } from './spec-path.js';
import { didYouMean } from './suggest.js';
import { plainNumberText, type SourceDoc } from './yaml-source.js';

/** Where a message points and what it says. */
export interface SchemaMessage {
  /** JSON pointer of the bad value (or of the unknown key). */
  pointer: string;
  /** Point at the map key rather than its value. */
  target: 'value' | 'key';
  message: string;
}

/** What a value at a given key names, for "unknown X" messages. */
const NOUNS: Record<string, string> = {
  expect: 'assertion',
  assertion: 'assertion',
  protocols: 'protocol',
  infrastructure: 'infrastructure protocol',
  detectors: 'detector',
  category: 'category',
  method: 'HTTP method',
  'min-tls': 'TLS version',
};

/** Readable descriptions of the schema's patterns. */
const PATTERNS: Record<string, string> = {
  '^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$': 'a duration such as 120s, 2m, 500ms or 1h',
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}$': 'a date written YYYY-MM-DD',
  '^[0-9a-fA-F]{64}$': 'a SHA-256 digest: 64 hex digits',
  '^https?://': 'an http:// or https:// URL',
  '^([A-Z]{2}|LOCAL)$': 'an ISO 3166-1 alpha-2 country code in capitals (or LOCAL)',
};

const TYPE_NAMES: Record<string, string> = {
  object: 'a map',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};

function nounFor(path: Segment[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === 'string') return NOUNS[seg] ?? 'value';
  }
  return 'value';
}

function typeOf(data: unknown): string {
  if (data === null || data === undefined) return 'empty';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a map';
  if (typeof data === 'number' || typeof data === 'bigint') return 'a number';
  if (typeof data === 'boolean') return 'true or false';
  if (typeof data === 'string') return 'a string';
  return typeof data;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

function oneOf(values: readonly unknown[]): string {
  return values.map((v) => String(v)).join(', ');
}

function describeBranch(schema: unknown): string {
  if (typeof schema !== 'object' || schema === null) return 'a value';
  const s = schema as { type?: string; required?: string[]; items?: { type?: string } };
  if (s.type === 'object' && s.required && s.required.length > 0) return `a map with ${s.required.join(' and ')}`;
  if (s.type === 'array' && s.items?.type === 'string') return 'a list of strings';
  return TYPE_NAMES[s.type ?? ''] ?? 'a value';
}

/** Suggests quotes for an unquoted number, when the quoted text would be valid (matches `pattern`, if given). */
function quoteHint(source: SourceDoc, path: Segment[], pattern?: string): string {
  const text = plainNumberText(source, path);
  if (text === null || (pattern !== undefined && !new RegExp(pattern).test(text))) return '';
  return `; write it in quotes: "${text}"`;
}

/** The message for one ajv error (keywords beyond those handled fall back to ajv's text). */
export function errorMessage(e: ErrorObject, source: SourceDoc): SchemaMessage {
  const path = parsePointer(e.instancePath);
  const at = humanPath(path);
  const here = (message: string, target: 'value' | 'key' = 'value', p: Segment[] = path): SchemaMessage => ({
    pointer: pointer(p),
    target,
    message: `${humanPath(p)}: ${message}`,
  });
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = didYouMean(key, known);
      const list = hint === '' && known.length > 0 ? `; expected one of: ${oneOf(known)}` : hint;
      return { pointer: pointer([...path, key]), target: 'key', message: `${at}: unknown key '${key}'${list}` };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const extra = path.length === 0 && missing === 'leakspec' ? ' (the format version: write `leakspec: 1`)' : '';
      return here(`missing required key '${missing}'${extra}`, 'key');
    }
    case 'dependencies': {
      const has = String(params.property);
      const needs = String(params.missingProperty);
      return here(
        `a spec with '${has}' needs '${needs}' too (a file with neither is a partial policy file for \`extends\`)`,
        'key',
        [...path, has],
      );
    }
    case 'const':
      if (path.length === 1 && path[0] === 'leakspec') {
        return here(`only version 1 exists (found ${show(e.data)}); write \`leakspec: 1\``);
      }
      return here(`must be ${show(params.allowedValue)}`);
    case 'type': {
      const expected = String(params.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(' or ');
      const pattern = (e.parentSchema as { pattern?: string } | undefined)?.pattern;
      if (params.type === 'string' && pattern !== undefined && PATTERNS[pattern]) {
        return here(`must be ${PATTERNS[pattern]}, not ${typeOf(e.data)}${quoteHint(source, path, pattern)}`);
      }
      const hint = params.type === 'string' ? quoteHint(source, path) : '';
      return here(`must be ${expected}, not ${typeOf(e.data)}${hint}`);
    }
    case 'x-alternatives': {
      const branches = Array.isArray(e.schema) ? e.schema.map(describeBranch) : [];
      const expected = branches.length > 1 ? `${branches.slice(0, -1).join(', ')} or ${branches[branches.length - 1]}` : branches[0];
      return here(`must be ${expected ?? 'another kind of value'}, not ${typeOf(e.data)}${quoteHint(source, path)}`);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const value = e.data;
      const noun = nounFor(path);
      if (noun === 'infrastructure protocol' && typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value)) {
        return here(`'${value}' is not a cleartext protocol; infrastructure may hold: ${oneOf(allowed)}`);
      }
      const hint = typeof value === 'string' ? didYouMean(value, allowed.map(String)) : '';
      return here(`unknown ${noun} ${show(value)}${hint}${hint ? '' : `; expected one of: ${oneOf(allowed)}`}`);
    }
    case 'pattern': {
      const wanted = PATTERNS[String(params.pattern)] ?? `text matching ${String(params.pattern)}`;
      return here(`must be ${wanted}, not ${show(e.data)}${quoteHint(source, path, String(params.pattern))}`);
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      return here(`name '${name}' may hold only letters, digits, '-', '_' and '.'`, 'key', [...path, name]);
    }
    case 'minItems':
      return here(Number(params.limit) === 1 ? 'must not be an empty list' : `must have at least ${String(params.limit)} entries`);
    case 'minLength':
      return here('must not be empty');
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return here(`must be ${String(params.comparison)} ${String(params.limit)} (found ${show(e.data)})`);
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const earlier = Math.min(Number(params.i), Number(params.j));
      return here(`duplicate entry (same as entry ${earlier})`, 'value', [...path, later]);
    }
    case 'minProperties':
    case 'maxProperties':
      return here(`a step has exactly one of: ${oneOf(Object.keys((e.parentSchema as { properties?: object })?.properties ?? {}))}`);
    default:
      return here(e.message ?? `fails the schema's '${e.keyword}' check`);
  }
}
