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
import { TriggerGroup, TriggerScan } from '../triggers.js';
import type { Hit, IdentifierDecl } from '../types.js';
import { DIGIT_RUN_LOOKBACK, digitRunDetector } from './digit-runs.js';
import { emailDetector } from './email.js';
import { DETECTOR_CATEGORY, undeclaredName, type Candidate, type Detector, type DetectorKind } from './kinds.js';
import { locationDetector } from './location.js';
import { macDetector } from './mac.js';
import { phoneDetector } from './phone.js';
import { createSuppressor, type Suppressor } from './suppress.js';

/** Bytes of earlier chunks kept and scanned again with the next one. */
export const DETECTOR_TAIL = 512;

/** Every detector; each reports some of the kinds, and starts only from the triggers of its group. */
const DETECTORS: ReadonlyArray<{ detector: Detector; group: TriggerGroup }> = [
  { detector: digitRunDetector, group: TriggerGroup.digits },
  { detector: macDetector, group: TriggerGroup.mac },
  { detector: emailDetector, group: TriggerGroup.email },
  { detector: phoneDetector, group: TriggerGroup.phone },
  { detector: locationDetector, group: TriggerGroup.coordinates },
];

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

/** The empty result (shared: callers never change a result). */
const NO_HITS: Hit[] = [];

function byOffset(a: Hit, b: Hit): number {
  return a.offset - b.offset || a.length - b.length;
}

/**
 * Digit runs are decided where they end: the trigger pass reports the end
 * of every run of 15-22 digits (the byte after it), so the digit-run
 * detector runs only on the few bytes before each such end (DIGIT_RUN_LOOKBACK)
 * instead of on the whole text; a candidate counts only if it ends there.
 * The other detectors run on the whole text within reach of a trigger of
 * their group.
 */
class Scanner implements DetectorScanner {
  private readonly tail = new ByteTail(DETECTOR_TAIL);
  private pos = 0;
  /** Per detector: stream offset until which a trigger of its group seen so far may still decide a candidate. */
  private readonly openUntil: Float64Array;
  private readonly detectors: ReadonlyArray<{ detector: Detector; group: TriggerGroup }>;
  private readonly triggers: TriggerScan;
  /** The whole-text detectors run by the current push or flush (reused). */
  private readonly running: Detector[] = [];
  /** Whether the digit-run detector is enabled. */
  private readonly digits: boolean;
  /** Stream offsets of digit-run ends not decided yet (their candidates need the byte after the next). */
  private pendingRuns: number[] = [];

  constructor(
    private readonly enabled: ReadonlySet<DetectorKind>,
    private readonly suppressor: Suppressor,
    private readonly shared: TriggerScan | null = null,
  ) {
    const used = DETECTORS.filter((d) => d.detector.kinds.some((k) => enabled.has(k)));
    this.digits = used.some((d) => d.detector === digitRunDetector);
    this.detectors = used.filter((d) => d.detector !== digitRunDetector);
    this.openUntil = new Float64Array(this.detectors.length).fill(-1);
    this.triggers = shared ?? new TriggerScan({
      digits: this.digits,
      mac: enabled.has('mac'),
      email: enabled.has('email'),
      phone: enabled.has('phone'),
      coordinates: enabled.has('location'),
    });
  }

  get position(): number {
    return this.pos;
  }

  /**
   * Hits of the candidates found in `text` (starting at stream offset
   * `base`) that `accept` admits: by the `running` detectors over the whole
   * text, and by the digit-run detector at each of `runEnds` (stream offsets).
   */
  private decide(text: string, base: number, runEnds: readonly number[], accept: (c: Candidate) => boolean): Hit[] {
    const found: Candidate[] = [];
    for (const d of this.running) d.find(text, this.enabled, found);
    for (const t of runEnds) this.findRunEndingAt(text, t - base, found);
    const hits: Hit[] = [];
    for (const c of found) {
      if (accept(c) && !this.suppressor.suppresses(c, text.slice(c.start, c.end))) hits.push(toHit(c, base));
    }
    return hits.sort(byOffset);
  }

  /** The digit-run candidate of `text` that ends at `end`, if any (found over the bytes it reads only). */
  private findRunEndingAt(text: string, end: number, out: Candidate[]): void {
    const from = Math.max(0, end - DIGIT_RUN_LOOKBACK);
    const local: Candidate[] = [];
    digitRunDetector.find(text.slice(from, Math.min(text.length, end + 2)), this.enabled, local);
    for (const c of local) {
      if (c.end + from !== end) continue;
      out.push({ ...c, start: c.start + from, end: c.end + from, need: c.need + from });
    }
  }

  push(data: Uint8Array): Hit[] {
    const prevEnd = this.pos;
    this.pos += data.length;
    if ((this.detectors.length === 0 && !this.digits) || data.length === 0) return NO_HITS;
    if (this.shared) this.shared.scanShared(data, prevEnd, this.tail);
    else this.triggers.scan(data, prevEnd, this.tail);
    const running = this.running;
    running.length = 0;
    for (let k = 0; k < this.detectors.length; k++) {
      const d = this.detectors[k];
      const until = this.triggers.reach(d.group);
      if (until > this.openUntil[k]) this.openUntil[k] = until;
      if (prevEnd < this.openUntil[k]) running.push(d.detector);
    }
    // Run ends whose candidates are decided by this push (need = end + 2 within it); the others wait.
    let due: readonly number[] = NO_RUNS;
    if (this.digits) {
      const fresh = this.triggers.digitRunEnds;
      if (this.pendingRuns.length || fresh.length) {
        const all = this.pendingRuns.length ? [...this.pendingRuns, ...fresh] : fresh;
        due = all.filter((t) => t + 2 <= this.pos);
        this.pendingRuns = all.filter((t) => t + 2 > this.pos);
      }
    }
    let hits = NO_HITS;
    if (running.length || due.length) {
      const tailText = this.tail.text();
      const text = tailText + latin1(data);
      const fresh = tailText.length;
      hits = this.decide(text, prevEnd - fresh, due, (c) => c.need > fresh && c.need <= text.length);
    }
    this.tail.push(data);
    return hits;
  }

  /** Back to the start of a new stream. */
  reset(): this {
    this.pos = 0;
    this.openUntil.fill(-1);
    this.pendingRuns = [];
    this.tail.clear();
    // A shared pass is reset by its owner, who runs it over each buffer first.
    if (!this.shared) this.triggers.reset();
    return this;
  }

  flush(): Hit[] {
    const running = this.running;
    running.length = 0;
    for (let k = 0; k < this.detectors.length; k++) {
      if (this.openUntil[k] > this.pos) running.push(this.detectors[k].detector);
    }
    const runEnds = this.digits ? [...this.pendingRuns] : [];
    if (this.digits && this.triggers.openRun) runEnds.push(this.pos);
    const text = running.length || runEnds.length ? this.tail.text() : '';
    this.tail.clear();
    this.openUntil.fill(-1);
    this.pendingRuns = [];
    if (text.length === 0) return [];
    return this.decide(text, this.pos - text.length, runEnds, (c) => c.need > text.length);
  }
}

/** No digit-run ends. */
const NO_RUNS: readonly number[] = [];

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
 * capture): one scanner, reset before each buffer. `shared`: a trigger
 * pass shared with other one-shot scanners of the same buffers
 * (createOneShotLocationScanner, the matcher in OneShotScan); its owner
 * resets it before each buffer.
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
