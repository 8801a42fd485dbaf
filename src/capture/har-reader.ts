/**
 * readHar: a HAR file (HTTP Archive 1.1 or 1.2, as browsers, proxies and
 * pcap2har export it) read whole and normalised into entries.
 *
 * A HAR is one JSON document, so it cannot be streamed like pcap; it is read
 * in one piece up to a cap (`DEFAULT_MAX_HAR_BYTES`, 256 MiB), which bounds
 * memory. Entries are not decoded here: bodies stay as the exporter stored
 * them (text, or base64 with `encoding: "base64"`).
 */
import { createHash } from 'node:crypto';
import { closeSync, readSync } from 'node:fs';
import { CaptureError, ErrorCodes } from '../errors.js';
import { normaliseEntry } from './har-entry.js';
import type { HarCapture, HarEntry } from './har-types.js';
import { formatOfHead, openCaptureFile, readHead } from './sniff.js';

/** Largest HAR file read: 256 MiB. A larger one is LS_CAPTURE_CORRUPT, naming the cap. */
export const DEFAULT_MAX_HAR_BYTES = 256 * 1024 * 1024;

/** Options of `readHar`. */
export interface ReadHarOptions {
  /** Largest file accepted, in bytes (default `DEFAULT_MAX_HAR_BYTES`). */
  maxBytes?: number;
}

function readWhole(fd: number, file: string, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let got = 0;
  try {
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
  } catch (cause) {
    throw new CaptureError(ErrorCodes.CAPTURE_MISSING, `${file}: cannot be read (${(cause as Error).message})`, { file, cause });
  }
  return got === size ? buf : buf.subarray(0, got);
}

function mib(n: number): string {
  return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
}

/** JSON.parse's complaint, as a CaptureError: a document that ends early is a cut file. */
function parseError(file: string, text: string, cause: unknown): CaptureError {
  const reason = (cause as Error).message;
  const at = /position (\d+)/.exec(reason);
  const atEnd = at !== null && Number(at[1]) >= text.trimEnd().length;
  if (atEnd || /end of (JSON|data)|Unterminated string/i.test(reason)) {
    return new CaptureError(
      ErrorCodes.CAPTURE_TRUNCATED,
      `${file}: the HAR file is cut short (the JSON ends early: ${reason}); export it again`,
      { file, cause },
    );
  }
  return new CaptureError(ErrorCodes.CAPTURE_CORRUPT, `${file}: damaged HAR file: not valid JSON (${reason})`, { file, cause });
}

function parseJson(bytes: Buffer, file: string): unknown {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw parseError(file, text, cause);
  }
}

function entriesOf(doc: unknown, file: string): { log: Record<string, unknown>; entries: unknown[] } {
  const log = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).log : undefined;
  const entries = typeof log === 'object' && log !== null ? (log as Record<string, unknown>).entries : undefined;
  if (!Array.isArray(entries)) {
    const why = log === undefined ? 'no "log" object' : 'no "log.entries" array';
    throw new CaptureError(ErrorCodes.CAPTURE_UNKNOWN_FORMAT, `${file}: a JSON file but not a HAR (${why})`, { file, offset: 0 });
  }
  return { log: log as Record<string, unknown>, entries };
}

function creatorOf(log: Record<string, unknown>): string | null {
  const c = log.creator;
  if (typeof c !== 'object' || c === null) return null;
  const { name, version } = c as Record<string, unknown>;
  if (typeof name !== 'string') return null;
  return typeof version === 'string' && version !== '' ? `${name} ${version}` : name;
}

function timeRange(entries: HarEntry[]): { first: number | null; last: number | null } {
  let first: number | null = null;
  let last: number | null = null;
  for (const e of entries) {
    if (e.ts === null) continue;
    if (first === null || e.ts < first) first = e.ts;
    if (last === null || e.ts > last) last = e.ts;
  }
  return { first, last };
}

/**
 * Reads and normalises a HAR file. Recognises it by content like
 * `sniffFormat` (a UTF-8 BOM is tolerated).
 *
 * Throws CaptureError: LS_CAPTURE_MISSING (cannot open), LS_CAPTURE_EMPTY
 * (0 bytes), LS_CAPTURE_UNKNOWN_FORMAT (not JSON-looking, or JSON without a
 * `log.entries` array), LS_CAPTURE_TRUNCATED (the JSON ends early),
 * LS_CAPTURE_CORRUPT (invalid JSON, an entry without a request URL, or a
 * file over `maxBytes`). An empty `entries` list is not an error here: the
 * analysis reports it as LS_CAPTURE_EMPTY, like a pcap without packets.
 */
export function readHar(path: string, opts: ReadHarOptions = {}): HarCapture {
  const max = opts.maxBytes ?? DEFAULT_MAX_HAR_BYTES;
  const { fd, size } = openCaptureFile(path);
  let bytes: Buffer;
  try {
    const format = formatOfHead(readHead(fd, path), path);
    if (format !== 'har') {
      throw new CaptureError(ErrorCodes.CAPTURE_UNKNOWN_FORMAT, `${path}: a ${format} file, not a HAR`, { file: path, offset: 0 });
    }
    if (size > max) {
      throw new CaptureError(
        ErrorCodes.CAPTURE_CORRUPT,
        `${path}: the HAR file is ${mib(size)}, over the ${mib(max)} cap on HAR files (they are read whole); split the export`,
        { file: path, offset: max },
      );
    }
    bytes = readWhole(fd, path, size);
  } finally {
    closeSync(fd);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { log, entries: raw } = entriesOf(parseJson(bytes, path), path);
  const weirds = new Map<string, number>();
  const weird = (name: string): void => void weirds.set(name, (weirds.get(name) ?? 0) + 1);
  const entries = raw.map((e, i) => normaliseEntry(e, i + 1, path, weird));
  const { first, last } = timeRange(entries);
  return {
    file: path,
    version: typeof log.version === 'string' ? log.version : null,
    creator: creatorOf(log),
    entries,
    summary: { file: path, format: 'har', sha256, packets: entries.length, bytes: bytes.length, first_ts: first, last_ts: last },
    weirds: Object.fromEntries([...weirds].sort(([a], [b]) => a.localeCompare(b))),
  };
}
