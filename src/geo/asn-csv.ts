/**
 * The `@ip-location-db/asn` numeric CSVs -> the ASN table input (build time:
 * used by scripts/build-asn-table.ts).
 *
 * Rows are `start,end,asn,org`: inclusive numeric bounds, the organisation
 * possibly quoted (with `""` for a quote) and holding commas.
 */
import type { AsnTableInput, AsnTableMeta } from './asn-table-format.js';

/** One CSV row. */
export interface AsnCsvRow {
  start: bigint;
  end: bigint;
  asn: number;
  org: string;
}

function unquote(field: string): string | null {
  if (!field.startsWith('"')) return field.includes('"') ? null : field;
  if (field.length < 2 || !field.endsWith('"')) return null;
  const inner = field.slice(1, -1);
  if (inner.replace(/""/g, '').includes('"')) return null;
  return inner.replace(/""/g, '"');
}

/** Parses one row; null for a line that is not a valid row. */
export function parseAsnCsvLine(line: string): AsnCsvRow | null {
  const m = /^(\d{1,39}),(\d{1,39}),(\d{1,10}),(.*)$/.exec(line.replace(/\r$/, ''));
  if (!m) return null;
  const org = unquote(m[4]);
  const asn = Number(m[3]);
  if (org === null || asn > 0xffffffff) return null;
  const start = BigInt(m[1]);
  const end = BigInt(m[2]);
  if (end < start) return null;
  return { start, end, asn, org: org.trim() };
}

/** The build date encoded in an ip-location-db version: 2.3.2026061719 -> 2026-06-17. */
export function buildDateFromVersion(version: string): string {
  const m = /^\d+\.\d+\.(\d{4})(\d{2})(\d{2})\d*$/.exec(version);
  if (!m) throw new Error(`version ${version} does not hold a date`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * Parses a whole CSV, sorted by start. A range that starts inside the
 * previous one but ends after it (the source has such data errors) is
 * trimmed to start after it, and counted in `trimmed`; a range wholly inside
 * another, or a bad row, throws.
 */
export function parseAsnCsv(text: string, maxValue: bigint, what: string): { rows: AsnCsvRow[]; trimmed: number } {
  const rows: AsnCsvRow[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const row = parseAsnCsvLine(lines[i]);
    if (!row || row.end > maxValue) throw new Error(`${what}:${i + 1}: not a valid row: ${lines[i].slice(0, 120)}`);
    rows.push(row);
  }
  rows.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let trimmed = 0;
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1];
    if (rows[i].start > prev.end) continue;
    if (rows[i].end <= prev.end) throw new Error(`${what}: range starting ${rows[i].start} lies inside the one starting ${prev.start}`);
    rows[i].start = prev.end + 1n;
    trimmed++;
  }
  return { rows, trimmed };
}

/** Assigns entry numbers to (asn, org) pairs and merges adjacent ranges of the same pair. */
function mergeRows(rows: AsnCsvRow[], entryOf: (asn: number, org: string) => number): { start: bigint; end: bigint; entry: number }[] {
  const out: { start: bigint; end: bigint; entry: number }[] = [];
  for (const r of rows) {
    const entry = entryOf(r.asn, r.org);
    const last = out[out.length - 1];
    if (last && last.entry === entry && last.end + 1n === r.start) last.end = r.end;
    else out.push({ start: r.start, end: r.end, entry });
  }
  return out;
}

/** Builds the table input from the IPv4 and IPv6 CSV texts (`trimmed`: overlapping ranges cut). */
export function buildAsnTableInput(
  v4csv: string,
  v6csv: string,
  meta: AsnTableMeta,
): AsnTableInput & { trimmed: number } {
  const entries: { asn: number; org: string }[] = [];
  const index = new Map<string, number>();
  const entryOf = (asn: number, org: string): number => {
    const key = `${asn}\t${org}`;
    let i = index.get(key);
    if (i === undefined) {
      i = entries.length;
      index.set(key, i);
      entries.push({ asn, org });
    }
    return i;
  };
  const p4 = parseAsnCsv(v4csv, 0xffffffffn, 'IPv4 CSV');
  const p6 = parseAsnCsv(v6csv, (1n << 128n) - 1n, 'IPv6 CSV');
  const v4 = mergeRows(p4.rows, entryOf).map((r) => ({
    start: Number(r.start),
    end: Number(r.end),
    entry: r.entry,
  }));
  const v6 = mergeRows(p6.rows, entryOf);
  return { meta, entries, v4, v6, trimmed: p4.trimmed + p6.trimmed };
}
