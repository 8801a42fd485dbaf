/**
 * Generates the bench captures: a deterministic phone capture of a given
 * size, streamed to disk frame by frame. Many sessions run at once; each
 * step advances one of them by one frame. `mixed` is a phone's traffic
 * (mostly TLS 1.3, some QUIC, RTP-like media, DNS, plain HTTP with JSON
 * bodies); `plaintext` is plain HTTP only, for the identifier-scan figure.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { PcapWriter } from './pcap-writer.js';
import { Rng, randomPool } from './rng.js';
import { httpSession, lookupSession, mediaSession, quicSession, tlsSession, type GenStats } from './sessions.js';
import type { GenContext } from './tcp-conn.js';

/** What was generated. */
export interface GenResult extends GenStats {
  file: string;
  bytes: number;
  packets: number;
  /** Payload bytes written to the side file (plaintext mode with `payloadFile`). */
  payloadBytes: number;
}

/** Sessions running at once. */
const CONCURRENCY = 64;
const START_TS = 1718000000;

type Kind = 'tls' | 'http' | 'dns' | 'media' | 'quic';
const MIXED: Array<[Kind, number]> = [
  ['tls', 0.52],
  ['dns', 0.25],
  ['http', 0.17],
  ['quic', 0.03],
  ['media', 0.03],
];

function pickKind(rng: Rng, mix: Array<[Kind, number]>): Kind {
  let r = rng.next();
  for (const [k, w] of mix) {
    if (r < w) return k;
    r -= w;
  }
  return mix[0][0];
}

/** A buffered writer of the plaintext payload side file. */
function payloadWriter(path: string): { sink: (d: Uint8Array) => void; close: () => number } {
  const fd = openSync(path, 'w');
  const buf = new Uint8Array(1 << 20);
  let used = 0;
  let total = 0;
  const flush = (): void => {
    let o = 0;
    while (o < used) o += writeSync(fd, buf, o, used - o);
    used = 0;
  };
  return {
    sink(d) {
      if (used + d.length > buf.length) flush();
      buf.set(d, used);
      used += d.length;
      total += d.length;
    },
    close() {
      flush();
      closeSync(fd);
      return total;
    },
  };
}

/**
 * Writes a capture of about `size` bytes (it stops at the first frame past
 * it, leaving the sessions then running open, as a capture cut short does).
 */
export function generateCapture(file: string, size: number, mode: 'mixed' | 'plaintext', seed = 7, payloadFile?: string): GenResult {
  const rng = new Rng(seed);
  const w = new PcapWriter(file);
  let ts = START_TS;
  const payload = payloadFile ? payloadWriter(payloadFile) : null;
  const ctx: GenContext = {
    w,
    rng,
    pool: randomPool(1 << 20, seed),
    now: () => (ts += rng.next() * 0.004),
    payloadSink: payload ? payload.sink : null,
  };
  const stats: GenStats = { sessions: {}, plants: [], declaredBodies: 0 };
  const spawn = (): Generator<void> => {
    const kind = mode === 'plaintext' ? 'http' : pickKind(rng, MIXED);
    stats.sessions[kind] = (stats.sessions[kind] ?? 0) + 1;
    switch (kind) {
      case 'tls':
        return tlsSession(ctx);
      case 'http':
        return httpSession(ctx, stats, mode === 'plaintext');
      case 'dns':
        return lookupSession(ctx);
      case 'media':
        return mediaSession(ctx);
      case 'quic':
        return quicSession(ctx);
    }
  };
  const active: Array<Generator<void>> = [];
  while (w.bytes < size) {
    while (active.length < CONCURRENCY) active.push(spawn());
    const i = rng.int(0, active.length - 1);
    if (active[i].next().done) {
      active[i] = active[active.length - 1];
      active.pop();
    }
  }
  w.close();
  const payloadBytes = payload ? payload.close() : 0;
  return { file, bytes: w.bytes, packets: w.packets, payloadBytes, ...stats };
}
