/**
 * The MAC detector: six two-hex-digit groups with one separator, `:` or
 * `-` throughout (`3c:5a:b4:01:23:45`, `3C-5A-B4-01-23-45`), letters all
 * lower case or all upper case. Left out:
 *
 * - `00:00:00:00:00:00` and `ff:ff:ff:ff:ff:ff` (unset and broadcast);
 * - a group run longer than six, or touching a letter, digit, `:` or `-`
 *   on either side (a percent-escape such as `%22` just before counts as a
 *   boundary): IPv6 addresses (`fe80::3c:5a:b4:01:23:45`), longer hex
 *   strings, serial numbers and key fingerprints;
 * - the dotted (`3c5a.b401.2345`) and bare (`3c5ab4012345`) spellings,
 *   which in undeclared text cannot be told from other hex.
 */
import { codeAt, isAlnum, isHex, isPercentEscape } from './chars.js';
import type { Candidate, Detector } from './kinds.js';

const MAC_LEN = 17;

function isSep(c: number): boolean {
  return c === 0x3a || c === 0x2d;
}

/** True when text[s..s+17) is six hex pairs joined by `sep`, with letters of one case. */
function macShape(text: string, s: number, sep: number): boolean {
  let upper = false;
  let lower = false;
  for (let k = 0; k < MAC_LEN; k++) {
    const c = codeAt(text, s + k);
    if (k % 3 === 2) {
      if (c !== sep) return false;
      continue;
    }
    if (!isHex(c)) return false;
    if (c >= 0x61) lower = true;
    else if (c >= 0x41) upper = true;
  }
  return !(upper && lower);
}

function isExcludedValue(mac: string): boolean {
  const hex = mac.toLowerCase();
  return /^(?:00[:-]){5}00$/.test(hex) || /^(?:ff[:-]){5}ff$/.test(hex);
}

/** The candidate whose first separator is at `i`, or null. */
export function macAt(text: string, i: number): Candidate | null {
  const s = i - 2;
  const sep = codeAt(text, i);
  if (s < 0 || !macShape(text, s, sep)) return null;
  const before = codeAt(text, s - 1);
  const after = codeAt(text, s + MAC_LEN);
  if ((isAlnum(before) && !isPercentEscape(text, s - 3)) || isSep(before) || isAlnum(after) || isSep(after)) return null;
  if (isExcludedValue(text.slice(s, s + MAC_LEN))) return null;
  return { kind: 'mac', form: 'raw', start: s, end: s + MAC_LEN, need: s + MAC_LEN + 2 };
}

/** MAC addresses, found from each `:` or `-` that follows two hex digits. */
export const macDetector: Detector = {
  kinds: ['mac'],
  find(text, enabled, out: Candidate[]) {
    if (!enabled.has('mac')) return;
    const n = text.length;
    for (let i = 2; i < n; i++) {
      const c = text.charCodeAt(i);
      if (!isSep(c) || !isHex(text.charCodeAt(i - 1)) || !isHex(text.charCodeAt(i - 2))) continue;
      const m = macAt(text, i);
      if (m) {
        out.push(m);
        i = m.end;
      }
    }
  },
};
