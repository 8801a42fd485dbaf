/** Shared helpers for the detect tests: independent encoders and random filler. */
import { createHash } from 'node:crypto';
import { createLocationScanner, type TriggerScan } from '../../src/detect/index.js';
import type { Hit, IdentifierDecl } from '../../src/detect/types.js';
import { createDetectorScanner, DETECTOR_KINDS } from '../../src/detect/undeclared/index.js';

/** Deterministic PRNG (mulberry32) so failures are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes that no form is made of (no ASCII letters, digits or URL/base64/JSON punctuation), CR and LF included. */
const FILLER = (() => {
  const out: number[] = [];
  for (let b = 0; b < 256; b++) {
    const c = String.fromCharCode(b);
    if (b < 0x80 && /[0-9A-Za-z+/=_\-%\\.:]/.test(c)) continue;
    out.push(b);
  }
  return out;
})();

/** `n` random filler bytes (never part of any form). */
export function filler(rand: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = FILLER[Math.floor(rand() * FILLER.length)];
  return b;
}

export const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
export const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');
export const hex = (s: string | Buffer): string => Buffer.from(s).toString('hex');
export const digest = (alg: string, s: string): Buffer => createHash(alg).update(s, 'utf8').digest();

/** Hits reduced to comparable strings. */
export function hitKeys(hits: Hit[]): string[] {
  return hits.map((h) => `${h.identifier}|${h.form}|${h.offset}|${h.length}`).sort();
}

/** Pushes `data` split at the given offsets, returning all hits. */
export function pushSplit(stream: { push(d: Uint8Array): Hit[] }, data: Buffer, cuts: number[]): Hit[] {
  const hits: Hit[] = [];
  let from = 0;
  for (const cut of [...cuts, data.length]) {
    hits.push(...stream.push(data.subarray(from, cut)));
    from = cut;
  }
  return hits;
}

/** `data` cut at the positions `raw` (taken modulo its length + 1), without empty chunks. */
export function chunksOf(data: Buffer, raw: number[]): Buffer[] {
  const cuts = [...new Set(raw.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, data.length]) {
    if (cut > from) out.push(data.subarray(from, cut));
    from = cut;
  }
  return out;
}

/**
 * Location and detector hits (as hitKeys) of a stream pushed as `chunks`,
 * for the locations among `decls`: the two scanners share `pass`, or each
 * has its own when it is undefined.
 */
export function locationAndDetectorHits(chunks: Buffer[], decls: IdentifierDecl[], pass: TriggerScan | undefined): [string[], string[]] {
  const loc = createLocationScanner(decls, pass);
  const det = createDetectorScanner(DETECTOR_KINDS, decls, pass);
  const a: Hit[] = [];
  const b: Hit[] = [];
  for (const c of chunks) {
    a.push(...loc.push(c));
    b.push(...det.push(c));
  }
  a.push(...loc.flush());
  b.push(...det.flush());
  return [hitKeys(a), hitKeys(b)];
}
