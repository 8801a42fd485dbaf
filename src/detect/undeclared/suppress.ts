/**
 * Suppression: a detector does not report a value the declared matcher
 * already reports (SPEC-FORMAT.md: "Bytes that match a declared identifier
 * are not reported again by a detector").
 *
 * This compares the matched TEXT with the declared values, not byte ranges:
 * a candidate is dropped when, in one of these normal forms, it equals a
 * declared value or one of the value's normal forms (normal-forms.ts: a
 * MAC in every spelling, an IMEI with and without check digit, a phone
 * number with and without `+` and country code):
 *
 * - as is, ignoring case (and with `%40`, `%2B` decoded);
 * - digits only, for values made of digits and separators (`+`, spaces,
 *   `-`, `.`, `/`, brackets), six digits or more;
 * - a MAC as 12 lower-case hex digits without separators;
 * - for a phone number also its national number, with and without a
 *   trunk `0` (a number declared nationally, `91234567`, is found by the
 *   declared matcher inside `+4791234567`).
 *
 * A coordinate pair is dropped when a declared location's radius holds it.
 * So the same value is never reported twice, while an undeclared value
 * next to (or overlapping) a declared one is still reported.
 */
import { haversineMeters } from '../coordinates.js';
import { splitCountryCode } from '../country-codes.js';
import { macDigits, normalForms } from '../normal-forms.js';
import type { IdentifierDecl } from '../types.js';
import type { Candidate } from './kinds.js';

const MIN_DIGIT_KEY = 6;
const DIGITISH = /^[0-9\s\-./()+]+$/;

/** Decides whether a candidate repeats a declared identifier. */
export interface Suppressor {
  /** True when the candidate (`text` is the matched bytes, latin1) is a declared value. */
  suppresses(candidate: Candidate, text: string): boolean;
}

function decodeEscapes(text: string): string {
  return text.replace(/%40/gi, '@').replace(/%2B/gi, '+');
}

function addKeys(keys: Set<string>, value: string, asMac: boolean): void {
  const v = value.trim();
  if (v === '') return;
  keys.add(`t:${v.toLowerCase()}`);
  if (DIGITISH.test(v)) {
    const digits = v.replace(/[^0-9]/g, '');
    if (digits.length >= MIN_DIGIT_KEY) keys.add(`d:${digits}`);
  }
  const mac = macDigits(v, asMac);
  if (mac !== null) keys.add(`m:${mac}`);
}

function candidateKeys(c: Candidate, text: string): string[] {
  const v = decodeEscapes(text);
  const keys = [`t:${v.toLowerCase()}`];
  const digits = v.replace(/[^0-9]/g, '');
  if (c.kind !== 'email' && c.kind !== 'mac' && digits.length >= MIN_DIGIT_KEY) keys.push(`d:${digits}`);
  if (c.kind === 'mac') keys.push(`m:${v.replace(/[^0-9a-fA-F]/g, '').toLowerCase()}`);
  if (c.kind === 'phone') {
    const split = splitCountryCode(digits);
    if (split) keys.push(`d:${split.national}`, `d:0${split.national}`);
  }
  return keys;
}

const MAC_NAMES = new Set(['mac', 'bluetooth-mac', 'wifi-bssid']);

/** A suppressor for the declared identifiers (values and locations). */
export function createSuppressor(declared: readonly IdentifierDecl[]): Suppressor {
  const keys = new Set<string>();
  const locations: Array<{ lat: number; lon: number; radiusM: number }> = [];
  for (const d of declared) {
    if (d.location) locations.push(d.location);
    if (d.value === null) continue;
    const asMac = MAC_NAMES.has(d.name);
    addKeys(keys, d.value, asMac);
    for (const f of normalForms(d)) addKeys(keys, f.text, asMac);
  }
  return {
    suppresses(c, text) {
      if (c.kind === 'location') {
        if (c.lat === undefined || c.lon === undefined) return false;
        return locations.some((l) => haversineMeters(c.lat as number, c.lon as number, l.lat, l.lon) <= l.radiusM);
      }
      if (keys.size === 0) return false;
      return candidateKeys(c, text).some((k) => keys.has(k));
    },
  };
}
