/**
 * Streaming search for coordinate pairs near declared locations.
 *
 * A `location` identifier (`{ lat, lon, radiusM }`) is found wherever a
 * coordinate pair (coordinates.ts) lies within `radiusM` metres of it by
 * great-circle (haversine) distance; the hit's form is `coordinates`.
 *
 * Streaming. Each push scans the last {@link LOCATION_OVERLAP} bytes of
 * earlier chunks followed by the new chunk. A pair is reported once, in the
 * push where the byte just after it first arrives (only then is its last
 * number known to be complete): a pair ending at stream offset `e` is
 * reported by the push whose chunk holds byte `e`. A pair spans at most
 * MAX_PAIR_SPAN (200) bytes, less than the overlap, so it is always seen
 * whole in that push, and no pair is reported twice. A pair that ends
 * exactly at the end of the stream is reported by `flush()`.
 *
 * Cost. Every pair holds a trigger (a `lat`/`lon`/`lng` key with a number
 * after it, or the comma of `lat,lon`), and ends less than 200 bytes after
 * it. Each push makes one linear pass over its own bytes looking for those
 * triggers (triggers.ts); the overlap is kept as bytes, and pairs are
 * parsed only in a push that starts within reach of a trigger.
 */
import { ByteTail, latin1 } from './byte-tail.js';
import { findCoordinatePairs, haversineMeters, type CoordinatePair } from './coordinates.js';
import { TriggerGroup, TriggerScan } from './triggers.js';
import type { Hit, IdentifierDecl } from './types.js';

/** Bytes of earlier chunks kept and scanned again with the next one. */
export const LOCATION_OVERLAP = 256;

/** A streaming scanner for declared locations. */
export interface LocationScanner {
  /** Scan the next chunk; returns the hits decided by it. */
  push(data: Uint8Array): Hit[];
  /** At the end of the stream (call once): hits for a pair that ends with the stream's last byte. */
  flush(): Hit[];
  /** Bytes pushed so far. */
  readonly position: number;
}

type LocationDecl = IdentifierDecl & { location: { lat: number; lon: number; radiusM: number } };

function hitsFor(decls: readonly LocationDecl[], pair: CoordinatePair, base: number): Hit[] {
  const hits: Hit[] = [];
  for (const d of decls) {
    if (haversineMeters(pair.lat, pair.lon, d.location.lat, d.location.lon) <= d.location.radiusM) {
      hits.push({
        identifier: d.name,
        category: d.category,
        form: 'coordinates',
        offset: base + pair.start,
        length: pair.end - pair.start,
      });
    }
  }
  return hits;
}

/** The empty result (shared: callers never change a result). */
const NO_HITS: Hit[] = [];

const COORDINATES_ONLY = { digits: false, mac: false, email: false, phone: false, coordinates: true };

class Scanner implements LocationScanner {
  private readonly tail = new ByteTail(LOCATION_OVERLAP);
  private readonly triggers: TriggerScan;
  private pos = 0;
  /** Stream offset until which a trigger seen so far may still end a pair. */
  private openUntil = -1;

  constructor(
    private readonly decls: readonly LocationDecl[],
    private readonly shared: TriggerScan | null = null,
  ) {
    this.triggers = shared ?? new TriggerScan(COORDINATES_ONLY);
  }

  get position(): number {
    return this.pos;
  }

  push(data: Uint8Array): Hit[] {
    const prevEnd = this.pos;
    this.pos += data.length;
    if (this.decls.length === 0 || data.length === 0) return NO_HITS;
    if (this.shared) this.shared.scanShared(data, prevEnd, this.tail);
    else this.triggers.scan(data, prevEnd, this.tail);
    const until = this.triggers.reach(TriggerGroup.coordinates);
    if (until > this.openUntil) this.openUntil = until;
    let hits = NO_HITS;
    if (prevEnd < this.openUntil) {
      hits = [];
      const tailText = this.tail.text();
      const text = tailText + latin1(data);
      const base = prevEnd - tailText.length;
      for (const pair of findCoordinatePairs(text)) {
        const end = base + pair.end;
        if (end >= prevEnd && end < this.pos) hits.push(...hitsFor(this.decls, pair, base));
      }
    }
    this.tail.push(data);
    return hits;
  }

  /** Back to the start of a new stream. */
  reset(): this {
    this.pos = 0;
    this.openUntil = -1;
    this.tail.clear();
    // A shared pass is reset by its owner, who runs it over each buffer first.
    if (!this.shared) this.triggers.reset();
    return this;
  }

  flush(): Hit[] {
    const hits: Hit[] = [];
    if (this.openUntil > this.pos) {
      const text = this.tail.text();
      const base = this.pos - text.length;
      for (const pair of findCoordinatePairs(text)) {
        if (base + pair.end === this.pos) hits.push(...hitsFor(this.decls, pair, base));
      }
    }
    return hits;
  }
}

/**
 * A scanner for the `location` identifiers among `decls` (those with
 * `location` set; the others are ignored). With none, pushes return
 * nothing at no cost. `shared`: a trigger pass with coordinates enabled
 * that the other scanners of the stream (createDetectorScanner) push the
 * same chunks through, so that the stream is scanned for triggers once.
 */
export function createLocationScanner(decls: readonly IdentifierDecl[], shared?: TriggerScan): LocationScanner {
  return new Scanner(
    decls.filter((d): d is LocationDecl => d.location !== undefined),
    shared ?? null,
  );
}

/**
 * A reusable one-shot location scan for many buffers (the datagrams and
 * decoded bodies of a capture): one scanner, reset before each buffer; the
 * hits of a stream made of that buffer alone. `shared`: a trigger pass
 * shared with other one-shot scanners of the same buffers; its owner
 * resets it before each buffer.
 */
export function createOneShotLocationScanner(decls: readonly IdentifierDecl[], shared?: TriggerScan): (data: Uint8Array) => Hit[] {
  const s = new Scanner(
    decls.filter((d): d is LocationDecl => d.location !== undefined),
    shared ?? null,
  );
  return (data) => {
    s.reset();
    const hits = s.push(data);
    const more = s.flush();
    return more.length ? [...hits, ...more] : hits;
  };
}
