/**
 * Per-flow state of the analysis: the protocol analyzer, the identifier
 * scanners of each direction (cleartext only), names, findings.
 */
import type { Dir, Flow } from '../decode/types.js';
import type { StreamScan } from '../detect/stream-scan.js';
import type { Hit } from '../detect/types.js';
import type { Protocol, ProtocolAnalyzer } from '../protocols/types.js';
import type { Finding } from './types.js';
import { withEncodings } from '../detect/index.js';
import { maskedContext } from './evidence-context.js';

export interface FlowState {
  analyzer: ProtocolAnalyzer | null;
  protocol: Protocol;
  /** Whether this flow's bytes are scanned for identifiers (not for TLS/QUIC/DTLS/SSH). */
  scan: boolean;
  /** Identifier search per direction (TCP cleartext). */
  scanners: [StreamScan | null, StreamScan | null];
  sni: string | null;
  httpHost: string | null;
  dnsNames: string[];
  findings: Finding[];
  /** Dedupe key set for findings (identifier|form|dir|offset|where). */
  seen: Set<string>;
  uninspected: string[];
  hasPayload: boolean;
}

export function newFlowState(flow: Flow): FlowState {
  return {
    analyzer: null,
    protocol: flow.transport,
    scan: true,
    scanners: [null, null],
    sni: null,
    httpHost: null,
    dnsNames: [],
    findings: [],
    seen: new Set(),
    uninspected: [],
    hasPayload: false,
  };
}

/** Where findings are collected: the list and the keys already recorded. */
export interface FindingSink {
  findings: Finding[];
  seen: Set<string>;
}

/**
 * Turn scanner hits on `chunk` (the bytes just pushed, which begin at stream
 * offset `chunkStart`) into findings, once each.
 */
export function recordHits(
  st: FindingSink,
  hits: Hit[],
  chunk: Uint8Array,
  chunkStart: number,
  dir: Dir,
  frame: number,
  where: string,
  encodings: readonly string[],
): void {
  for (const h of hits) {
    const form = withEncodings(h.form, encodings);
    const key = `${h.identifier}|${form}|${dir}|${h.offset}|${where}|${frame}`;
    if (st.seen.has(key)) continue;
    st.seen.add(key);
    st.findings.push({
      identifier: h.identifier,
      category: h.category,
      form,
      frame,
      direction: dir === 0 ? 'up' : 'down',
      offset: h.offset,
      length: h.length,
      where,
      context: maskedContext(chunk, h.offset - chunkStart, h.length),
    });
  }
}

/**
 * Drops findings whose bytes lie inside another finding of the same
 * identifier in the same place (an IMEI found whole also matches its
 * 14-digit form): one finding per occurrence, the longest match.
 */
export function dropContained(all: Finding[]): Finding[] {
  // The same identifier in the same form, frame and direction is one finding
  // (a dechunked body repeats what the raw stream scan found).
  const seen = new Set<string>();
  const findings = all.filter((f) => {
    const k = `${f.identifier}|${f.form}|${f.frame}|${f.direction}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return findings.filter(
    (f) =>
      !findings.some(
        (g) =>
          g !== f &&
          g.identifier === f.identifier &&
          g.direction === f.direction &&
          g.where === f.where &&
          (g.where !== 'datagram' && g.where !== 'http-body' ? true : g.frame === f.frame) &&
          g.offset <= f.offset &&
          g.offset + g.length >= f.offset + f.length &&
          (g.length > f.length || (g.length === f.length && findings.indexOf(g) < findings.indexOf(f))),
      ),
  );
}
