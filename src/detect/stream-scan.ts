/**
 * Everything searched in cleartext, in one pass over the bytes: the
 * declared identifiers (the matcher's automaton), the undeclared-identifier
 * detectors and the declared locations. The automaton and the trigger pass
 * that the detectors and the location scanner share advance together, one
 * loop over each chunk (AhoCorasick.feedWithTriggers); the detectors and the
 * location scanner then read the pass's result instead of scanning again,
 * and parse text only near a trigger.
 *
 * `StreamScan` follows one direction of a stream; `OneShotScan` scans
 * buffers that stand alone (datagrams, decoded bodies), reusing its state.
 * Both report exactly what the matcher stream, createDetectorScanner and
 * createLocationScanner report when each is pushed the same chunks.
 */
import { ByteTail } from './byte-tail.js';
import { createLocationScanner, createOneShotLocationScanner, type LocationScanner } from './location.js';
import { ALL_TRIGGER_KINDS, TriggerScan } from './triggers.js';
import type { Hit, IdentifierDecl, Matcher, MatchStream } from './types.js';
import { DETECTOR_KINDS } from './undeclared/kinds.js';
import { createDetectorScanner, createOneShotDetector, type DetectorScanner } from './undeclared/scanner.js';

/** Bytes before a chunk the trigger checks may read (they look back at most ~20). */
const TRIGGER_LOOKBACK = 64;

const NONE: Hit[] = [];

/** The hits of one chunk or buffer, by searcher (read it before the next push or scan: the object is reused). */
export interface ScanHits {
  declared: Hit[];
  detectors: Hit[];
  locations: Hit[];
}

/** What a stream or buffer is searched for. */
export interface ScanTargets {
  matcher: Matcher;
  /** All declared identifiers (the detectors leave their values to the matcher). */
  identifiers: readonly IdentifierDecl[];
}

function locationDecls(identifiers: readonly IdentifierDecl[]): IdentifierDecl[] {
  return identifiers.filter((d) => d.location);
}

/** One direction of a cleartext stream: push its chunks in order, then `flush()` once. */
export class StreamScan {
  private readonly stream: MatchStream;
  private readonly pass = new TriggerScan(ALL_TRIGGER_KINDS);
  private readonly tail = new ByteTail(TRIGGER_LOOKBACK);
  private readonly locations: LocationScanner | null;
  private readonly detectors: DetectorScanner;
  private readonly hits: ScanHits = { declared: NONE, detectors: NONE, locations: NONE };

  constructor(targets: ScanTargets) {
    this.stream = targets.matcher.stream();
    const located = locationDecls(targets.identifiers);
    this.locations = located.length ? createLocationScanner(located, this.pass) : null;
    this.detectors = createDetectorScanner(DETECTOR_KINDS, targets.identifiers, this.pass);
  }

  /** Bytes pushed so far (the stream offset of the next chunk). */
  get position(): number {
    return this.stream.position;
  }

  /** Scans the next chunk; hits carry stream offsets. */
  push(data: Uint8Array): ScanHits {
    const h = this.hits;
    if (data.length === 0) {
      h.declared = h.detectors = h.locations = NONE;
      return h;
    }
    h.declared = this.stream.pushWithTriggers(data, this.pass, this.tail);
    h.locations = this.locations ? this.locations.push(data) : NONE;
    h.detectors = this.detectors.push(data);
    this.tail.push(data);
    return h;
  }

  /** At the end of the stream: the hits that end with its last bytes. */
  flush(): ScanHits {
    const h = this.hits;
    h.declared = NONE;
    h.locations = this.locations ? this.locations.flush() : NONE;
    h.detectors = this.detectors.flush();
    return h;
  }
}

/** Scans buffers that stand alone, each as a stream of its own (one set of state, reset per buffer). */
export class OneShotScan {
  private readonly stream: MatchStream;
  private readonly pass = new TriggerScan(ALL_TRIGGER_KINDS);
  private readonly tail = new ByteTail(TRIGGER_LOOKBACK);
  private readonly detect: (data: Uint8Array) => Hit[];
  private readonly locate: ((data: Uint8Array) => Hit[]) | null;
  private readonly hits: ScanHits = { declared: NONE, detectors: NONE, locations: NONE };

  constructor(targets: ScanTargets) {
    this.stream = targets.matcher.stream();
    const located = locationDecls(targets.identifiers);
    this.detect = createOneShotDetector(DETECTOR_KINDS, targets.identifiers, this.pass);
    this.locate = located.length ? createOneShotLocationScanner(located, this.pass) : null;
  }

  /** The hits of `data` alone; offsets from its first byte. */
  scan(data: Uint8Array): ScanHits {
    this.pass.reset();
    this.tail.clear();
    const h = this.hits;
    h.declared = this.stream.reset().pushWithTriggers(data, this.pass, this.tail);
    h.detectors = this.detect(data);
    h.locations = this.locate ? this.locate(data) : NONE;
    return h;
  }
}
