/**
 * Builds pcap and pcapng bytes for tests, independently of the readers:
 * every field is written with Buffer's explicit-endian writers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCapture, type OpenCaptureOptions } from '../../src/capture/open.js';
import type { CaptureSummary, Frame } from '../../src/capture/types.js';
import { tempDir } from '../support/paths.js';

/** A frame with its data copied (the reader's view is only valid until next()). */
export interface KeptFrame extends Omit<Frame, 'data'> {
  data: Buffer;
}

function u16(le: boolean, v: number): Buffer {
  const b = Buffer.alloc(2);
  if (le) b.writeUInt16LE(v);
  else b.writeUInt16BE(v);
  return b;
}

function u32(le: boolean, v: number): Buffer {
  const b = Buffer.alloc(4);
  if (le) b.writeUInt32LE(v >>> 0);
  else b.writeUInt32BE(v >>> 0);
  return b;
}

function i64(le: boolean, v: bigint): Buffer {
  const b = Buffer.alloc(8);
  if (le) b.writeBigInt64LE(v);
  else b.writeBigInt64BE(v);
  return b;
}

function pad4(b: Buffer): Buffer {
  const extra = (4 - (b.length % 4)) % 4;
  return extra ? Buffer.concat([b, Buffer.alloc(extra)]) : b;
}

/** A pcap record. */
export interface PcapRecord {
  sec: number;
  frac: number;
  data: Buffer;
  origLen?: number;
  /** Overrides the captured-length field (to fake a bad record). */
  capLen?: number;
}

/** A whole pcap file. `magic` defaults to a1b2c3d4 (µs) or a1b23c4d (ns). */
export function pcapFile(opts: {
  le: boolean;
  nano?: boolean;
  modified?: boolean;
  linkType?: number;
  snaplen?: number;
  records: PcapRecord[];
}): Buffer {
  const { le } = opts;
  const magic = opts.modified ? 0xa1b2cd34 : opts.nano ? 0xa1b23c4d : 0xa1b2c3d4;
  const header = Buffer.concat([
    u32(le, magic),
    u16(le, 2),
    u16(le, 4),
    u32(le, 0),
    u32(le, 0),
    u32(le, opts.snaplen ?? 65535),
    u32(le, opts.linkType ?? 1),
  ]);
  const parts: Buffer[] = [header];
  for (const r of opts.records) {
    parts.push(u32(le, r.sec), u32(le, r.frac), u32(le, r.capLen ?? r.data.length), u32(le, r.origLen ?? r.data.length));
    if (opts.modified) parts.push(u32(le, 3), u16(le, 0x0800), Buffer.from([0, 0]));
    parts.push(r.data);
  }
  return Buffer.concat(parts);
}

/** A pcapng option (code, value), padded. */
export function option(le: boolean, code: number, value: Buffer): Buffer {
  return Buffer.concat([u16(le, code), u16(le, value.length), pad4(value)]);
}

/** End of options. */
export function endOfOptions(le: boolean): Buffer {
  return Buffer.concat([u16(le, 0), u16(le, 0)]);
}

/** Any pcapng block: type, total length, body (padded), total length. */
export function block(le: boolean, type: number, body: Buffer, lengthOverride?: { head?: number; tail?: number }): Buffer {
  const b = pad4(body);
  const len = b.length + 12;
  return Buffer.concat([u32(le, type), u32(le, lengthOverride?.head ?? len), b, u32(le, lengthOverride?.tail ?? len)]);
}

/** Section Header Block (version 1.0, section length -1). */
export function shb(le: boolean, options: Buffer[] = []): Buffer {
  const body = Buffer.concat([u32(le, 0x1a2b3c4d), u16(le, 1), u16(le, 0), i64(le, -1n), ...options]);
  return block(le, 0x0a0d0d0a, body);
}

/** Interface Description Block with optional if_tsresol / if_tsoffset. */
export function idb(le: boolean, linkType: number, snaplen: number, opts: { tsresol?: number; tsoffset?: bigint } = {}): Buffer {
  const options: Buffer[] = [option(le, 2, Buffer.from('eth0'))];
  if (opts.tsresol !== undefined) options.push(option(le, 9, Buffer.from([opts.tsresol])));
  if (opts.tsoffset !== undefined) options.push(option(le, 14, i64(le, opts.tsoffset)));
  options.push(endOfOptions(le));
  return block(le, 1, Buffer.concat([u16(le, linkType), u16(le, 0), u32(le, snaplen), ...options]));
}

/** Enhanced Packet Block; `ts` is the 64-bit timestamp in interface units. */
export function epb(le: boolean, ifid: number, ts: bigint, data: Buffer, origLen = data.length, capLen = data.length): Buffer {
  const hi = Number(ts >> 32n);
  const lo = Number(ts & 0xffffffffn);
  const body = Buffer.concat([
    u32(le, ifid),
    u32(le, hi),
    u32(le, lo),
    u32(le, capLen),
    u32(le, origLen),
    pad4(data),
    option(le, 1, Buffer.from('a comment')),
    endOfOptions(le),
  ]);
  return block(le, 6, body);
}

/** Obsolete Packet Block (type 2): 16-bit interface id and drops count. */
export function pb(le: boolean, ifid: number, ts: bigint, data: Buffer, origLen = data.length): Buffer {
  const body = Buffer.concat([
    u16(le, ifid),
    u16(le, 0),
    u32(le, Number(ts >> 32n)),
    u32(le, Number(ts & 0xffffffffn)),
    u32(le, data.length),
    u32(le, origLen),
    pad4(data),
  ]);
  return block(le, 2, body);
}

/** Simple Packet Block: original length and the (padded) bytes. */
export function spb(le: boolean, data: Buffer, origLen = data.length): Buffer {
  return block(le, 3, Buffer.concat([u32(le, origLen), pad4(data)]));
}

/** Bytes 0, 1, 2... of length n, offset by `seed`. */
export function bytes(n: number, seed = 0): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i + seed) & 0xff;
  return b;
}

let dir: string | null = null;
let counter = 0;

/** Writes bytes to a fresh temp file and returns its path. */
export function writeTemp(content: Buffer | string, name = 'capture.bin'): string {
  dir ??= tempDir('leakspec-capture-');
  const path = join(dir, `${++counter}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** Reads every frame (data copied) and the summary, or the error that stopped reading. */
export function readAll(
  path: string,
  opts: OpenCaptureOptions = {},
): { frames: KeptFrame[]; error: unknown; summary: CaptureSummary | null } {
  const src = openCapture(path, opts);
  const frames: KeptFrame[] = [];
  try {
    for (let f = src.next(); f !== null; f = src.next()) frames.push({ ...f, data: Buffer.from(f.data) });
    return { frames, error: null, summary: src.summary() };
  } catch (error) {
    return { frames, error, summary: null };
  } finally {
    src.close();
  }
}
