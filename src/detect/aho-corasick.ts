/**
 * A byte-level Aho-Corasick automaton: every pattern found in one pass,
 * streaming (the state carries across chunks).
 *
 * Layout. Bytes are first mapped to classes: each byte used by some pattern
 * gets its own class, all other bytes share class 0 (which always leads
 * back to the root), and CR and LF share the last class. The automaton is
 * a dense transition table, one Int32 row of `classCount` entries per
 * state, with failure links folded in at build time, so scanning is one
 * table read per byte. Entries hold the next state's row offset
 * (state * classCount) so no multiplication is needed; an entry is stored
 * bitwise-negated (`~row`) when the byte needs attention: the next state
 * has outputs, or the byte is CR or LF (the CR/LF column of every row
 * leads back to the row itself, negated). The hot loop tests one sign per
 * byte. No allocation and no strings per byte.
 *
 * Memory: the table takes `stateCount * classCount * 4` bytes, where
 * stateCount is at most the total length of all patterns plus one and
 * classCount at most 256. Building refuses tables over
 * {@link MAX_TABLE_ENTRIES} entries (256 MiB) with a spec error: that many
 * forms come from a spec declaring far too many identifiers. The first
 * `feedWithTriggers` copies the table into WebAssembly memory
 * (fused-wasm.ts), so a matcher in use holds it twice. A typical spec (ten
 * identifiers, a few hundred forms) needs a few MiB.
 *
 * Line breaks. Bytes 0x0A and 0x0D neither advance nor reset the state, so
 * base64 wrapped at 64 or 76 columns and values split by line breaks still
 * match (patterns must not contain them). Match offsets still count those
 * bytes: each scan state keeps a ring of the last runs of consecutive
 * skipped bytes (start, length). A match of L bytes spans at most L - 1
 * such runs, so a ring of `maxPatternLength` runs gives exact offsets: the
 * start is `end - L + 1`, moved back by the length of every run that ends
 * at or after it (newest first).
 */
import { ErrorCodes, LeakspecError } from '../errors.js';
import type { ByteTail } from './byte-tail.js';
import { createFusedLoop, WINDOW, type FusedLoop } from './fused-wasm.js';
import type { TriggerScan } from './triggers.js';

/** The largest transition table built, in Int32 entries (256 MiB). */
export const MAX_TABLE_ENTRIES = 1 << 26;

/** Per-stream scanning state: current row and line-break runs. Create with {@link AhoCorasick.createState}. */
export interface ScanState {
  row: number;
  /** Bytes scanned so far (CR/LF included). */
  position: number;
  runStart: Float64Array;
  runLength: Float64Array;
  /** Index of the next run to write in the ring. */
  runNext: number;
  /** Number of runs held (at most the ring size). */
  runCount: number;
}

/** Called for each match: pattern index, offset of its first byte and offset just past its last byte. */
export type MatchCallback = (pattern: number, start: number, end: number) => void;

/**
 * Chooses, for one state, which of the patterns ending there to report
 * (e.g. one per identifier). Receives the pattern indices, longest first.
 */
export type OutputSelector = (patterns: number[]) => number[];

/** The automaton over a fixed set of byte patterns; build once, then `feed` any number of scan states. */
export class AhoCorasick {
  /** Byte -> class (the last class for CR and LF). */
  private readonly classes: Int32Array;
  private readonly table: Int32Array;
  /** The class of CR and LF. */
  private readonly skipClass: number;
  private readonly outStart: Int32Array;
  private readonly outPatterns: Int32Array;
  private readonly lengths: Int32Array;
  readonly classCount: number;
  readonly stateCount: number;
  readonly maxPatternLength: number;
  /** The WebAssembly fused loop (fused-wasm.ts), made on first use; null when unavailable. */
  private fused: FusedLoop | null | undefined = undefined;

