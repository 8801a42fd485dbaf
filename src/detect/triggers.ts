/**
 * The trigger pass of the streaming scanners: one linear pass over the
 * bytes of each chunk (never over earlier chunks again) that finds the
 * places where a detector could decide a candidate. Each detector starts
 * from a trigger: a run of 15-22 digits (IMEI, ICCID, IMSI), `:` or `-`
 * after two hex digits (MAC), `@` or `%40` (e-mail), `+` or `%2B` (phone),
 * a key starting `lat`/`lon`/`lng` or a comma after a number with three
 * decimals (coordinates). At each trigger a few bytes are checked, always
 * conservatively: a check says "no" only when the detector would find no
 * candidate there, and "maybe" when it needs bytes not pushed yet.
 *
 * Every candidate spans its trigger and is decided (its `need`) within its
 * group's reach after it ({@link GROUP_REACH}, at most
 * {@link TRIGGER_REACH} bytes), so a scanner runs a detector only on
 * chunks that start before the reach of the last "maybe" of its group: on
 * ordinary traffic, almost never. Lookbacks (at most ~20 bytes) read the
 * scanner's tail of earlier bytes.
 */
import type { ByteTail } from './byte-tail.js';

/** Bytes after a trigger within which its candidates are decided, for every group (the detectors look at most ~330 bytes). */
export const TRIGGER_REACH = 400;

/**
 * The trigger groups: each detector starts only from the triggers of its
 * group, so a scanner runs a detector only within the reach of its own
 * group's triggers.
 */
export const TriggerGroup = { digits: 0, mac: 1, email: 2, phone: 3, coordinates: 4 } as const;
export type TriggerGroup = (typeof TriggerGroup)[keyof typeof TriggerGroup];
const GROUPS = 5;

/**
 * The reach of each group: a bound, with a margin, on how far after the
 * byte that fires a candidate's `need` can lie (see each detector).
 * digits: fired at the byte after the run, need = that byte + 2. mac:
 * fired at the second separator, need = 14 bytes after it. phone: fired at
 * the first digit (or the `2` of `%2B`), at most 21 digits and separators,
 * need = 2 after the last. email: a domain of at most 253 bytes, need = 2
 * after its run. coordinates: pairs and their windows, up to 400.
 */
export const GROUP_REACH: Readonly<Record<TriggerGroup, number>> = [16, 32, 300, 48, TRIGGER_REACH];

/** Which triggers to look for. */
export interface TriggerKinds {
  /** Runs of 15-22 digits (imei, iccid, imsi). */
  digits: boolean;
  mac: boolean;
  email: boolean;
  phone: boolean;
  /** Coordinate keys and `lat,lon` commas (location). */
  coordinates: boolean;
}

const F_HEX = 1;
const F_ALNUM = 2;
const F_LETTER = 4;
const F_LOCAL = 8;
const F_DOMAIN = 16;
const F_DIGIT = 32;

const FLAGS = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const digit = b >= 0x30 && b <= 0x39;
  const letter = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
  const hex = digit || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
  let f = 0;
  if (digit) f |= F_DIGIT;
  if (hex) f |= F_HEX;
  if (digit || letter) f |= F_ALNUM | F_LOCAL | F_DOMAIN;
  if (letter) f |= F_LETTER;
  if ('.!#$*+^_~-'.includes(String.fromCharCode(b))) f |= F_LOCAL;
  if (b === 0x2d || b === 0x2e) f |= F_DOMAIN;
  FLAGS[b] = f;
}

/** The kinds as a bitmask (the key of the cached tables). */
function kindsKey(kinds: TriggerKinds): number {
  return (kinds.digits ? 1 : 0) | (kinds.mac ? 2 : 0) | (kinds.email ? 4 : 0) | (kinds.phone ? 8 : 0) | (kinds.coordinates ? 16 : 0);
}

