/**
 * The location detector: latitude/longitude pairs, as coordinates.ts parses
 * them (each value with at least three decimals, latitude -90..90,
 * longitude -180..180): under `lat`/`latitude` and `lon`/`lng`/`long`/
 * `longitude` keys of one JSON object or query string, or written as
 * `lat,lon` in one value.
 *
 * The parser runs only on windows of the text around trigger bytes: a key
 * start (`lat`, `lon`, `lng` in any case, not preceded by a letter or digit)
 * or a comma (`,` or `%2C`) after a number with three decimals or more. A pair spans at most
 * MAX_PAIR_SPAN bytes and holds a trigger, so a window reaching
 * {@link WINDOW_REACH} bytes either side of its triggers holds it whole;
 * a pair that touches a window edge cut out of the text is discarded, since
 * the cut may have changed it.
 *
 * A `lat,lon` value must stand alone, since number lists (SVG paths and
 * polylines, GeoJSON arrays, CSV rows) hold such pairs by chance: it
 * follows `=`, `:`, a quote, a percent-escape, the start of the text, or
 * spaces after `=` or `:`; and it is followed by `&`, a quote, `;`, `#`,
 * `}`, `|`, a percent-escape, the end of the text, or whitespace that is
 * not followed by another number (so not by `,` or `]`).
 */
import { findCoordinatePairs, MAX_PAIR_SPAN, type CoordinatePair } from '../coordinates.js';
import { codeAt, isAlnum, isDigit, isEscapeOf, isPercentEscape } from './chars.js';
import type { Candidate, Detector } from './kinds.js';

/** Bytes scanned on each side of a trigger. */
export const WINDOW_REACH = MAX_PAIR_SPAN + 56;

function isKeyTrigger(text: string, i: number): boolean {
  if (isAlnum(codeAt(text, i - 1))) return false;
  const a = codeAt(text, i + 1) | 0x20;
  const b = codeAt(text, i + 2) | 0x20;
  return (a === 0x61 && b === 0x74) || (a === 0x6f && b === 0x6e) || (a === 0x6e && b === 0x67);
}

/** A comma after a number with at least three decimals (`.ddd,`). */
function isCommaTrigger(text: string, i: number): boolean {
  let k = i - 1;
  while (i - 1 - k <= 15 && isDigit(codeAt(text, k))) k--;
  return i - 1 - k >= 3 && codeAt(text, k) === 0x2e;
}

/** Indices of the trigger bytes (see the module comment), in order. */
export function locationTriggers(text: string): number[] {
  const out: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c | 0x20) === 0x6c) {
      if (isKeyTrigger(text, i)) out.push(i);
    } else if (c === 0x2c || (c === 0x25 && isEscapeOf(text, i, '2C'))) {
      if (isCommaTrigger(text, i)) out.push(i);
    }
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function isQuote(c: number): boolean {
  return c === 0x22 || c === 0x27;
}

/** True when an inline `lat,lon` pair at [s, e) stands alone as a value. */
function standsAlone(text: string, s: number, e: number): boolean {
  let k = s - 1;
  while (s - 1 - k < 8 && codeAt(text, k) === 0x20) k--;
  const b = codeAt(text, k);
  const okBefore = b === 0x3d || b === 0x3a || (k === s - 1 && (b === -1 || isQuote(b) || isPercentEscape(text, s - 3)));
  if (!okBefore) return false;
  const a = codeAt(text, e);
  if (isSpace(a)) {
    let j = e + 1;
    while (j - e < 64 && isSpace(codeAt(text, j))) j++;
    const next = codeAt(text, j);
    return !(isDigit(next) || next === 0x2d || next === 0x2b || next === 0x2e);
  }
  return a === -1 || a === 0x26 || isQuote(a) || a === 0x3b || a === 0x23 || a === 0x7d || a === 0x7c || isPercentEscape(text, e);
}

function isInline(text: string, pair: CoordinatePair, base: number): boolean {
  const c = codeAt(text, base + pair.start);
  return isDigit(c) || c === 0x2d;
}

function scanWindow(text: string, ws: number, we: number, out: Candidate[]): void {
  const pairs = findCoordinatePairs(text.slice(ws, we));
  for (const pair of pairs) {
    if ((ws > 0 && pair.start === 0) || (we < text.length && pair.end === we - ws)) continue;
    const start = ws + pair.start;
    const end = ws + pair.end;
    if (isInline(text, pair, ws) && !standsAlone(text, start, end)) continue;
    out.push({ kind: 'location', form: 'raw', start, end, need: end + 2, lat: pair.lat, lon: pair.lon });
  }
}

/** Coordinate pairs, parsed in windows around the trigger bytes. */
export const locationDetector: Detector = {
  kinds: ['location'],
  find(text, enabled, out) {
    if (!enabled.has('location')) return;
    const triggers = locationTriggers(text);
    let ws = -1;
    let we = -1;
    for (const t of triggers) {
      const from = Math.max(0, t - WINDOW_REACH);
      const to = Math.min(text.length, t + WINDOW_REACH);
      if (ws >= 0 && from <= we) {
        we = to;
        continue;
      }
      if (ws >= 0) scanWindow(text, ws, we, out);
      ws = from;
      we = to;
    }
    if (ws >= 0) scanWindow(text, ws, we, out);
  },
};
