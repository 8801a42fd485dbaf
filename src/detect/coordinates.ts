/**
 * Finds coordinate pairs in text (SPEC-FORMAT.md, "Identifiers"): a
 * latitude (-90..90) and a longitude (-180..180), each with at least three
 * decimals, either
 *
 * - under keys in the same JSON object or query string: a latitude key
 *   (`lat`, `latitude`) and a longitude key (`lon`, `lng`, `long`,
 *   `longitude`), either order, case-insensitive, optionally with a prefix
 *   ending in `_`, `-` or `.` (`gps_lat`, `loc.lng`); values as numbers or
 *   strings, after `:` (JSON) or `=` (query string, form body). For `:` the
 *   text between both must keep JSON braces balanced (same object); for `=`
 *   it must hold no whitespace, `?` or `#` (same query string).
 * - or written as `lat,lon` in one value (`59.9139,10.7522`, also with one
 *   space after the comma or the comma as `%2C`).
 *
 * A pair spans at most {@link MAX_PAIR_SPAN} bytes, so a streaming caller
 * that keeps a larger overlap sees each pair whole.
 */

/** One coordinate pair: the values and the text span holding both. */
export interface CoordinatePair {
  lat: number;
  lon: number;
  /** Index of the pair's first character in the text. */
  start: number;
  /** Index just past its last character. */
  end: number;
}

/** The longest text span a pair may cover (keys, values and what lies between). */
export const MAX_PAIR_SPAN = 200;

const NUM = '-?[0-9]{1,3}\\.[0-9]{3,15}';
const KEYED = new RegExp(
  `(?<![A-Za-z0-9])(?:[A-Za-z0-9]*[_.\\-])?(latitude|lat|longitude|long|lng|lon)["']?\\s{0,16}([:=])\\s{0,16}["']?(${NUM})(?![0-9])`,
  'gi',
);
const INLINE = new RegExp(`(?<![0-9.\\-])(${NUM})(?:, ?|%2[cC])(${NUM})(?![0-9])`, 'g');

interface KeyedValue {
  isLat: boolean;
  sep: string;
  value: number;
  start: number;
  end: number;
}

function inRange(lat: number, lon: number): boolean {
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

function keyedValues(text: string): KeyedValue[] {
  const out: KeyedValue[] = [];
  KEYED.lastIndex = 0;
  for (let m = KEYED.exec(text); m; m = KEYED.exec(text)) {
    out.push({
      isLat: m[1].toLowerCase().startsWith('lat'),
      sep: m[2],
      value: Number(m[3]),
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}

/** True when `between` (the text between two keyed values) keeps them in one object or query string. */
function sameContainer(between: string, sep: string): boolean {
  if (sep === '=') return !/[\s?#]/.test(between);
  let depth = 0;
  for (let i = 0; i < between.length; i++) {
    const c = between.charCodeAt(i);
    if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth < 0) return false;
  }
  return depth === 0;
}

/** The longitude value nearest to latitude `values[i]` that shares its container, or null. */
function partnerOf(text: string, values: KeyedValue[], i: number): KeyedValue | null {
  const a = values[i];
  let best: KeyedValue | null = null;
  let bestGap = Infinity;
  const consider = (b: KeyedValue, first: KeyedValue, second: KeyedValue): void => {
    if (b.isLat || b.sep !== a.sep || second.start < first.end) return;
    const gap = second.start - first.end;
    if (gap < bestGap && sameContainer(text.slice(first.end, second.start), a.sep)) {
      best = b;
      bestGap = gap;
    }
  };
  for (let j = i - 1; j >= 0 && a.end - values[j].start <= MAX_PAIR_SPAN; j--) consider(values[j], values[j], a);
  for (let j = i + 1; j < values.length && values[j].end - a.start <= MAX_PAIR_SPAN; j++) consider(values[j], a, values[j]);
  return best;
}

function keyedPairs(text: string): CoordinatePair[] {
  const values = keyedValues(text);
  const out: CoordinatePair[] = [];
  for (let i = 0; i < values.length; i++) {
    const a = values[i];
    if (!a.isLat) continue;
    const b = partnerOf(text, values, i);
    if (b && inRange(a.value, b.value)) {
      out.push({ lat: a.value, lon: b.value, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });
    }
  }
  return out;
}

function inlinePairs(text: string): CoordinatePair[] {
  const out: CoordinatePair[] = [];
  INLINE.lastIndex = 0;
  for (let m = INLINE.exec(text); m; m = INLINE.exec(text)) {
    const lat = Number(m[1]);
    const lon = Number(m[2]);
    if (inRange(lat, lon)) out.push({ lat, lon, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Every coordinate pair in a text (latin1-decoded bytes, so indices are byte offsets). */
export function findCoordinatePairs(text: string): CoordinatePair[] {
  return [...keyedPairs(text), ...inlinePairs(text)]
    .filter((p) => p.end - p.start <= MAX_PAIR_SPAN)
    .sort((x, y) => x.end - y.end || x.start - y.start);
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two points (haversine, mean Earth radius). */
export function haversineMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