/*
 * The pass as a state machine over bytes. A state is a small context: what
 * the last bytes were, as far as the triggers need (see Ctx). One table
 * read per byte gives the next state, and whether the byte "fires": it
 * completes a pattern where a candidate may start, checked in full then
 * (TriggerScan.fired). Only firing bytes leave the loop, so ordinary bytes
 * cost no branch that the processor guesses wrong, and the patterns are
 * made strict enough (a separator needs `hh:hh:` before it fires, a comma
 * a decimal number of three or more decimals, a key `lat`/`lon`/`lng`,
 * a `+` a digit after it) that ordinary text (UUIDs, JSON lists of
 * numbers, words with an `l`) rarely fires.
 *
 * A firing pattern may complete a few bytes after the trigger it stands
 * for (the `lng` of a key completes two bytes after its `l`): the trigger
 * is then checked at its own place, and its reach counted from the firing
 * byte, which is later (a longer reach only makes the scanners look at
 * more chunks, never at fewer). Candidates need the bytes of the pattern
 * anyway, so none is decided before it fires.
 *
 * Table entries are `next state << 8`, with bit 31 set when the byte
 * fires; the next row is `entry | byte`.
 */

/** The kind of a byte, as the contexts keep it. */
const K_NONE = 0; // none of the below, or no byte yet
const K_LOCAL = 1; // a local-part character that is not a letter or digit: . ! # $ * + ^ _ ~ -
const K_LETTER = 2; // a letter that is not a hex digit
const K_HEX = 3; // a digit or a hex letter

/** The last byte, when it opens a two-byte pattern. */
const L_OTHER = 0;
const L_PLUS = 1;
const L_PCT = 2;
const L_DOT = 3;

/** Key progress: after an `l`/`L` that follows no letter or digit, then `a`, `o` or `n`. */
const KEY_NONE = 0;
const KEY_L = 1;
const KEY_LA = 2;
const KEY_LO = 3;
const KEY_LN = 4;

/** Digit runs are counted up to this (23 means 23 or more). */
const RUN_CAP = 23;

/** What a state knows of the bytes before it. */
interface Ctx {
  /** Kind of the last byte. */
  kind: number;
  /** Whether the last two bytes are hex digits. */
  hexPair: boolean;
  /** Length of the digit run ending at the last byte (capped). */
  run: number;
  /** Whether that digit run follows a `.` (decimals). */
  dec: boolean;
  /** The last byte when it is `+`, `%` or `.`. */
  last: number;
  /** MAC progress: 1 after `hh` and a separator, 2 and 3 after one and two more hex digits; 0 otherwise. */
  mac: number;
  /** The separator of that progress (0 when none). */
  sep: number;
  /** Key progress (KEY_*). */
  key: number;
}

const START: Ctx = { kind: K_NONE, hexPair: false, run: 0, dec: false, last: L_OTHER, mac: 0, sep: 0, key: KEY_NONE };

function ctxKey(c: Ctx): string {
  return `${c.kind},${c.hexPair ? 1 : 0},${c.run},${c.dec ? 1 : 0},${c.last},${c.mac},${c.sep},${c.key}`;
}

function isDigitByte(b: number): boolean {
  return (FLAGS[b] & F_DIGIT) !== 0;
}

/** Bit per trigger kind, in a firing mask. */
const FIRE_RUN = 1;
const FIRE_SEP = 2;
const FIRE_COMMA = 4;
const FIRE_KEY = 8;
const FIRE_AT = 16;
const FIRE_PLUS = 32;
const FIRE_PCT = 64;

