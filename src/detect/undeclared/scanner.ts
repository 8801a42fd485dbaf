/**
 * The streaming scanner that runs the enabled detectors over one direction
 * of a flow's cleartext bytes.
 *
 * Semantics. A push decides the candidates found in the last
 * {@link DETECTOR_TAIL} bytes of earlier chunks followed by the new chunk,
 * as one latin1 text (so indices are byte offsets). Every detector reports,
 * with each match, `need`: one past the last byte it looked at to decide.
 * A match is reported by the push whose chunk holds byte `need - 1`; a
 * match that looked past the end of the bytes so far waits for more, and
 * one that ends the stream is reported by `flush()`. A detector looks at
 * most ~330 bytes around a match (an e-mail address of 254 bytes and its
 * neighbours, a coordinate pair of 200 bytes and its window), well inside
 * the tail, so each match is seen whole in the push that decides it and
 * reported exactly once, at the same offset as a one-shot scan finds it,
 * wherever the chunks are cut.
 *
 * Cost. Each push makes one linear pass over its own bytes only, looking
 * for trigger bytes (triggers.ts); the tail is kept as bytes and decoded,
 * and the detectors run, only for a push that starts within reach of a
 * trigger that may open a candidate. Ordinary traffic holds almost no
 * such trigger, so the work is one table lookup per byte.
 */
import { ByteTail, latin1 } from '../byte-tail.js';
import { TriggerScan } from '../triggers.js';
import type { Hit, IdentifierDecl } from '../types.js';
import { digitRunDetector } from './digit-runs.js';
import { emailDetector } from './email.js';
import { DETECTOR_CATEGORY, undeclaredName, type Candidate, type Detector, type DetectorKind } from './kinds.js';
import { locationDetector } from './location.js';
import { macDetector } from './mac.js';
import { phoneDetector } from './phone.js';
import { createSuppressor, type Suppressor } from './suppress.js';

/** Bytes of earlier chunks kept and scanned again with the next one. */
export const DETECTOR_TAIL = 512;

/** Every detector; each reports some of the kinds. */
const DETECTORS: readonly Detector[] = [digitRunDetector, macDetector, emailDetector, phoneDetector, locationDetector];

/** A streaming scanner for undeclared identifiers. */
export interface DetectorScanner {
  /** Scan the next chunk of the stream; returns the hits it decided, by offset. */
  push(data: Uint8Array): Hit[];
  /** At the end of the stream (call once): hits that end with its last bytes. */
  flush(): Hit[];
  /** Bytes pushed so far. */
  readonly position: number;
}

function toHit(c: Candidate, base: number): Hit {
  return {
    identifier: undeclaredName(c.kind),
    category: DETECTOR_CATEGORY[c.kind],
    form: c.form,
    offset: base + c.start,
    length: c.end - c.start,
  };
}

function byOffset(a: Hit, b: Hit): number {
  return a.offset - b.offset || a.length - b.length;
}

class Scanner implements DetectorScanner {
  private readonly tail = new ByteTail(DETECTOR_TAIL);
  private pos = 0;
  /** Stream offset until which a trigger seen so far may still decide a candidate. */
  private openUntil = -1;
  private readonly detectors: readonly Detector[];
  private readonly triggers: TriggerScan;

  constructor(
    private readonly enabled: ReadonlySet<DetectorKind>,
    private readonly suppressor: Suppressor,
    private readonly shared: TriggerScan | null = null,
  ) {
    this.detectors = DETECTORS.filter((d) => d.kinds.some((k) => enabled.has(k)));
    this.triggers = shared ?? new TriggerScan({
      digits: enabled.has('imei') || enabled.has('iccid') || enabled.has('imsi'),
      mac: enabled.has('mac'),
      email: enabled.has('email'),
      phone: enabled.has('phone'),
      coordinates: enabled.has('location'),
    });
  }

  get position(): number {
    return this.pos;
  }

