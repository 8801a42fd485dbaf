/**
 * The IMEI, ICCID and IMSI detectors: whole digit runs.
 *
 * A run of digits is a whole token: bounded on both sides by something
 * other than a digit or a letter (a 15-digit IMEI inside a 20-digit number,
 * a hex digest or a base64 blob is not an IMEI). A percent-escape just
 * before the run counts as a boundary (`imei%3D356938035643809`,
 * `%22356938035643809%22`: the escape's own digits are not part of the
 * run). A run is
 * not a candidate when it is the fraction or the integer part of a decimal
 * number (`.` and a digit next to it), or when it follows `+` or `%2B`
 * (that is a phone number, see phone.ts).
 *
 * - IMEI: exactly 15 digits, Luhn-valid, not one digit repeated, and
 *   starting with an assigned Reporting Body Identifier (the first two
 *   digits of the TAC: 01, 10, 30, 33, 35, 44, 45, 49, 50-54, 86, 91, 98,
 *   99; so never 00, the test range).
 * - ICCID: 19 or 20 digits, starting with 89 (the telecom industry
 *   identifier), Luhn-valid over all digits.
 * - IMSI: exactly 15 digits, an MCC starting with 2-7 (the assigned
 *   range; 001 test networks are left out), not one digit repeated, and the
 *   value of a key whose name contains `imsi` (any case): JSON
 *   (`"imsi":"..."`, `"imsi": ...`), query strings and form bodies
 *   (`imsi=...`, also with `%3D`), headers (`X-IMSI: ...`). A keyed
 *   15-digit value is only ever an IMSI, never also an IMEI.
 */
import { codeAt, isDigit, isEscapeOf, isLetter, isPercentEscape, luhnValid } from './chars.js';
import type { Candidate, Detector, DetectorKind } from './kinds.js';

/** Reporting Body Identifiers assigned by the GSMA (first two digits of an IMEI). */
const IMEI_RBI = new Set(['01', '10', '30', '33', '35', '44', '45', '49', '50', '51', '52', '53', '54', '86', '91', '98', '99']);

/**
 * How far before the end of a digit run the detector reads to decide it:
 * at most 22 digits (20 and the two of a percent-escape), then before them
 * a percent-escape (3) or the key of an IMSI: a quote (3), spaces (16), the
 * separator (3), spaces (16), a quote (3), the key (64) and the character
 * before it: 130 in all, rounded up. It reads 2 bytes after the run.
 */
export const DIGIT_RUN_LOOKBACK = 160;

/** The longest key name looked at before an IMSI value. */
const MAX_KEY = 64;
/** Spaces allowed around the `:` or `=` of a key. */
const MAX_SPACES = 16;

function allSame(digits: string): boolean {
  for (let i = 1; i < digits.length; i++) if (digits.charCodeAt(i) !== digits.charCodeAt(0)) return false;
  return true;
}

/** True when digits[s..e) are a whole token (see the module comment). */
export function wholeDigitToken(text: string, s: number, e: number): boolean {
  if (isPercentEscape(text, s - 3)) {
    if (isEscapeOf(text, s - 3, '2B')) return false;
  } else {
    const before = codeAt(text, s - 1);
    if (before === 0x2b || isLetter(before)) return false;
    if (before === 0x2e && isDigit(codeAt(text, s - 2))) return false;
  }
  const after = codeAt(text, e);
  if (isLetter(after)) return false;
  if (after === 0x2e && isDigit(codeAt(text, e + 1))) return false;
  return true;
}

/** Steps back over one quote (`"`, `'`, `\"`, `%22`) ending at `j`. */
function skipQuoteBack(text: string, j: number): number {
  const c = codeAt(text, j);
  if (c === 0x22 || c === 0x27) return codeAt(text, j - 1) === 0x5c ? j - 2 : j - 1;
  return isEscapeOf(text, j - 2, '22') ? j - 3 : j;
}

function skipSpacesBack(text: string, j: number): number {
  let k = j;
  while (j - k < MAX_SPACES && (codeAt(text, k) === 0x20 || codeAt(text, k) === 0x09)) k--;
  return k;
}

function isKeyChar(c: number): boolean {
  return isDigit(c) || isLetter(c) || c === 0x5f || c === 0x2d || c === 0x2e;
}

/** True when the value starting at `s` follows a key whose name contains `imsi` (see the module comment). */
export function followsImsiKey(text: string, s: number): boolean {
  let j = skipSpacesBack(text, skipQuoteBack(text, s - 1));
  const sep = codeAt(text, j);
  if (sep === 0x3a || sep === 0x3d) j -= 1;
  else if (isEscapeOf(text, j - 2, '3A') || isEscapeOf(text, j - 2, '3D')) j -= 3;
  else return false;
  j = skipQuoteBack(text, skipSpacesBack(text, j));
  let k = j;
  while (j - k < MAX_KEY && isKeyChar(codeAt(text, k))) k--;
  if (k === j || isKeyChar(codeAt(text, k))) return false;
  return text.slice(k + 1, j + 1).toLowerCase().includes('imsi');
}

function isImei(digits: string): boolean {
  return IMEI_RBI.has(digits.slice(0, 2)) && !allSame(digits) && luhnValid(digits);
}

function isIccid(digits: string): boolean {
  return digits.startsWith('89') && luhnValid(digits);
}

function isImsi(digits: string): boolean {
  const mcc0 = digits.charCodeAt(0);
  return mcc0 >= 0x32 && mcc0 <= 0x37 && !allSame(digits);
}

function classify(text: string, s: number, e: number, enabled: ReadonlySet<DetectorKind>): DetectorKind | null {
  const len = e - s;
  if (len !== 15 && len !== 19 && len !== 20) return null;
  if (!wholeDigitToken(text, s, e)) return null;
  const digits = text.slice(s, e);
  if (len === 15) {
    if (followsImsiKey(text, s)) return enabled.has('imsi') && isImsi(digits) ? 'imsi' : null;
    return enabled.has('imei') && isImei(digits) ? 'imei' : null;
  }
  return enabled.has('iccid') && isIccid(digits) ? 'iccid' : null;
}

/** IMEI, ICCID and IMSI in one pass over the digit runs of a text. */
export const digitRunDetector: Detector = {
  kinds: ['imei', 'iccid', 'imsi'],
  find(text, enabled, out: Candidate[]) {
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (!isDigit(text.charCodeAt(i))) {
        i++;
        continue;
      }
      // The two digits of a percent-escape (`%22`, `%20`) are not part of the value after it.
      const s = i >= 1 && text.charCodeAt(i - 1) === 0x25 ? i + 2 : i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (s >= i) continue;
      const kind = classify(text, s, i, enabled);
      if (kind) out.push({ kind, form: 'raw', start: s, end: i, need: i + 2 });
    }
  },
};