/** Which patterns byte `b` completes after context `c`, for the enabled kinds. */
function firesAfter(kinds: TriggerKinds, c: Ctx, b: number): number {
  const digit = isDigitByte(b);
  const lower = b | 0x20;
  let mask = 0;
  if (kinds.digits && !digit && c.run >= 15 && c.run <= 22) mask |= FIRE_RUN;
  if (kinds.mac && c.mac === 3 && b === c.sep) mask |= FIRE_SEP;
  if (kinds.coordinates && b === 0x2c && c.dec && c.run >= 3 && c.run <= 16) mask |= FIRE_COMMA;
  if (kinds.coordinates && ((c.key === KEY_LA && lower === 0x74) || (c.key === KEY_LO && lower === 0x6e) || (c.key === KEY_LN && lower === 0x67))) {
    mask |= FIRE_KEY;
  }
  if (kinds.email && b === 0x40 && c.kind !== K_NONE) mask |= FIRE_AT;
  if (kinds.phone && c.last === L_PLUS && digit) mask |= FIRE_PLUS;
  if (c.last === L_PCT && ((b === 0x34 && kinds.email) || (b === 0x32 && (kinds.phone || kinds.coordinates)))) mask |= FIRE_PCT;
  return mask;
}

function after(c: Ctx, b: number): Ctx {
  const f = FLAGS[b];
  const digit = (f & F_DIGIT) !== 0;
  const kind = (f & F_HEX) !== 0 ? K_HEX : (f & F_LETTER) !== 0 ? K_LETTER : (f & F_LOCAL) !== 0 ? K_LOCAL : K_NONE;
  const run = digit ? Math.min(c.run + 1, RUN_CAP) : 0;
  const dec = digit && (c.run > 0 ? c.dec : c.last === L_DOT);
  const last = b === 0x2b ? L_PLUS : b === 0x25 ? L_PCT : b === 0x2e ? L_DOT : L_OTHER;
  let mac = 0;
  let sep = 0;
  if (b === 0x3a || b === 0x2d) {
    if (c.hexPair) {
      mac = 1;
      sep = b;
    }
  } else if (kind === K_HEX && (c.mac === 1 || c.mac === 2)) {
    mac = c.mac + 1;
    sep = c.sep;
  }
  const lower = b | 0x20;
  let key = KEY_NONE;
  if (lower === 0x6c && (c.kind === K_NONE || c.kind === K_LOCAL)) key = KEY_L;
  else if (c.key === KEY_L && lower === 0x61) key = KEY_LA;
  else if (c.key === KEY_L && lower === 0x6f) key = KEY_LO;
  else if (c.key === KEY_L && lower === 0x6e) key = KEY_LN;
  return { kind, hexPair: c.kind === K_HEX && kind === K_HEX, run, dec, last, mac, sep, key };
}

/** A built state machine: the table and each state's context. */
interface Machine {
  table: Int32Array;
  contexts: Ctx[];
}

const MACHINES: Array<Machine | undefined> = [];

/** The state machine of `kinds` (cached by kinds). */
function machineFor(kinds: TriggerKinds): Machine {
  const key = kindsKey(kinds);
  let m = MACHINES[key];
  if (!m) MACHINES[key] = m = buildMachine(kinds);
  return m;
}

/** Bytes the contexts tell apart by value; all others only by their FLAGS. */
const SPECIAL = new Set(Array.from(':-,@+%.lLaAoOnNtTgG24', (c) => c.charCodeAt(0)));

/** For each byte, the first byte that every context treats alike (so a row is computed once per class). */
const REPRESENTATIVE = (() => {
  const first = new Map<string, number>();
  return Uint8Array.from({ length: 256 }, (_, b) => {
    const sig = SPECIAL.has(b) ? `=${b}` : `f${FLAGS[b]}`;
    const r = first.get(sig);
    if (r !== undefined) return r;
    first.set(sig, b);
    return b;
  });
})();