  /** Hits of the candidates in `text` (starting at stream offset `base`) that `accept` admits. */
  private decide(text: string, base: number, accept: (c: Candidate) => boolean): Hit[] {
    const found: Candidate[] = [];
    for (const d of this.detectors) d.find(text, this.enabled, found);
    const hits: Hit[] = [];
    for (const c of found) {
      if (accept(c) && !this.suppressor.suppresses(c, text.slice(c.start, c.end))) hits.push(toHit(c, base));
    }
    return hits.sort(byOffset);
  }

  push(data: Uint8Array): Hit[] {
    const prevEnd = this.pos;
    this.pos += data.length;
    if (this.detectors.length === 0 || data.length === 0) return [];
    const until = this.shared ? this.shared.scanShared(data, prevEnd, this.tail, false) : this.triggers.scan(data, prevEnd, this.tail);
    if (until > this.openUntil) this.openUntil = until;
    let hits: Hit[] = [];
    if (prevEnd < this.openUntil) {
      const tailText = this.tail.text();
      const text = tailText + latin1(data);
      const fresh = tailText.length;
      hits = this.decide(text, prevEnd - fresh, (c) => c.need > fresh && c.need <= text.length);
    }
    this.tail.push(data);
    return hits;
  }

  /** Back to the start of a new stream. */
  reset(): this {
    this.pos = 0;
    this.openUntil = -1;
    this.tail.clear();
    this.triggers.reset();
    return this;
  }

  flush(): Hit[] {
    const open = this.openUntil > this.pos || this.triggers.openRun;
    const text = open ? this.tail.text() : '';
    this.tail.clear();
    this.openUntil = -1;
    if (this.detectors.length === 0 || text.length === 0) return [];
    return this.decide(text, this.pos - text.length, (c) => c.need > text.length);
  }
}

/**
 * A streaming scanner for the `kinds` enabled by `policy.detectors`, over
 * one direction of a flow: push its chunks in order, then `flush()` once
 * at the end. Values that equal a `declared` identifier are not reported
 * (suppress.ts). Hits are `undeclared:<kind>` with the kind's category,
 * form `raw` or `url` (found percent-encoded: `%40`, `%2B`), and absolute
 * stream offsets. `shared`: a trigger pass with every trigger kind
 * (ALL_TRIGGER_KINDS) that the location scanner of the stream pushes the
 * same chunks through, so that the stream is scanned for triggers once.
 */
export function createDetectorScanner(kinds: readonly DetectorKind[], declared: readonly IdentifierDecl[], shared?: TriggerScan): DetectorScanner {
  return new Scanner(new Set(kinds), suppressorFor(declared), shared ?? null);
}

/** Suppressors by declared list: building one takes every normal form of every value, so it is done once per list. */
const suppressors = new WeakMap<readonly IdentifierDecl[], Suppressor>();

function suppressorFor(declared: readonly IdentifierDecl[]): Suppressor {
  let s = suppressors.get(declared);
  if (!s) suppressors.set(declared, (s = createSuppressor(declared)));
  return s;
}

/** Scans one buffer from scratch: the hits of a stream made of `data` alone (a datagram). */
export function scanUndeclared(kinds: readonly DetectorKind[], declared: readonly IdentifierDecl[], data: Uint8Array): Hit[] {
  const s = createDetectorScanner(kinds, declared);
  return [...s.push(data), ...s.flush()];
}

/**
 * A reusable `scanUndeclared` for many buffers (the datagrams of a
 * capture): one scanner, reset before each buffer. `shared`: as for
 * createDetectorScanner, with createOneShotLocationScanner called after
 * this on each buffer.
 */
export function createOneShotDetector(kinds: readonly DetectorKind[], declared: readonly IdentifierDecl[], shared?: TriggerScan): (data: Uint8Array) => Hit[] {
  const s = new Scanner(new Set(kinds), suppressorFor(declared), shared ?? null);
  return (data) => {
    s.reset();
    const hits = s.push(data);
    const more = s.flush();
    return more.length ? [...hits, ...more] : hits;
  };
}