  /** Builds the automaton once; patterns must be non-empty and free of CR/LF. */
  constructor(patterns: readonly Uint8Array[], select: OutputSelector = (p) => p) {
    this.lengths = Int32Array.from(patterns, (p) => p.length);
    this.maxPatternLength = this.lengths.reduce((m, l) => Math.max(m, l), 1);
    this.classes = buildClasses(patterns);
    this.skipClass = this.classes[0x0a];
    const k = this.skipClass + 1;
    this.classCount = k;
    const trie = buildTrie(patterns, this.classes, k);
    this.stateCount = trie.states;
    const built = buildTable(trie, k, this.skipClass, this.lengths, select);
    this.table = built.table;
    this.outStart = built.outStart;
    this.outPatterns = built.outPatterns;
  }

  /** Whether `feedWithTriggers` has run in WebAssembly (false before its first call, and when unavailable). */
  get fusedInWasm(): boolean {
    return !!this.fused;
  }

  /** Bytes held by the transition and output tables. */
  get memoryBytes(): number {
    return this.table.byteLength + this.outStart.byteLength + this.outPatterns.byteLength + this.classes.byteLength;
  }

  /** A fresh scan state, at the root, position 0. */
  createState(): ScanState {
    const ring = this.maxPatternLength;
    return { row: 0, position: 0, runStart: new Float64Array(ring), runLength: new Float64Array(ring), runNext: 0, runCount: 0 };
  }

  /** Scans the next chunk of a stream, calling `onMatch` for every match ending inside it. */
  feed(st: ScanState, data: Uint8Array, onMatch: MatchCallback): void {
    const cls = this.classes;
    const t = this.table;
    const base = st.position;
    const n = data.length;
    let row = st.row;
    let i = 0;
    while (i < n) {
      // The tight loop only walks; the rare bytes that need attention are handled out of it.
      for (; i < n; i++) {
        row = t[row + cls[data[i]]];
        if (row < 0) break;
      }
      if (i === n) break;
      row = ~row;
      this.attend(st, row, data[i], base + i, onMatch);
      i++;
    }
    st.row = row;
    st.position = base + n;
  }

  /**
   * `feed` and the trigger pass `pass` (triggers.ts) over the same chunk in
   * one loop: each byte advances both machines, and one test of two signs
   * per byte finds the rare bytes either needs to look at (handled out of
   * the loop). The loop runs in WebAssembly (fused-wasm.ts) when it can,
   * else in JavaScript, with the same results. `tail` holds the stream's
   * bytes before the chunk, for the trigger checks. The pass records its
   * result as the shared result of the chunk (`scanShared`).
   */
  feedWithTriggers(st: ScanState, data: Uint8Array, onMatch: MatchCallback, pass: TriggerScan, tail: ByteTail): void {
    const tt = pass.begin(data, st.position, tail);
    const loop = this.fusedLoop(tt);
    if (loop) this.fusedWasm(loop, st, data, onMatch, pass);
    else this.fusedJs(tt, st, data, onMatch, pass);
  }

  /** The WebAssembly loop for trigger table `tt`, or null (then the JavaScript loop runs). */
  private fusedLoop(tt: Int32Array): FusedLoop | null {
    if (this.fused === undefined) this.fused = createFusedLoop(this.classes, this.table, tt);
    return this.fused && this.fused.triggerTable === tt ? this.fused : null;
  }

  private fusedWasm(loop: FusedLoop, st: ScanState, data: Uint8Array, onMatch: MatchCallback, pass: TriggerScan): void {
    const base = st.position;
    const n = data.length;
    const header = loop.header;
    let s = pass.machineState;
    let row = st.row;
    for (let off = 0; off < n; off += WINDOW) {
      const len = Math.min(WINDOW, n - off);
      loop.window.set(off === 0 && len === n ? data : data.subarray(off, off + len));
      let i = 0;
      while (i < len) {
        const stop = loop.run(i, len, row, s);
        row = header[0];
        s = header[1];
        if (stop >= len) break;
        const at = off + stop;
        if (row < 0) {
          row = ~row;
          this.attend(st, row, data[at], base + at, onMatch);
        }
        if (s < 0) {
          s &= 0x7fffffff;
          pass.fired(header[2] >> 8, at, base);
        }
        i = stop + 1;
      }
    }
    pass.end(s);
    st.row = row;
    st.position = base + n;
  }

