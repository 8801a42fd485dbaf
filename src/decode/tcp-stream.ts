/**
 * One direction of a TCP connection, reassembled: bytes are emitted in
 * sequence order, out-of-order segments are buffered (copied) up to a cap,
 * retransmissions of delivered bytes are dropped, overlaps keep the first
 * copy, and holes become gaps when the cap is hit or the stream is flushed.
 *
 * Positions are stream offsets (a JS number, starting at 0 at the first
 * data byte); sequence numbers are only compared to `nextSeq` through a
 * signed 32-bit difference, so the 2^32 wrap needs no special case.
 *
 * Bytes of a retransmission that were already delivered are not compared
 * with the first copy: that would mean keeping a copy of every delivered
 * segment. Overlaps among buffered (not yet delivered) bytes are compared.
 */
import type { Dir } from './types.js';
import { TcpFlags } from './tcp-udp.js';

/** Receives what a direction produces. */
export interface StreamEmitter {
  /** In-order bytes (a view, valid during the call). */
  streamData(dir: Dir, data: Uint8Array): void;
  /** `length` bytes will never be seen. */
  streamGap(dir: Dir, length: number): void;
  streamWeird(name: string): void;
}

interface Pending {
  pos: number;
  data: Uint8Array;
}

/** Largest forward jump of an ACK taken as evidence of unseen data (beyond it, the ACK is bogus). */
const MAX_ACK_JUMP = 0x40000000;

/** Reassembly state of one direction of a TCP connection. */
export class TcpDirection {
  /** Whether `baseSeq` holds the ISN (from a SYN) or the first sequence number seen. */
  hasBase = false;
  baseSeq = 0;
  private started = false;
  private nextSeq = 0;
  /** Stream offset of `nextSeq`: bytes delivered plus gaps. */
  private pos = 0;
  private pending: Pending[] = [];
  /** Bytes in `pending` (0 exactly when `pending` is empty: segments are never empty). */
  private pendingBytes = 0;
  /** Stream offset of the FIN, or -1. */
  finPos = -1;
  /** Highest stream offset the peer acknowledged (evidence of data not captured). */
  private ackEnd = 0;

  constructor(readonly dir: Dir, private readonly maxBuffered: number) {}

  /** Bytes held out of order. */
  get buffered(): number {
    return this.pendingBytes;
  }

  /**
   * A segment sent in this direction. `data` is the captured payload (a
   * view); `missingTail` bytes of payload were cut off by the snap length.
   */
  segment(seq: number, flags: number, data: Uint8Array, missingTail: number, em: StreamEmitter): void {
    this.segmentAt(seq, flags, data, 0, data.length, missingTail, em);
  }

  /**
   * `segment` with the payload given as `length` bytes at `bytes[offset]`:
   * no view is made unless bytes are delivered (copies only for bytes
   * buffered out of order).
   */
  segmentAt(
    seq: number, flags: number, bytes: Uint8Array, offset: number, length: number, missingTail: number, em: StreamEmitter,
  ): void {
    const syn = (flags & TcpFlags.SYN) !== 0;
    if (syn && !this.hasBase) {
      this.hasBase = true;
      this.baseSeq = seq;
    }
    const dataSeq = syn ? (seq + 1) >>> 0 : seq;
    if (!this.started) {
      this.started = true;
      this.nextSeq = dataSeq;
      if (!this.hasBase) {
        this.hasBase = true;
        this.baseSeq = seq;
      }
    }
    const start = this.pos + ((dataSeq - this.nextSeq) | 0);
    const end = start + length;
    if (length) this.insert(start, bytes, offset, length, em);
    if (missingTail > 0 && this.pos === end) this.gapUpTo(end + missingTail, em);
    if (flags & TcpFlags.FIN && this.finPos < 0) this.finPos = end + missingTail;
  }

