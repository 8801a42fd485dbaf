/**
 * The phone detector: numbers in E.164 form.
 *
 * `+` (or its URL escape `%2B`, form `url`) followed by 8 to 15 digits
 * whose leading digits are an assigned ITU country calling code
 * (country-codes.ts) with at least four digits after it, and whose
 * national part is not one digit repeated (`+100000000` is a score, not a
 * number). Written either without separators (`+4791234567`) or grouped
 * (`+47 912 34 567`, `+1-202-555-0123`, `+33 1 23 45 67 89`): grouping is
 * recognised only when the first group is exactly the country code, one
 * separator (a single space or a single `-`) is used throughout, the group
 * after the code has 1-8 digits and later groups 2-8, and there are at most
 * six groups after the code. Other spellings (brackets, dots, `00`
 * prefix, national numbers) are not E.164 and are left to declared
 * identifiers.
 *
 * False-alarm guards: the `+` is not preceded by a letter, digit, `+`,
 * `/`, `_`, `.`, `)` or `]` (a percent-escape such as `%22` is a boundary), so
 * base64 blobs, URL-encoded spaces (`call+4791234567`), dates with
 * offsets and sums are left alone; and the number is not
 * followed by a letter, digit, `_`, `+`, `/`, `=`, `@` (`%40`), or a `.`
 * and a digit.
 */
import { COUNTRY_CALLING_CODES, splitCountryCode } from '../country-codes.js';
import { codeAt, isAlnum, isDigit, isEscapeOf, isPercentEscape } from './chars.js';
import type { Candidate, Detector } from './kinds.js';

const MIN_DIGITS = 8;
const MAX_DIGITS = 15;
const MAX_GROUP = 8;
const MAX_GROUPS = 6;

/** Bytes that may not come before the `+` (a closing bracket makes it a sum: `getTime()+5184000000`). */
function isGlued(c: number): boolean {
  return isAlnum(c) || c === 0x5f || c === 0x2b || c === 0x2f || c === 0x2e || c === 0x29 || c === 0x5d;
}

function digitRunEnd(text: string, i: number): number {
  let k = i;
  while (isDigit(codeAt(text, k))) k++;
  return k;
}

/** End of the grouped number whose country-code group is text[s..i), or -1 when the groups break the rules. */
function groupedEnd(text: string, i: number, sep: number): number {
  let k = i;
  let groups = 0;
  while (codeAt(text, k) === sep && isDigit(codeAt(text, k + 1))) {
    const end = digitRunEnd(text, k + 1);
    const len = end - (k + 1);
    groups++;
    if (len > MAX_GROUP || (groups > 1 && len < 2) || groups > MAX_GROUPS) return -1;
    k = end;
  }
  return k;
}

function nationalRepeated(national: string): boolean {
  for (let i = 1; i < national.length; i++) if (national.charCodeAt(i) !== national.charCodeAt(0)) return false;
  return true;
}

function endsCleanly(text: string, e: number): boolean {
  const after = codeAt(text, e);
  if (isAlnum(after) || after === 0x5f || after === 0x2b || after === 0x2f || after === 0x3d || after === 0x40) return false;
  if (isEscapeOf(text, e, '40')) return false;
  return !(after === 0x2e && isDigit(codeAt(text, e + 1)));
}

/** The candidate for a `+` (length `tl`: 1, or 3 for `%2B`) at `p`, or null. */
export function phoneAt(text: string, p: number, tl: number): Candidate | null {
  if (isGlued(codeAt(text, p - 1)) && !isPercentEscape(text, p - 3)) return null;
  const s1 = p + tl;
  const r1 = digitRunEnd(text, s1);
  if (r1 === s1) return null;
  const sep = codeAt(text, r1);
  let e = r1;
  const grouped =
    r1 - s1 <= 3 && (sep === 0x20 || sep === 0x2d) && isDigit(codeAt(text, r1 + 1)) && COUNTRY_CALLING_CODES.has(text.slice(s1, r1));
  if (grouped) {
    e = groupedEnd(text, r1, sep);
    if (e < 0) return null;
  }
  if (e - s1 > MAX_DIGITS + MAX_GROUPS) return null;
  const digits = grouped ? text.slice(s1, e).split(String.fromCharCode(sep)).join('') : text.slice(s1, e);
  if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) return null;
  const split = splitCountryCode(digits);
  if (!split || nationalRepeated(split.national) || !endsCleanly(text, e)) return null;
  return { kind: 'phone', form: tl === 1 ? 'raw' : 'url', start: p, end: e, need: e + 2 };
}

/** E.164 phone numbers, found from each `+` and `%2B`. */
export const phoneDetector: Detector = {
  kinds: ['phone'],
  find(text, enabled, out) {
    if (!enabled.has('phone')) return;
    for (let p = text.indexOf('+'); p >= 0; p = text.indexOf('+', p + 1)) {
      const c = phoneAt(text, p, 1);
      if (c) out.push(c);
    }
    for (let p = text.indexOf('%'); p >= 0; p = text.indexOf('%', p + 1)) {
      if (!isEscapeOf(text, p, '2B')) continue;
      const c = phoneAt(text, p, 3);
      if (c) out.push(c);
    }
  },
};