  private fusedJs(tt: Int32Array, st: ScanState, data: Uint8Array, onMatch: MatchCallback, pass: TriggerScan): void {
    const cls = this.classes;
    const t = this.table;
    const base = st.position;
    const n = data.length;
    let s = pass.machineState;
    let row = st.row;
    let prev = s;
    let i = 0;
    while (i < n) {
      for (; i < n; i++) {
        const b = data[i];
        prev = s;
        s = tt[prev | b];
        row = t[row + cls[b]];
        if ((s | row) < 0) break;
      }
      if (i === n) break;
      if (row < 0) {
        row = ~row;
        this.attend(st, row, data[i], base + i, onMatch);
      }
      if (s < 0) {
        s &= 0x7fffffff;
        pass.fired(prev >> 8, i, base);
      }
      i++;
    }
    pass.end(s);
    st.row = row;
    st.position = base + n;
  }

  /** A byte whose entry was negated: a CR or LF to note, or a state with outputs reached. */
  private attend(st: ScanState, row: number, b: number, pos: number, onMatch: MatchCallback): void {
    if (b === 0x0a || b === 0x0d) recordSkip(st, pos);
    else this.emit(st, row / this.classCount, pos, onMatch);
  }

  private emit(st: ScanState, state: number, last: number, onMatch: MatchCallback): void {
    for (let j = this.outStart[state]; j < this.outStart[state + 1]; j++) {
      const p = this.outPatterns[j];
      onMatch(p, startOf(st, last, this.lengths[p]), last + 1);
    }
  }
}

/** Notes a CR or LF at stream offset `pos`: extends the newest run or starts one, overwriting the oldest. */
function recordSkip(st: ScanState, pos: number): void {
  const ring = st.runStart.length;
  const last = st.runNext === 0 ? ring - 1 : st.runNext - 1;
  if (st.runCount > 0 && st.runStart[last] + st.runLength[last] === pos) {
    st.runLength[last]++;
    return;
  }
  st.runStart[st.runNext] = pos;
  st.runLength[st.runNext] = 1;
  st.runNext = st.runNext + 1 === ring ? 0 : st.runNext + 1;
  if (st.runCount < ring) st.runCount++;
}

/** The offset of a match's first byte given its last byte and its length in non-skipped bytes. */
function startOf(st: ScanState, last: number, length: number): number {
  const ring = st.runStart.length;
  let start = last - length + 1;
  for (let k = 0, idx = st.runNext; k < st.runCount; k++) {
    idx = (idx + ring - 1) % ring;
    if (st.runStart[idx] + st.runLength[idx] - 1 < start) break;
    start -= st.runLength[idx];
  }
  return start;
}

function buildClasses(patterns: readonly Uint8Array[]): Int32Array {
  const classes = new Int32Array(256);
  let next = 1;
  for (const p of patterns) {
    for (const b of p) {
      if (b === 0x0a || b === 0x0d) throw new LeakspecError(ErrorCodes.INTERNAL, 'a pattern holds CR or LF');
      if (classes[b] === 0) classes[b] = next++;
    }
  }
  classes[0x0a] = next;
  classes[0x0d] = next;
  return classes;
}

/** The trie of the patterns, children as sibling lists (states numbered in insertion order). */
interface Trie {
  states: number;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  /** The class on the edge into each state. */
  label: Int32Array;
  /** Patterns ending at each state. */
  terminal: Map<number, number[]>;
}

