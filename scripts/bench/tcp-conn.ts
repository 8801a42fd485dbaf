/**
 * A TCP connection in the generated capture: handshake, data in MSS-sized
 * segments acknowledged every second segment, close by FIN or RST. Some
 * segments are reordered, retransmitted, or (on request) never captured,
 * as in a real phone capture. Each method is a generator that yields after
 * every frame written, so many connections interleave.
 */
import type { Endpoint, PcapWriter } from './pcap-writer.js';
import type { Rng } from './rng.js';

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const PSH = 0x08;
const ACK = 0x10;

/** Segment payload size. */
export const MSS = 1448;
const REORDER = 0.004;
const RETRANSMIT = 0.003;

/** What the sessions share: the writer, the clock and the random source. */
export interface GenContext {
  w: PcapWriter;
  rng: Rng;
  /** Random bytes that ciphertext and media are cut from. */
  pool: Uint8Array;
  /** Capture time of the next frame (advances a little on every call). */
  now(): number;
  /** Receives every TCP payload written, in order (the scan-only bench input), or null. */
  payloadSink: ((data: Uint8Array) => void) | null;
}

/** A source of stream bytes, taken a segment at a time. */
export interface ByteStream {
  readonly remaining: number;
  /** The next `n` bytes (n <= remaining), a view valid until the next call. */
  take(n: number): Uint8Array;
}

/** A stream over fixed bytes. */
export function bytesStream(data: Uint8Array): ByteStream {
  let off = 0;
  return {
    get remaining() {
      return data.length - off;
    },
    take(n) {
      const v = data.subarray(off, off + n);
      off += n;
      return v;
    },
  };
}

/**
 * TLS 1.3 application-data records (type 23, version 0x0303) of pseudo-random
 * ciphertext, `total` wire bytes in all, records of at most `maxRecord` bytes.
 */
export function tlsRecordStream(ctx: GenContext, total: number, maxRecord = 16401): ByteStream {
  const scratch = new Uint8Array(MSS);
  const pool = ctx.pool;
  let left = total;
  let inRecord = 0;
  let header = 0;
  const hdr = new Uint8Array(5);
  return {
    get remaining() {
      return left;
    },
    take(n) {
      let o = 0;
      while (o < n) {
        if (inRecord === 0 && header === 0) {
          // What is left counts the bytes this call has already written.
          const body = Math.max(1, Math.min(maxRecord, left - o - 5));
          hdr[0] = 23;
          hdr[1] = 3;
          hdr[2] = 3;
          hdr[3] = body >> 8;
          hdr[4] = body & 0xff;
          header = 5;
          inRecord = body;
        }
        if (header > 0) {
          const k = Math.min(header, n - o);
          scratch.set(hdr.subarray(5 - header, 5 - header + k), o);
          header -= k;
          o += k;
          continue;
        }
        const k = Math.min(inRecord, n - o);
        const at = ctx.rng.int(0, pool.length - k);
        scratch.set(pool.subarray(at, at + k), o);
        inRecord -= k;
        o += k;
      }
      left -= n;
      return scratch.subarray(0, n);
    },
  };
}

/** One TCP connection between the device (client) and a server. */
export class TcpConn {
  /** Next sequence number per direction (0: client, 1: server). */
  private readonly seq: [number, number];
  /** Frame number of the SYN (the flow's first frame). */
  firstFrame = 0;

  constructor(
    private readonly ctx: GenContext,
    readonly client: Endpoint,
    readonly server: Endpoint,
  ) {
    this.seq = [ctx.rng.u32(), ctx.rng.u32()];
  }

  private pkt(fromClient: boolean, flags: number, payload: Uint8Array, seq?: number): number {
    const d = fromClient ? 0 : 1;
    const src = fromClient ? this.client : this.server;
    const dst = fromClient ? this.server : this.client;
    const ack = flags & ACK ? this.seq[1 - d] : 0;
    return this.ctx.w.tcp(this.ctx.now(), src, dst, seq ?? this.seq[d], ack, flags, payload);
  }

  /** SYN, SYN+ACK, ACK. */
  *handshake(): Generator<void> {
    const empty = new Uint8Array(0);
    this.firstFrame = this.pkt(true, SYN, empty);
    this.seq[0] = (this.seq[0] + 1) >>> 0;
    yield;
    this.pkt(false, SYN | ACK, empty);
    this.seq[1] = (this.seq[1] + 1) >>> 0;
    yield;
    this.pkt(true, ACK, empty);
    yield;
  }

  /**
   * Sends a stream in segments. `lose` drops one segment from the capture
   * (a gap the analysis must record).
   */
  *send(fromClient: boolean, stream: ByteStream, lose = false): Generator<void> {
    const ctx = this.ctx;
    const rng = ctx.rng;
    const d = fromClient ? 0 : 1;
    const segments = Math.ceil(stream.remaining / MSS);
    const lost = lose && segments > 2 ? rng.int(1, segments - 2) : -1;
    let held: { seq: number; data: Uint8Array } | null = null;
    let unacked = 0;
    for (let i = 0; stream.remaining > 0; i++) {
      const data = stream.take(Math.min(MSS, stream.remaining));
      const seq = this.seq[d];
      this.seq[d] = (seq + data.length) >>> 0;
      ctx.payloadSink?.(data);
      if (i === lost) continue;
      if (held === null && stream.remaining > 0 && rng.chance(REORDER)) {
        held = { seq, data: data.slice() };
        continue;
      }
      this.pkt(fromClient, ACK | PSH, data, seq);
      yield;
      if (held) {
        this.pkt(fromClient, ACK | PSH, held.data, held.seq);
        held = null;
        yield;
      }
      if (rng.chance(RETRANSMIT)) {
        this.pkt(fromClient, ACK | PSH, data, seq);
        yield;
      }
      if (++unacked >= 2) {
        unacked = 0;
        this.pkt(!fromClient, ACK, new Uint8Array(0));
        yield;
      }
    }
    if (held) {
      this.pkt(fromClient, ACK | PSH, held.data, held.seq);
      yield;
    }
    if (unacked) {
      this.pkt(!fromClient, ACK, new Uint8Array(0));
      yield;
    }
  }

  /** FIN both ways and the last ACK. */
  *close(): Generator<void> {
    const empty = new Uint8Array(0);
    this.pkt(true, FIN | ACK, empty);
    this.seq[0] = (this.seq[0] + 1) >>> 0;
    yield;
    this.pkt(false, FIN | ACK, empty);
    this.seq[1] = (this.seq[1] + 1) >>> 0;
    yield;
    this.pkt(true, ACK, empty);
    yield;
  }

  /** A reset from the client. */
  *reset(): Generator<void> {
    this.pkt(true, RST | ACK, new Uint8Array(0));
    yield;
  }
}
