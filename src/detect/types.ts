/** Detect stage: cleartext bytes -> findings of declared identifiers. */
import type { ByteTail } from './byte-tail.js';
import type { TriggerScan } from './triggers.js';

export const CATEGORIES = ['device-id', 'subscriber-id', 'location', 'contact', 'account', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** A declared identifier, as the spec resolves it. */
export interface IdentifierDecl {
  /** The name in the spec (`imei`, `crm-token`). */
  name: string;
  category: Category;
  /** The value as written (string). For `location`, null and `location` is set. */
  value: string | null;
  location?: { lat: number; lon: number; radiusM: number };
}

/** One match of an identifier in a byte stream. */
export interface Hit {
  identifier: string;
  category: Category;
  /** The form it was found in: `raw`, `upper`, `lower`, `url`, `base64`, `base64url`, `hex`, `md5-hex`, `sha256-hex`, ... */
  form: string;
  /** Offset of the first byte of the match in the pushed stream (bytes since the stream began). */
  offset: number;
  /** Length of the match in bytes. */
  length: number;
}

/** A compiled set of patterns for all forms of all identifiers; build once per spec. */
export interface Matcher {
  /** Number of patterns compiled (for reports and benches). */
  readonly patternCount: number;
  /** A new streaming scanner: state carries across push() calls so matches split across chunks are found. */
  stream(): MatchStream;
  /** Convenience: scan one buffer from scratch. */
  scan(data: Uint8Array): Hit[];
}

export interface MatchStream {
  /** Scan the next chunk; returns hits that END inside this chunk. */
  push(data: Uint8Array): Hit[];
  /**
   * `push`, running the trigger pass of the same stream over the chunk in
   * the same loop (`tail`: the stream's bytes before the chunk); the pass
   * keeps its result for the scanners that share it (`scanShared`).
   */
  pushWithTriggers(data: Uint8Array, pass: TriggerScan, tail: ByteTail): Hit[];
  /** Back to the start of a new stream. */
  reset(): this;
  /** Bytes pushed so far. */
  readonly position: number;
}
