/**
 * Extracts the one file of a tar stream (what Docker's archive API returns
 * for a file path) to a destination, streamed: memory stays at one chunk
 * whatever the capture's size. Understands ustar, pax (`x`, `g`) and GNU
 * long-name headers, octal and base-256 sizes.
 */
import { open } from 'node:fs/promises';
import { RecordFailure } from './record-error.js';

const BLOCK = 512;

/** One tar header, parsed. */
export interface TarHeader {
  name: string;
  type: string;
  size: number;
  linkName: string;
}

function cString(b: Buffer, start: number, len: number): string {
  const end = b.indexOf(0, start);
  return b.toString('utf8', start, end < 0 || end > start + len ? start + len : end);
}

/** The size field: octal text, or base-256 when its first byte has the high bit set. */
export function tarSize(b: Buffer, start = 124, len = 12): number {
  if (b[start] & 0x80) {
    let n = b[start] & 0x7f;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + b[i];
    return n;
  }
  const text = cString(b, start, len).trim();
  return text ? parseInt(text, 8) : 0;
}

/** Parses a 512-byte header; null for an all-zero block (end of archive). */
export function parseTarHeader(b: Buffer): TarHeader | null {
  if (b.every((x) => x === 0)) return null;
  const prefix = b.toString('latin1', 257, 263).startsWith('ustar') ? cString(b, 345, 155) : '';
  const name = cString(b, 0, 100);
  return {
    name: prefix ? `${prefix}/${name}` : name,
    type: b[156] === 0 ? '0' : String.fromCharCode(b[156]),
    size: tarSize(b),
    linkName: cString(b, 157, 100),
  };
}

/** Pax records `LEN key=value\n` -> map. */
export function parsePax(b: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < b.length) {
    const sp = b.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number(b.toString('latin1', i, sp));
    if (!Number.isInteger(len) || len <= 0 || i + len > b.length) break;
    const rec = b.toString('utf8', sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/** Largest pax or long-name header body read into memory. */
const MAX_META = 1 << 20;

/**
 * Writes the first regular file of the archive to `dest` and returns its
 * size. Throws a RecordFailure for a directory, a link, an archive without a
 * file, and an archive that ends early.
 */
export async function extractSingleFile(stream: AsyncIterable<Buffer | string>, dest: string, what: string): Promise<number> {
  let buf = Buffer.alloc(0);
  let header: TarHeader | null = null;
  let pax: Record<string, string> = {};
  let meta: Buffer[] | null = null;
  let remaining = 0;
  let skip = 0;
  let out: Awaited<ReturnType<typeof open>> | null = null;
  let written = 0;
  try {
    for await (const raw of stream) {
      buf = buf.length ? Buffer.concat([buf, Buffer.from(raw)]) : Buffer.from(raw);
      while (buf.length) {
        if (skip) {
          const n = Math.min(skip, buf.length);
          skip -= n;
          buf = buf.subarray(n);
          continue;
        }
        if (remaining) {
          const n = Math.min(remaining, buf.length);
          const part = buf.subarray(0, n);
          if (out) {
            await out.write(part);
            written += n;
          } else if (meta) meta.push(Buffer.from(part));
          remaining -= n;
          buf = buf.subarray(n);
          if (remaining) continue;
          if (out) return written;
          const body = Buffer.concat(meta ?? []);
          if (header?.type === 'x') pax = parsePax(body);
          meta = null;
          skip = (BLOCK - (header!.size % BLOCK)) % BLOCK;
          continue;
        }
        if (buf.length < BLOCK) break;
        header = parseTarHeader(buf.subarray(0, BLOCK));
        buf = buf.subarray(BLOCK);
        if (!header) throw new RecordFailure(`${what}: the archive holds no file`);
        const size = pax.size !== undefined ? Number(pax.size) : header.size;
        const name = pax.path ?? header.name;
        if (header.type === 'x' || header.type === 'g' || header.type === 'L' || header.type === 'K') {
          if (header.size > MAX_META) throw new RecordFailure(`${what}: a tar header of ${header.size} bytes is over the ${MAX_META}-byte cap`);
          meta = [];
          remaining = header.size;
          if (!remaining) meta = null;
          continue;
        }
        pax = {};
        if (header.type === '5') throw new RecordFailure(`${what}: '${name}' is a directory, not a capture file`);
        if (header.type === '1' || header.type === '2') throw new RecordFailure(`${what}: '${name}' is a link to '${header.linkName}': name the file itself`);
        if (header.type === '0' || header.type === '7') {
          out = await open(dest, 'w');
          remaining = size;
          if (!remaining) return 0;
          continue;
        }
        skip = size + ((BLOCK - (size % BLOCK)) % BLOCK);
      }
    }
    if (out) throw new RecordFailure(`${what}: the archive ended after ${written} of ${written + remaining} bytes`);
    throw new RecordFailure(`${what}: the archive holds no file`);
  } finally {
    await out?.close();
  }
}