function buildTrie(patterns: readonly Uint8Array[], classes: Int32Array, k: number): Trie {
  let total = 1;
  for (const p of patterns) {
    if (p.length === 0) throw new LeakspecError(ErrorCodes.INTERNAL, 'an empty pattern');
    total += p.length;
  }
  if (total * k > MAX_TABLE_ENTRIES) {
    throw new LeakspecError(
      ErrorCodes.SPEC_INVALID,
      `the declared identifiers need ${total * k} automaton entries, over the limit of ${MAX_TABLE_ENTRIES}; declare fewer identifiers`,
    );
  }
  const firstChild = new Int32Array(total).fill(-1);
  const nextSibling = new Int32Array(total).fill(-1);
  const label = new Int32Array(total);
  const terminal = new Map<number, number[]>();
  let states = 1;
  patterns.forEach((p, id) => {
    let s = 0;
    for (const b of p) {
      const c = classes[b];
      let v = firstChild[s];
      while (v >= 0 && label[v] !== c) v = nextSibling[v];
      if (v < 0) {
        v = states++;
        label[v] = c;
        nextSibling[v] = firstChild[s];
        firstChild[s] = v;
      }
      s = v;
    }
    const list = terminal.get(s);
    if (list) list.push(id);
    else terminal.set(s, [id]);
  });
  return { states, firstChild, nextSibling, label, terminal };
}

/**
 * The scan table, built in one breadth-first pass. States are numbered in
 * breadth-first order (their rank) so the shallow states, where a scan
 * spends nearly all its time, share a few cache lines. A row starts as a
 * copy of the row of its failure state (shallower, so complete), then gets
 * its own children. Entries are row offsets, negated (`~row`) for states
 * with outputs; the CR/LF column (`skip`) of each row holds the row itself,
 * negated. Outputs (patterns ending at a state or at a state on its failure
 * chain) are chosen by `select`, longest first.
 */
function buildTable(
  trie: Trie,
  k: number,
  skip: number,
  lengths: Int32Array,
  select: OutputSelector,
): { table: Int32Array; outStart: Int32Array; outPatterns: Int32Array } {
  const n = trie.states;
  const order = new Int32Array(n);
  const rank = new Int32Array(n);
  let tail = 1;
  for (let head = 0; head < tail; head++) {
    for (let v = trie.firstChild[order[head]]; v >= 0; v = trie.nextSibling[v]) {
      rank[v] = tail;
      order[tail++] = v;
    }
  }
  const table = new Int32Array(n * k);
  const failRank = new Int32Array(n);
  /** All outputs (own and inherited) and the chosen ones, by rank. */
  const outputs: number[][] = new Array<number[]>(n);
  const chosen: number[][] = new Array<number[]>(n);
  outputs[0] = [];
  chosen[0] = [];
  for (let i = 0; i < n; i++) {
    const row = i * k;
    if (i > 0) table.copyWithin(row, failRank[i] * k, failRank[i] * k + k);
    for (let v = trie.firstChild[order[i]]; v >= 0; v = trie.nextSibling[v]) {
      const c = trie.label[v];
      const r = rank[v];
      let f = 0;
      if (i > 0) {
        const e = table[failRank[i] * k + c];
        f = (e < 0 ? ~e : e) / k;
      }
      failRank[r] = f;
      const own = trie.terminal.get(v);
      outputs[r] = own ? own.concat(outputs[f]) : outputs[f];
      chosen[r] = outputs[r].length === 0 ? outputs[r] : select([...outputs[r]].sort((a, b) => lengths[b] - lengths[a] || a - b));
      table[row + c] = chosen[r].length > 0 ? ~(r * k) : r * k;
    }
    table[row + skip] = ~row;
  }
  const outStart = new Int32Array(n + 1);
  let count = 0;
  for (let r = 0; r < n; r++) {
    outStart[r] = count;
    count += chosen[r].length;
  }
  outStart[n] = count;
  const outPatterns = new Int32Array(count);
  for (let r = 0; r < n; r++) if (chosen[r].length) outPatterns.set(chosen[r], outStart[r]);
  return { table, outStart, outPatterns };
}
