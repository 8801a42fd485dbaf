/**
 * Checks of one spec file beyond its JSON Schema: unique scenario names,
 * jurisdictions, calendar dates, `to` syntax, addresses, windows, recording
 * drivers, `data` names and (on request) that capture files exist.
 */
import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { CATEGORIES } from '../detect/types.js';
import { isJurisdiction } from '../geo/index.js';
import { DETECTORS, type SpecDiagnostic } from './types.js';
import { checkCidr, checkDestination } from './destinations.js';
import { allowRulesOf, isRecord, listAt, mapAt, policiesOf, scenariosOf, stringsAt, waiversOf, type Located } from './raw-walk.js';
import { humanPath, type Segment } from './spec-path.js';
import { closest, didYouMean } from './suggest.js';
import { WELL_KNOWN_IDENTIFIERS } from './well-known.js';
import { diagAt, type SourceDoc } from './yaml-source.js';

const GROUPS = ['EU', 'EEA', 'EU-ADEQUACY'];
const DRIVERS = ['container', 'netns', 'command'];

function at(source: SourceDoc, path: Segment[], message: string, target: 'value' | 'key' = 'value'): SpecDiagnostic {
  return diagAt(source, path, `${humanPath(path)}: ${message}`, target);
}

function jurisdictionHint(name: string): string {
  const upper = name.toUpperCase();
  if (upper !== name && isJurisdiction(upper)) return `; did you mean '${upper}'?`;
  if (upper === 'UK') return "; did you mean 'GB'?";
  return didYouMean(name, GROUPS);
}