/** Enumerates the contexts reachable from START, breadth first (state 0 is START). */
function buildMachine(kinds: TriggerKinds): Machine {
  const contexts: Ctx[] = [START];
  const index = new Map<string, number>([[ctxKey(START), 0]]);
  const rows: Int32Array[] = [];
  const entryOf = new Int32Array(256);
  for (let s = 0; s < contexts.length; s++) {
    const row = new Int32Array(256);
    for (let b = 0; b < 256; b++) {
      const r = REPRESENTATIVE[b];
      if (r !== b) {
        row[b] = entryOf[r];
        continue;
      }
      const next = after(contexts[s], b);
      const k = ctxKey(next);
      let n = index.get(k);
      if (n === undefined) {
        n = contexts.length;
        index.set(k, n);
        contexts.push(next);
      }
      row[b] = entryOf[b] = (n << 8) | (firesAfter(kinds, contexts[s], b) !== 0 ? FIRE_BIT : 0);
    }
    rows.push(row);
  }
  const table = new Int32Array(contexts.length * 256);
  rows.forEach((row, s) => table.set(row, s << 8));
  return { table, contexts };
}

/** Set in a table entry when the byte fires. */
const FIRE_BIT = 1 << 31;
/** Clears FIRE_BIT. */
const STATE_MASK = 0x7fffffff;

/** Not pushed yet (beyond the chunk). */
const LATER = -2;

function has(c: number, flag: number): boolean {
  return c >= 0 && (FLAGS[c] & flag) !== 0;
}

const EMPTY = new Uint8Array(0);

/** Every trigger kind (a pass shared by the detectors and the location scanner of a stream). */
export const ALL_TRIGGER_KINDS: TriggerKinds = { digits: true, mac: true, email: true, phone: true, coordinates: true };

/** The trigger pass of one stream (it carries the current digit run across chunks). */
export class TriggerScan {
  /** The state machine's state after the last byte scanned, times 256. */
  private state = 0;
  private chunk: Uint8Array = EMPTY;
  /** The reach of the last chunk scanned, per trigger group (-1: no trigger of the group). */
  private readonly reaches = new Float64Array(GROUPS);
  /** Stream offsets of the digit-run triggers of the last chunk scanned (the byte after each run). */
  private readonly runEnds: number[] = [];
  private until = -1;
  private lastChunk: Uint8Array | null = null;
  private lastBase = -1;
  private tail: ByteTail | null = null;
  private readonly table: Int32Array;
  private readonly contexts: Ctx[];

  constructor(private readonly kinds: TriggerKinds) {
    const m = machineFor(kinds);
    this.table = m.table;
    this.contexts = m.contexts;
  }

  /** Back to the start of a new stream. */
  reset(): void {
    this.state = 0;
    this.lastChunk = null;
    this.lastBase = -1;
  }

  /**
   * `scan`, once per chunk for several scanners of one stream that push the
   * same chunks in the same order: the first call scans, the next ones with
   * the same chunk and base reuse its result. Read the result with `reach`.
   */
  scanShared(chunk: Uint8Array, base: number, tail: ByteTail): void {
    if (chunk !== this.lastChunk || base !== this.lastBase) this.scan(chunk, base, tail);
  }

  /**
   * The stream offset until which candidates of the triggers of `group` in
   * the last chunk scanned may be decided, or -1 when it held none.
   */
  reach(group: TriggerGroup): number {
    return this.reaches[group];
  }

  /**
   * Where the digit runs of 15-22 digits of the last chunk scanned end: the
   * stream offset of the byte after each run, in order. Each is the end of
   * a whole run (the digits before it), the only place a digit-run
   * candidate can end.
   */
  get digitRunEnds(): readonly number[] {
    return this.runEnds;
  }

  /** Whether the stream ends in a digit run a detector could report (checked at the end of the stream). */
  get openRun(): boolean {
    const run = this.contexts[this.state >> 8].run;
    return this.kinds.digits && run >= 15 && run <= 22;
  }

