/**
 * Classifier for payloads no analyzer recognised; the flow's protocol is
 * "tcp" or "udp". It keeps the first 4 KiB of payload (either direction, in
 * arrival order) and classifies it, refining as more arrives:
 *
 * 1. text-like: at least 90% of the bytes are printable ASCII (0x20-0x7e),
 *    tab, CR, LF, or part of a valid UTF-8 multi-byte sequence
 *    -> `encrypted: false`;
 * 2. otherwise, high entropy -> `"opaque"`: the Shannon entropy H (bits per
 *    byte) of the n bytes kept is at least min(7.0, log2(D(n)) - 0.6), where
 *    D(n) = 256 * (1 - (255/256)^n) is the expected number of distinct byte
 *    values in n uniformly random bytes. H can never exceed log2(n), so a
 *    fixed 7.0 would call every short random payload cleartext; this
 *    threshold is 7.0 from about 370 bytes up, and below it sits 0.25-0.6
 *    bits under what random bytes of that length give. Fewer than 16 bytes
 *    are never called opaque;
 * 3. otherwise (low-entropy binary) -> `encrypted: false`.
 */
import type { Dir, Transport } from '../decode/types.js';
import type { AnalyzerFactory, ProtocolAnalyzer } from './types.js';

/** Payload bytes kept for classification. */
export const SAMPLE_BYTES = 4096;
/** Share of text bytes that makes a payload text-like. */
export const TEXT_SHARE = 0.9;
/** Fewest bytes that can be called opaque. */
export const MIN_OPAQUE_BYTES = 16;

/** Length of the valid UTF-8 multi-byte sequence at `i` (2-4), or 0. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  return n;
}

/** Share of `b` that is text (printable ASCII, whitespace, valid UTF-8). */
export function textShare(b: Uint8Array): number {
  if (b.length === 0) return 0;
  let text = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if ((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d) {
      text++;
      i++;
      continue;
    }
    const n = c >= 0x80 ? utf8SequenceLength(b, i) : 0;
    if (n) {
      text += n;
      i += n;
    } else i++;
  }
  return text / b.length;
}

/** Shannon entropy of `b` in bits per byte. */
export function shannonEntropy(b: Uint8Array): number {
  if (b.length === 0) return 0;
  const counts = new Uint32Array(256);
  for (let i = 0; i < b.length; i++) counts[b[i]]++;
  let h = 0;
  for (let v = 0; v < 256; v++) {
    const n = counts[v];
    if (n) {
      const p = n / b.length;
      h -= p * Math.log2(p);
    }
  }
  return h;
}

/** The entropy at or above which `n` bytes count as opaque (see the module comment). */
export function opaqueThreshold(n: number): number {
  const distinct = 256 * (1 - (255 / 256) ** n);
  return Math.min(7.0, Math.log2(distinct) - 0.6);
}

/** Classifies a payload sample: false (text or low-entropy binary) or "opaque". */
export function classifyPayload(b: Uint8Array): false | 'opaque' {
  if (b.length === 0 || textShare(b) >= TEXT_SHARE) return false;
  if (b.length < MIN_OPAQUE_BYTES) return false;
  return shannonEntropy(b) >= opaqueThreshold(b.length) ? 'opaque' : false;
}

class FallbackAnalyzer implements ProtocolAnalyzer {
  private readonly sample = new Uint8Array(SAMPLE_BYTES);
  private size = 0;
  private verdict: false | 'opaque' | null = null;

  constructor(readonly protocol: Transport) {}

  onData(_dir: Dir, data: Uint8Array): void {
    if (this.size >= SAMPLE_BYTES || data.length === 0) return;
    const n = Math.min(data.length, SAMPLE_BYTES - this.size);
    this.sample.set(data.subarray(0, n), this.size);
    this.size += n;
    this.verdict = null;
  }

  encryption(): { encrypted: false | 'opaque'; version: null } {
    this.verdict ??= classifyPayload(this.sample.subarray(0, this.size));
    return { encrypted: this.verdict, version: null };
  }
}

function fallbackFactory(transport: Transport): AnalyzerFactory {
  return {
    protocol: transport,
    transports: [transport],
    ports: [],
    sniff: () => true,
    create: () => new FallbackAnalyzer(transport),
  };
}

/** Fallback for unrecognised TCP payloads (protocol "tcp"). */
export const tcpFallbackFactory = fallbackFactory('tcp');
/** Fallback for unrecognised UDP payloads (protocol "udp"). */
export const udpFallbackFactory = fallbackFactory('udp');
