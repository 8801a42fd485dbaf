/**
 * Defensive walks over a spec file's plain data, used by the checks that
 * run whether or not the schema held (so every error of a file is reported
 * at once). Values of the wrong type are skipped: the schema reports them.
 */
import type { Segment } from './spec-path.js';

/** A value and the path it was found at. */
export interface Located<T> {
  path: Segment[];
  value: T;
}

/** True for a plain map (not a list, not null). */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The map at `key` of `x`, or null. */
export function mapAt(x: unknown, key: string): Record<string, unknown> | null {
  if (!isRecord(x)) return null;
  const v = x[key];
  return isRecord(v) ? v : null;
}

/** The list at `key` of `x`, or []. */
export function listAt(x: unknown, key: string): unknown[] {
  if (!isRecord(x)) return [];
  const v = x[key];
  return Array.isArray(v) ? v : [];
}

/** The string entries of the list at `key` of `x`, with their paths below `base`. */
export function stringsAt(x: unknown, key: string, base: Segment[]): Located<string>[] {
  const out: Located<string>[] = [];
  listAt(x, key).forEach((v, i) => {
    if (typeof v === 'string') out.push({ path: [...base, key, i], value: v });
  });
  return out;
}

/** The scenarios that are maps, with their paths. */
export function scenariosOf(data: unknown): Located<Record<string, unknown>>[] {
  const out: Located<Record<string, unknown>>[] = [];
  listAt(data, 'scenarios').forEach((s, i) => {
    if (isRecord(s)) out.push({ path: ['scenarios', i], value: s });
  });
  return out;
}

/** Owners of `policy`, `allow` and `waivers`: the file itself and each scenario. */
function owners(data: unknown): Located<unknown>[] {
  return [{ path: [], value: data }, ...scenariosOf(data)];
}

/** The file's `policy` and each scenario's. */
export function policiesOf(data: unknown): Located<Record<string, unknown>>[] {
  const out: Located<Record<string, unknown>>[] = [];
  for (const o of owners(data)) {
    const p = mapAt(o.value, 'policy');
    if (p) out.push({ path: [...o.path, 'policy'], value: p });
  }
  return out;
}

function itemsOf(data: unknown, key: 'allow' | 'waivers'): Located<Record<string, unknown>>[] {
  const out: Located<Record<string, unknown>>[] = [];
  for (const o of owners(data)) {
    listAt(o.value, key).forEach((r, i) => {
      if (isRecord(r)) out.push({ path: [...o.path, key, i], value: r });
    });
  }
  return out;
}

/** Allow rules of the file and of its scenarios. */
export function allowRulesOf(data: unknown): Located<Record<string, unknown>>[] {
  return itemsOf(data, 'allow');
}

/** Waivers of the file and of its scenarios. */
export function waiversOf(data: unknown): Located<Record<string, unknown>>[] {
  return itemsOf(data, 'waivers');
}