  /**
   * Scans `chunk` (stream offset `base`; `tail` holds the bytes before it).
   * Returns the stream offset until which candidates of its triggers may be
   * decided, or -1 when it holds no trigger (`reach` tells it per group).
   */
  scan(chunk: Uint8Array, base: number, tail: ByteTail): number {
    const t = this.begin(chunk, base, tail);
    const n = chunk.length;
    let s = this.state;
    for (let i = 0; i < n; i++) {
      const prev = s;
      s = t[prev | chunk[i]];
      if (s < 0) {
        s &= STATE_MASK;
        this.fired(prev >> 8, i, base);
      }
    }
    return this.end(s);
  }

  /**
   * For a loop that drives the machine itself (AhoCorasick.feedWithTriggers):
   * starts a chunk and returns the table. Run it from `machineState`: for
   * each byte, `s = table[prev | byte]`; when `s < 0`, clear bit 31 and
   * call `fired(prev >> 8, i, base)`. Then call `end(s)`.
   */
  begin(chunk: Uint8Array, base: number, tail: ByteTail): Int32Array {
    this.chunk = chunk;
    this.tail = tail;
    this.until = -1;
    this.reaches.fill(-1);
    this.runEnds.length = 0;
    this.lastChunk = chunk;
    this.lastBase = base;
    return this.table;
  }

  /** The state to start the next chunk from (see `begin`). */
  get machineState(): number {
    return this.state;
  }

  /** Ends the chunk started by `begin` at state `s`; returns and keeps (for `scanShared`) the chunk's reach. */
  end(s: number): number {
    this.state = s;
    this.chunk = EMPTY;
    this.tail = null;
    return this.until;
  }

  /** A byte the state machine flagged (`prev`: the state before it): the full checks of the triggers it completes. */
  fired(prev: number, i: number, base: number): void {
    const mask = firesAfter(this.kinds, this.contexts[prev], this.chunk[i]);
    if ((mask & FIRE_RUN) !== 0) {
      this.hit(TriggerGroup.digits, base + i);
      this.runEnds.push(base + i);
    }
    if ((mask & FIRE_SEP) !== 0 && this.mac(i - 3)) this.hit(TriggerGroup.mac, base + i);
    if ((mask & FIRE_AT) !== 0 && this.email(i, 1)) this.hit(TriggerGroup.email, base + i);
    if ((mask & FIRE_PLUS) !== 0 && this.phone(i - 1, 1)) this.hit(TriggerGroup.phone, base + i);
    if ((mask & FIRE_COMMA) !== 0 && this.comma(i, 1)) this.hit(TriggerGroup.coordinates, base + i);
    if ((mask & FIRE_KEY) !== 0 && this.key(i - 2)) this.hit(TriggerGroup.coordinates, base + i);
    if ((mask & FIRE_PCT) !== 0) this.escape(i - 1, base + i);
  }

  /** A trigger of `group` that may open a candidate, found at stream offset `at`. */
  private hit(group: TriggerGroup, at: number): void {
    const reach = at + GROUP_REACH[group];
    this.reaches[group] = reach;
    if (reach > this.until) this.until = reach;
  }

  /** The byte at `i` (relative to the chunk): LATER beyond it, -1 before the stream or the tail. */
  private at(i: number): number {
    if (i >= 0) return i < this.chunk.length ? this.chunk[i] : LATER;
    return (this.tail as ByteTail).back(-i);
  }

  /** `%40`, `%2B`, `%2C` at `i` (fired at stream offset `at`). */
  private escape(i: number, at: number): void {
    const k = this.kinds;
    const a = this.at(i + 1);
    const b = this.at(i + 2);
    if (a === LATER || b === LATER) {
      if (k.email) this.hit(TriggerGroup.email, at);
      if (k.phone) this.hit(TriggerGroup.phone, at);
      if (k.coordinates) this.hit(TriggerGroup.coordinates, at);
      return;
    }
    if (a === 0x34) {
      if (b === 0x30 && k.email && this.email(i, 3)) this.hit(TriggerGroup.email, at);
      return;
    }
    if (a !== 0x32) return;
    const u = b | 0x20;
    if (u === 0x62 && k.phone && this.phone(i, 3)) this.hit(TriggerGroup.phone, at);
    if (u === 0x63 && k.coordinates && this.comma(i, 3)) this.hit(TriggerGroup.coordinates, at);
  }