  /** The peer's acknowledgement number for this direction. */
  acked(ack: number): void {
    if (!this.started) return;
    const d = (ack - this.nextSeq) | 0;
    if (d > 0 && d < MAX_ACK_JUMP && this.pos + d > this.ackEnd) this.ackEnd = this.pos + d;
  }

  /**
   * End of the stream (close, idle end, end of capture): each hole before
   * buffered data becomes a gap and the data after it is emitted; then data
   * known to exist (up to the FIN, else up to the highest ACK) but never
   * captured becomes a final gap.
   */
  flush(em: StreamEmitter): void {
    while (this.pending.length) {
      this.gap(this.pending[0].pos - this.pos, em);
      this.drain(em);
    }
    // An acknowledged FIN counts one sequence number that is not data.
    const end = this.finPos >= 0 ? this.finPos : this.ackEnd;
    if (end > this.pos) this.gap(end - this.pos, em);
  }

  /** Stream bytes `[start, start + length)`, found at `bytes[offset]`. */
  private insert(start: number, bytes: Uint8Array, offset: number, length: number, em: StreamEmitter): void {
    const end = start + length;
    if (end <= this.pos) return; // retransmission of delivered bytes
    if (this.pendingBytes === 0 && start <= this.pos) {
      // In order with nothing buffered (the common case): deliver what is new, nothing to merge or drain.
      this.deliver(bytes.subarray(offset + (this.pos - start), offset + length), em);
      return;
    }
    const pending = this.pending;
    let cur = Math.max(start, this.pos);
    let i = 0;
    while (i < pending.length && pending[i].pos + pending[i].data.length <= cur) i++;
    let mismatch = false;
    while (cur < end) {
      const p = i < pending.length ? pending[i] : null;
      if (p && p.pos <= cur) {
        const stop = Math.min(end, p.pos + p.data.length);
        if (!mismatch) mismatch = differs(bytes, offset + cur - start, p.data, cur - p.pos, stop - cur);
        cur = stop;
        i++;
        continue;
      }
      const stop = p ? Math.min(end, p.pos) : end;
      if (cur === this.pos) {
        this.deliver(bytes.subarray(offset + cur - start, offset + stop - start), em);
      } else {
        pending.splice(i, 0, { pos: cur, data: bytes.slice(offset + cur - start, offset + stop - start) });
        this.pendingBytes += stop - cur;
        i++;
      }
      cur = stop;
    }
    if (mismatch) em.streamWeird('tcp_overlap_mismatch');
    this.drain(em);
    while (this.pendingBytes > this.maxBuffered && pending.length) {
      this.gap(pending[0].pos - this.pos, em);
      this.drain(em);
    }
  }

  /** Emits buffered segments that start at the current position. */
  private drain(em: StreamEmitter): void {
    const pending = this.pending;
    let k = 0;
    while (k < pending.length && pending[k].pos <= this.pos) {
      const p = pending[k++];
      this.pendingBytes -= p.data.length;
      const skip = this.pos - p.pos;
      if (skip < p.data.length) this.deliver(skip ? p.data.subarray(skip) : p.data, em);
    }
    if (k) pending.splice(0, k);
  }

  private gapUpTo(end: number, em: StreamEmitter): void {
    const limit = this.pending.length ? Math.min(end, this.pending[0].pos) : end;
    if (limit > this.pos) this.gap(limit - this.pos, em);
    this.drain(em);
  }

  private deliver(data: Uint8Array, em: StreamEmitter): void {
    this.pos += data.length;
    this.nextSeq = (this.nextSeq + data.length) >>> 0;
    em.streamData(this.dir, data);
  }

  private gap(length: number, em: StreamEmitter): void {
    if (length <= 0) return;
    this.pos += length;
    this.nextSeq = (this.nextSeq + length) >>> 0;
    em.streamGap(this.dir, length);
  }
}

function differs(a: Uint8Array, ao: number, b: Uint8Array, bo: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[ao + i] !== b[bo + i]) return true;
  return false;
}