function jurisdictions(data: unknown): Located<string>[] {
  const out: Located<string>[] = [];
  for (const p of policiesOf(data)) out.push(...stringsAt(p.value, 'home', p.path));
  for (const r of allowRulesOf(data)) {
    const transfer = mapAt(r.value, 'transfer');
    if (transfer) out.push(...stringsAt(transfer, 'countries', [...r.path, 'transfer']));
  }
  return out;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function checkScenarioNames(source: SourceDoc, out: SpecDiagnostic[]): void {
  const first = new Map<string, Segment[]>();
  for (const s of scenariosOf(source.data)) {
    const name = s.value.name;
    if (typeof name !== 'string') continue;
    const earlier = first.get(name);
    if (earlier) {
      const line = diagAt(source, earlier, '').line;
      out.push(at(source, [...s.path, 'name'], `duplicate scenario name '${name}' (first used at line ${line}); names must be unique in a file`));
    } else {
      first.set(name, [...s.path, 'name']);
    }
  }
}

function checkDestinations(source: SourceDoc, out: SpecDiagnostic[]): void {
  for (const item of [...allowRulesOf(source.data), ...waiversOf(source.data)]) {
    for (const entry of stringsAt(item.value, 'to', item.path)) {
      const check = checkDestination(entry.value);
      if (!check.ok) out.push(at(source, entry.path, `'${entry.value}': ${check.reason}`));
    }
  }
}

function checkWaiverDates(source: SourceDoc, out: SpecDiagnostic[]): void {
  for (const w of waiversOf(source.data)) {
    const expires = w.value.expires;
    if (typeof expires === 'string' && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(expires) && !isCalendarDate(expires)) {
      out.push(at(source, [...w.path, 'expires'], `'${expires}' is not a calendar date`));
    }
  }
}

function checkWindows(source: SourceDoc, out: SpecDiagnostic[]): void {
  for (const s of scenariosOf(source.data)) {
    const window = mapAt(s.value, 'window');
    if (!window || typeof window.from !== 'number' || typeof window.to !== 'number') continue;
    if (window.from >= window.to) {
      out.push(at(source, [...s.path, 'window'], `'from' (${window.from}) must be less than 'to' (${window.to})`));
    }
  }
}

function checkAddresses(source: SourceDoc, out: SpecDiagnostic[]): void {
  for (const a of stringsAt(mapAt(source.data, 'device'), 'addresses', ['device'])) {
    if (isIP(a.value) === 0) out.push(at(source, a.path, `'${a.value}' is not an IP address`));
  }
  for (const p of policiesOf(source.data)) {
    listAt(mapAt(p.value, 'geo'), 'overrides').forEach((o, i) => {
      const cidr = isRecord(o) ? o.cidr : undefined;
      if (typeof cidr !== 'string') return;
      const check = checkCidr(cidr);
      if (!check.ok) out.push(at(source, [...p.path, 'geo', 'overrides', i, 'cidr'], `'${cidr}': ${check.reason}`));
    });
  }
}

function checkRecordDrivers(source: SourceDoc, out: SpecDiagnostic[]): void {
  for (const s of scenariosOf(source.data)) {
    const record = mapAt(s.value, 'record');
    if (!record) continue;
    const drivers = DRIVERS.filter((d) => d in record);
    if (drivers.length !== 1) {
      const found = drivers.length === 0 ? 'none' : drivers.join(' and ');
      out.push(at(source, [...s.path, 'record'], `needs exactly one driver: container, netns or command (found ${found})`));
    }
  }
}

/** The checks of one file that need nothing but the file. */
export function checkFile(source: SourceDoc): SpecDiagnostic[] {
  const out: SpecDiagnostic[] = [];
  checkScenarioNames(source, out);
  for (const j of jurisdictions(source.data)) {
    if (!isJurisdiction(j.value)) {
      out.push(
        at(source, j.path, `unknown jurisdiction '${j.value}'${jurisdictionHint(j.value)} (use ISO 3166-1 alpha-2 codes in capitals, EU, EEA or EU-ADEQUACY)`),
      );
    }
  }
  checkWaiverDates(source, out);
  checkDestinations(source, out);
  checkWindows(source, out);
  checkAddresses(source, out);
  checkRecordDrivers(source, out);
  return out;
}

/**
 * `data` entries of the file's allow rules: each must be a declared
 * identifier, a well-known identifier name, a category or
 * `undeclared:<detector>`. `declared` is null for a partial file checked on
 * its own, whose rules may name identifiers that the extending spec declares.
 */
export function checkDataNames(source: SourceDoc, declared: ReadonlySet<string> | null): SpecDiagnostic[] {
  const out: SpecDiagnostic[] = [];
  const known = new Set<string>([...CATEGORIES, ...Object.keys(WELL_KNOWN_IDENTIFIERS), ...(declared ?? [])]);
  for (const rule of allowRulesOf(source.data)) {
    for (const entry of stringsAt(rule.value, 'data', rule.path)) {
      const v = entry.value;
      if (v.startsWith('undeclared:')) {
        const detector = v.slice('undeclared:'.length);
        if (!(DETECTORS as readonly string[]).includes(detector)) {
          const hint = didYouMean(detector, DETECTORS) || `; detectors: ${DETECTORS.join(', ')}`;
          out.push(at(source, entry.path, `unknown detector '${detector}' in '${v}'${hint}`));
        }
        continue;
      }
      if (known.has(v) || declared === null) continue;
      const candidates = [...known, ...DETECTORS.map((d) => `undeclared:${d}`)];
      const best = closest(v, candidates);
      out.push(
        at(
          source,
          entry.path,
          `'${v}' is not a declared identifier, a well-known identifier name, a category or undeclared:<detector>${best ? `; did you mean '${best}'?` : ''}`,
        ),
      );
    }
  }
  return out;
}

/** Capture files of the file's scenarios that do not exist (for `leakspec validate`). */
export function checkCaptureFiles(source: SourceDoc): SpecDiagnostic[] {
  const out: SpecDiagnostic[] = [];
  const base = dirname(source.file);
  for (const s of scenariosOf(source.data)) {
    const capture = s.value.capture;
    const entries: Located<string>[] =
      typeof capture === 'string' ? [{ path: [...s.path, 'capture'], value: capture }] : stringsAt(s.value, 'capture', s.path);
    for (const entry of entries) {
      const file = resolve(base, entry.value);
      if (!existsSync(file)) out.push(at(source, entry.path, `capture file not found: ${entry.value} (${file})`));
      else if (!statSync(file).isFile()) out.push(at(source, entry.path, `capture is not a file: ${entry.value} (${file})`));
    }
  }
  return out;
}