  /** Six hex pairs joined by the separator at `i` (case is left to the detector). */
  private mac(i: number): boolean {
    if (!has(this.at(i - 1), F_HEX) || !has(this.at(i - 2), F_HEX)) return false;
    const sep = this.at(i);
    const s = i - 2;
    for (let k = 3; k < 17; k++) {
      const c = this.at(s + k);
      if (c === LATER) return true;
      if (k % 3 === 2 ? c !== sep : !has(c, F_HEX)) return false;
    }
    return true;
  }

  /** A local-part character before `p` and a domain run with a dot and two letters at its end after it. */
  private email(p: number, tl: number): boolean {
    if (!has(this.at(p - 1), F_LOCAL)) return false;
    const q = p + tl;
    let e = q;
    for (;;) {
      const c = this.at(e);
      if (c === LATER) return true;
      if (!has(c, F_DOMAIN)) break;
      if (++e - q > 253) return false;
    }
    while (e > q && this.at(e - 1) === 0x2e) e--;
    if (e - q < 4 || !has(this.at(e - 1), F_LETTER) || !has(this.at(e - 2), F_LETTER)) return false;
    for (let j = e - 3; j > q; j--) if (this.at(j) === 0x2e) return true;
    return false;
  }

  /** 8-15 digits, or a country code of 1-3 digits and a grouping separator before a digit. */
  private phone(p: number, tl: number): boolean {
    const s1 = p + tl;
    let r = s1;
    for (;;) {
      const c = this.at(r);
      if (c === LATER) return true;
      if (!has(c, F_DIGIT)) break;
      if (++r - s1 > 15) return false;
    }
    const len = r - s1;
    if (len >= 8) return true;
    if (len === 0 || len > 3) return false;
    const sep = this.at(r);
    if (sep === LATER) return true;
    if (sep !== 0x20 && sep !== 0x2d) return false;
    const d = this.at(r + 1);
    return d === LATER || has(d, F_DIGIT);
  }

  /** A `lat`/`lon`/`lng` key start not after a letter or digit, with a number of three decimals after it. */
  private key(i: number): boolean {
    if (has(this.at(i - 1), F_ALNUM)) return false;
    const a = this.at(i + 1);
    const b = this.at(i + 2);
    if (a === LATER || b === LATER) return true;
    const a2 = a | 0x20;
    const b2 = b | 0x20;
    if (!((a2 === 0x61 && b2 === 0x74) || (a2 === 0x6f && b2 === 0x6e) || (a2 === 0x6e && b2 === 0x67))) return false;
    return this.decimalAhead(i + 3, i + 48);
  }

  /** A comma (`tl` bytes) after a number with three decimals, before another such number. */
  private comma(i: number, tl: number): boolean {
    let k = i - 1;
    while (i - 1 - k <= 15 && has(this.at(k), F_DIGIT)) k--;
    if (!(i - 1 - k >= 3 && this.at(k) === 0x2e)) return false;
    return this.decimalAhead(i + tl, i + tl + 5);
  }

  /** A `.` at `from`..`last` with a digit before it and three after. */
  private decimalAhead(from: number, last: number): boolean {
    for (let j = from; j <= last; j++) {
      const c = this.at(j);
      if (c === LATER) return true;
      if (c !== 0x2e || !has(this.at(j - 1), F_DIGIT)) continue;
      let ok = true;
      for (let d = 1; d <= 3 && ok; d++) {
        const x = this.at(j + d);
        if (x === LATER) return true;
        ok = has(x, F_DIGIT);
      }
      if (ok) return true;
    }
    return false;
  }
}
