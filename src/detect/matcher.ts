/**
 * Compiles the forms of all declared identifiers into one Aho-Corasick
 * automaton and scans byte streams with it.
 *
 * Hits. `offset` is the stream offset of the match's first byte and
 * `length` the number of stream bytes it spans, CR and LF bytes inside the
 * match included (the automaton skips them but keeps a ring of line-break
 * runs to place the start exactly; see aho-corasick.ts). When several forms
 * of one identifier end at the same byte, one hit is reported: the longest
 * form, and among equally long ones the simplest (the earliest in
 * forms.ts order, `raw` first). Forms of one identifier ending at different
 * bytes (an IMEI and its 14-digit prefix) are separate hits.
 *
 * `location` identifiers (value null) are not compiled here: see
 * location.ts.
 */
import { AhoCorasick, type ScanState } from './aho-corasick.js';
import { identifierForms, MIN_FORM_BYTES, MIN_RAW_BYTES } from './forms.js';
import type { ByteTail } from './byte-tail.js';
import type { TriggerScan } from './triggers.js';
import type { Category, Hit, IdentifierDecl, Matcher, MatchStream } from './types.js';

/** The empty result (shared: callers never change a result). */
const NO_HITS: Hit[] = [];

/** A compiled matcher plus what was left out of it. */
export type CompiledMatcher = Matcher & {
  /** Identifiers not searched, or searched in fewer forms, and why. */
  readonly warnings: string[];
};

interface PatternMeta {
  identifier: string;
  category: Category;
  form: string;
  decl: number;
}

function shortValueWarning(decl: IdentifierDecl, bytes: number): string | null {
  if (bytes < MIN_RAW_BYTES) {
    return `identifier "${decl.name}" is not searched: its value has ${bytes} bytes, fewer than ${MIN_RAW_BYTES}, and would match unrelated traffic`;
  }
  if (bytes < MIN_FORM_BYTES) {
    return `identifier "${decl.name}" is searched as written only (no encoded forms): its value has ${bytes} bytes, fewer than ${MIN_FORM_BYTES}`;
  }
  return null;
}

/** Keeps one pattern per identifier among those ending in one state (they arrive longest first). */
function onePerIdentifier(meta: readonly PatternMeta[]): (patterns: number[]) => number[] {
  return (patterns) => {
    const seen = new Set<number>();
    const out: number[] = [];
    for (const p of patterns) {
      const d = meta[p].decl;
      if (seen.has(d)) continue;
      seen.add(d);
      out.push(p);
    }
    return out;
  };
}

class Stream implements MatchStream {
  private readonly state: ScanState;
  private hits: Hit[] = [];
  private readonly onMatch = (p: number, start: number, end: number): void => {
    const m = this.meta[p];
    this.hits.push({ identifier: m.identifier, category: m.category, form: m.form, offset: start, length: end - start });
  };

  constructor(
    private readonly automaton: AhoCorasick,
    private readonly meta: readonly PatternMeta[],
  ) {
    this.state = automaton.createState();
  }

  get position(): number {
    return this.state.position;
  }

  /** Back to the start of a new stream (for one-shot scans). */
  reset(): this {
    const st = this.state;
    st.row = 0;
    st.position = 0;
    st.runNext = 0;
    st.runCount = 0;
    this.hits = [];
    return this;
  }

  push(data: Uint8Array): Hit[] {
    this.automaton.feed(this.state, data, this.onMatch);
    return this.take();
  }

  pushWithTriggers(data: Uint8Array, pass: TriggerScan, tail: ByteTail): Hit[] {
    this.automaton.feedWithTriggers(this.state, data, this.onMatch, pass, tail);
    return this.take();
  }

  private take(): Hit[] {
    if (this.hits.length === 0) return NO_HITS;
    const hits = this.hits;
    this.hits = [];
    return hits;
  }
}

/**
 * Builds the matcher for a set of declared identifiers: every form
 * (forms.ts) of every identifier with a value, in one automaton. Build
 * once per identifier set; streams are cheap.
 */
export function compileMatcher(decls: IdentifierDecl[]): CompiledMatcher {
  const warnings: string[] = [];
  const patterns: Uint8Array[] = [];
  const meta: PatternMeta[] = [];
  decls.forEach((decl, index) => {
    if (decl.value === null) return;
    const warning = shortValueWarning(decl, Buffer.byteLength(decl.value.replace(/[\r\n]/g, ''), 'utf8'));
    if (warning) warnings.push(warning);
    for (const f of identifierForms(decl)) {
      patterns.push(f.bytes);
      meta.push({ identifier: decl.name, category: decl.category, form: f.form, decl: index });
    }
  });
  const automaton = new AhoCorasick(patterns, onePerIdentifier(meta));
  // One-shot scans (a datagram, a decoded body) reuse one stream's state.
  const oneShot = new Stream(automaton, meta);
  return {
    patternCount: patterns.length,
    warnings,
    stream: () => new Stream(automaton, meta),
    scan: (data) => oneShot.reset().push(data),
  };
}
