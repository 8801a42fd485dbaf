/**
 * IPv4 and IPv6 fragment reassembly. Datagrams are keyed by source,
 * destination, identification and protocol; overlapping data keeps the
 * first copy (weird `fragment_overlap`); caps bound the datagrams in
 * flight, their total bytes and each datagram's size; a datagram still
 * incomplete 60 s of capture time after its first fragment is dropped.
 * Fragments are rare, so copies and a string key per fragment are fine here.
 */
import { addWeird, type Weirds } from './types.js';

/** Limits of the reassembler. */
export interface FragmentLimits {
  /** Datagrams being reassembled at once (default 4096). */
  maxDatagrams: number;
  /** Bytes held over all datagrams (default 32 MiB). */
  maxTotalBytes: number;
  /** Largest reassembled payload (default 65535). */
  maxDatagramBytes: number;
  /** Seconds of capture time before an incomplete datagram is dropped (default 60). */
  timeout: number;
}

const DEFAULT_LIMITS: FragmentLimits = {
  maxDatagrams: 4096,
  maxTotalBytes: 32 * 1024 * 1024,
  maxDatagramBytes: 65535,
  timeout: 60,
};

interface Piece {
  off: number;
  data: Uint8Array;
}

interface Datagram {
  pieces: Piece[];
  /** Payload length, known once the last fragment (more-fragments clear) is seen; else -1. */
  total: number;
  bytes: number;
  firstTs: number;
}

/** Builds the reassembly key of a fragment: version, addresses, id, protocol. */
export function fragmentKey(bytes: Uint8Array, srcOff: number, dstOff: number, addrLen: number, id: number, proto: number): string {
  let s = addrLen === 4 ? '4' : '6';
  for (let i = 0; i < addrLen; i++) s += String.fromCharCode(bytes[srcOff + i], bytes[dstOff + i]);
  return `${s}/${id}/${proto}`;
}

/** Reassembles fragmented IP payloads; counts anomalies in `weirds`. */
export class FragmentReassembler {
  private readonly pending = new Map<string, Datagram>();
  private readonly limits: FragmentLimits;
  private totalBytes = 0;

  constructor(private readonly weirds: Weirds, limits: Partial<FragmentLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Datagrams currently incomplete. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Adds one fragment (`data` is a view, copied when kept). Returns the
   * reassembled payload (a new array) when this fragment completes it.
   */
  add(key: string, ts: number, offset: number, more: boolean, data: Uint8Array): Uint8Array | null {
    this.expire(ts);
    const end = offset + data.length;
    if (end > this.limits.maxDatagramBytes) {
      addWeird(this.weirds, 'fragment_cap_exceeded');
      this.drop(key);
      return null;
    }
    let d = this.pending.get(key);
    if (!d) {
      d = { pieces: [], total: -1, bytes: 0, firstTs: ts };
      this.pending.set(key, d);
      this.enforceCaps(key);
    }
    if (!more) {
      if (d.total >= 0 && d.total !== end) addWeird(this.weirds, 'fragment_inconsistent_length');
      else if (d.total < 0) this.setTotal(d, end);
    }
    this.insert(d, key, offset, data);
    if (!this.pending.has(key)) return null;
    if (d.total < 0 || d.bytes < d.total) return null;
    return this.assemble(key, d);
  }

  /** Drops datagrams whose first fragment is older than the timeout (weird `fragment_expired`). */
  expire(now: number): void {
    for (const [key, d] of this.pending) {
      if (now - d.firstTs <= this.limits.timeout) break;
      addWeird(this.weirds, 'fragment_expired');
      this.drop(key);
    }
  }

  /** End of capture: datagrams still incomplete count as weird `fragment_incomplete`. */
  finish(): void {
    if (this.pending.size) addWeird(this.weirds, 'fragment_incomplete', this.pending.size);
    this.pending.clear();
    this.totalBytes = 0;
  }

  private drop(key: string): void {
    const d = this.pending.get(key);
    if (!d) return;
    this.totalBytes -= d.bytes;
    this.pending.delete(key);
  }

  private enforceCaps(keep: string): void {
    for (const key of this.pending.keys()) {
      if (this.pending.size <= this.limits.maxDatagrams && this.totalBytes <= this.limits.maxTotalBytes) return;
      if (key === keep) continue;
      addWeird(this.weirds, 'fragment_cap_exceeded');
      this.drop(key);
    }
  }

  /** Inserts the parts of [offset, offset+len) not already held; first copy wins. */
  private insert(d: Datagram, key: string, offset: number, data: Uint8Array): void {
    const end = offset + data.length;
    const limit = d.total >= 0 ? Math.min(end, d.total) : end;
    if (limit < end) addWeird(this.weirds, 'fragment_beyond_end');
    let cur = offset;
    let overlap = false;
    let i = 0;
    while (i < d.pieces.length && d.pieces[i].off + d.pieces[i].data.length <= cur) i++;
    while (cur < limit) {
      const p = i < d.pieces.length ? d.pieces[i] : null;
      if (p && p.off <= cur) {
        overlap = true;
        cur = Math.min(limit, p.off + p.data.length);
        i++;
        continue;
      }
      const stop = p ? Math.min(limit, p.off) : limit;
      d.pieces.splice(i, 0, { off: cur, data: data.slice(cur - offset, stop - offset) });
      d.bytes += stop - cur;
      this.totalBytes += stop - cur;
      i++;
      cur = stop;
    }
    if (overlap) addWeird(this.weirds, 'fragment_overlap');
    if (this.totalBytes > this.limits.maxTotalBytes) this.enforceCaps(key);
  }

  /** The last fragment fixes the length: data held beyond it is dropped. */
  private setTotal(d: Datagram, total: number): void {
    d.total = total;
    let removed = 0;
    const kept: Piece[] = [];
    for (const p of d.pieces) {
      if (p.off >= total) {
        removed += p.data.length;
      } else if (p.off + p.data.length > total) {
        removed += p.off + p.data.length - total;
        kept.push({ off: p.off, data: p.data.subarray(0, total - p.off) });
      } else {
        kept.push(p);
      }
    }
    if (removed) addWeird(this.weirds, 'fragment_beyond_end');
    d.pieces = kept;
    d.bytes -= removed;
    this.totalBytes -= removed;
  }

  private assemble(key: string, d: Datagram): Uint8Array {
    const out = new Uint8Array(d.total);
    for (const p of d.pieces) out.set(p.data, p.off);
    this.drop(key);
    return out;
  }
}
