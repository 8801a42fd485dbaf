/**
 * Capture format recognition by content (never by file extension).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CaptureError, ErrorCodes } from '../errors.js';
import type { CaptureFormat } from './types.js';

/** How many leading bytes `sniffFormat` looks at (HAR may start with whitespace). */
export const SNIFF_BYTES = 4096;

/** The pcap magic numbers as the first four bytes of a file, with what they mean. */
export const PCAP_MAGICS: readonly { bytes: readonly number[]; littleEndian: boolean; nano: boolean; modified: boolean }[] = [
  { bytes: [0xd4, 0xc3, 0xb2, 0xa1], littleEndian: true, nano: false, modified: false },
  { bytes: [0xa1, 0xb2, 0xc3, 0xd4], littleEndian: false, nano: false, modified: false },
  { bytes: [0x4d, 0x3c, 0xb2, 0xa1], littleEndian: true, nano: true, modified: false },
  { bytes: [0xa1, 0xb2, 0x3c, 0x4d], littleEndian: false, nano: true, modified: false },
  // Kuznetzov's patched libpcap ("modified" pcap): 24-byte record headers.
  { bytes: [0x34, 0xcd, 0xb2, 0xa1], littleEndian: true, nano: false, modified: true },
  { bytes: [0xa1, 0xb2, 0xcd, 0x34], littleEndian: false, nano: false, modified: true },
];

/** pcapng Section Header Block type, as bytes (a palindrome: same in both byte orders). */
export const PCAPNG_SHB_BYTES: readonly number[] = [0x0a, 0x0d, 0x0d, 0x0a];

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  const n = Math.min(head.length, magic.length);
  for (let i = 0; i < n; i++) if (head[i] !== magic[i]) return false;
  return true;
}

function isPcapngHead(head: Uint8Array): boolean {
  if (!startsWith(head, PCAPNG_SHB_BYTES)) return false;
  if (head.length < 12) return true; // too short to see the byte-order magic: a cut pcapng
  const bom = head.subarray(8, 12);
  return startsWith(bom, [0x1a, 0x2b, 0x3c, 0x4d]) || startsWith(bom, [0x4d, 0x3c, 0x2b, 0x1a]);
}

function isHarHead(head: Uint8Array): boolean {
  let i = 0;
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length) {
    const c = head[i];
    if (c === 0x7b) return true; // '{'
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
    i++;
  }
  return false;
}

/**
 * The format of a file from its first bytes, or null when unknown. A head
 * shorter than a magic number that is a prefix of one counts as that format
 * (a file cut inside its header), so that reading it reports truncation.
 */
export function sniffBytes(head: Uint8Array): CaptureFormat | null {
  if (head.length === 0) return null;
  if (PCAP_MAGICS.some((m) => startsWith(head, m.bytes))) return 'pcap';
  if (isPcapngHead(head)) return 'pcapng';
  if (isHarHead(head)) return 'har';
  return null;
}

/** The first bytes of a file as spaced hex, for messages. */
export function hexHead(head: Uint8Array, max = 16): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(head.length, max); i++) parts.push(head[i].toString(16).padStart(2, '0'));
  return parts.join(' ') + (head.length > max ? ' ...' : '');
}

/** Opens a capture file for reading, mapping failures to LS_CAPTURE_MISSING. */
export function openCaptureFile(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (cause) {
    const why = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message;
    throw new CaptureError(ErrorCodes.CAPTURE_MISSING, `${file}: cannot open the capture file (${why})`, { file, cause });
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    throw new CaptureError(ErrorCodes.CAPTURE_MISSING, `${file}: is a directory, not a capture file`, { file });
  }
  return { fd, size: stat.size };
}

/** Reads up to SNIFF_BYTES from the start of an open file (not hashed). */
export function readHead(fd: number, file: string): Uint8Array {
  const head = Buffer.alloc(SNIFF_BYTES);
  let got: number;
  try {
    got = readSync(fd, head, 0, SNIFF_BYTES, 0);
  } catch (cause) {
    throw new CaptureError(ErrorCodes.CAPTURE_MISSING, `${file}: cannot be read (${(cause as Error).message})`, { file, cause });
  }
  return head.subarray(0, got);
}

/** Checks a head read from `file`: empty and unknown files throw CaptureError. */
export function formatOfHead(head: Uint8Array, file: string): CaptureFormat {
  if (head.length === 0) {
    throw new CaptureError(ErrorCodes.CAPTURE_EMPTY, `${file}: file is empty (0 bytes)`, { file, offset: 0 });
  }
  const format = sniffBytes(head);
  if (format === null) {
    throw new CaptureError(
      ErrorCodes.CAPTURE_UNKNOWN_FORMAT,
      `${file}: not a pcap, pcapng or HAR file (first bytes: ${hexHead(head)})`,
      { file, offset: 0 },
    );
  }
  return format;
}

/**
 * The format of the capture at `path`, recognised by content: pcap (any of
 * its magic numbers), pcapng (a Section Header Block with a byte-order
 * magic), or HAR (JSON: optional UTF-8 BOM, whitespace, `{`).
 * Throws CaptureError: LS_CAPTURE_MISSING, LS_CAPTURE_EMPTY, LS_CAPTURE_UNKNOWN_FORMAT.
 */
export function sniffFormat(path: string): CaptureFormat {
  const { fd } = openCaptureFile(path);
  try {
    return formatOfHead(readHead(fd, path), path);
  } finally {
    closeSync(fd);
  }
}
