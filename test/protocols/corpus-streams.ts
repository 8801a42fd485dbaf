/** Real payloads from corpus captures, extracted with tshark (the test oracle). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Dir } from '../../src/decode/types.js';

function tshark(args: string[]): string {
  return execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
}

/** Rows of tab-separated fields for the packets matching `filter`. */
export function fields(file: string, filter: string, names: string[]): string[][] {
  const out = tshark(['-r', file, '-Y', filter, '-T', 'fields', ...names.flatMap((n) => ['-e', n])]);
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/** The TCP stream indexes of a capture. */
export function tcpStreams(file: string): number[] {
  return [...new Set(fields(file, 'tcp', ['tcp.stream']).map((r) => Number(r[0])))].sort((a, b) => a - b);
}

export type Chunks = Array<{ dir: Dir; data: Uint8Array }>;

/**
 * The reassembled payloads of TCP streams as tshark follows them (one tshark
 * run): per stream, chunks in order, dir 0 from the first sender.
 */
export function followTcpAll(file: string, streams: number[]): Map<number, Chunks> {
  const out = tshark(['-r', file, '-q', ...streams.flatMap((n) => ['-z', `follow,tcp,raw,${n}`])]);
  const result = new Map<number, Chunks>();
  let current: Chunks | null = null;
  for (const line of out.split('\n')) {
    const f = /^Filter: tcp\.stream eq (\d+)$/.exec(line);
    if (f) {
      current = [];
      result.set(Number(f[1]), current);
      continue;
    }
    const m = /^(\t?)([0-9a-f]+)$/.exec(line);
    if (m && current) current.push({ dir: m[1] ? 1 : 0, data: Buffer.from(m[2], 'hex') });
  }
  return result;
}

/** The reassembled payload of one TCP stream (see followTcpAll). */
export function followTcp(file: string, stream: number): Chunks {
  return followTcpAll(file, [stream]).get(stream) ?? [];
}

/** Payload bytes of every frame of a classic little/big-endian Ethernet+IPv4+UDP pcap, from byte 42 (no option headers). */
export function rawUdpPayloads(file: string): Uint8Array[] {
  const b = readFileSync(file);
  const le = b.readUInt32LE(0) === 0xa1b2c3d4;
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const out: Uint8Array[] = [];
  for (let o = 24; o + 16 <= b.length; ) {
    const incl = u32(o + 8);
    const frame = b.subarray(o + 16, Math.min(b.length, o + 16 + incl));
    if (frame.length > 42) out.push(frame.subarray(42));
    o += 16 + incl;
  }
  return out;
}
