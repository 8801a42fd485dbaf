/**
 * TEST REFERENCE: the trigger pass as first written (a byte class per byte,
 * a digit-run counter and a quick look at the neighbours of each trigger
 * byte), kept to hold the table-driven pass of src/detect/triggers.ts to
 * the same results. Not used by leakspec itself.
 *
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
 * Every candidate spans its trigger and is decided (its `need`) less than
 * {@link TRIGGER_REACH} bytes after it, so a scanner runs its detectors
 * only on chunks that start before the reach of the last "maybe": on
 * ordinary traffic, almost never. Lookbacks (at most 17 bytes) read the
 * scanner's tail of earlier bytes.
 */
import type { ByteTail } from '../../src/detect/byte-tail.js';

/** Bytes after a trigger within which its candidates are decided (the detectors look at most ~330 bytes). */
export const TRIGGER_REACH = 400;

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

const DIGIT = 1;
const SEP = 2;
const AT = 3;
const PLUS = 4;
const PCT = 5;
const ELL = 6;
const COMMA = 7;

const F_HEX = 1;
const F_ALNUM = 2;
const F_LETTER = 4;
const F_LOCAL = 8;
const F_DOMAIN = 16;
const F_DIGIT = 32;

const CLASS = new Uint8Array(256);
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
for (let b = 0x30; b <= 0x39; b++) CLASS[b] = DIGIT;
CLASS[0x3a] = SEP;
CLASS[0x2d] = SEP;
CLASS[0x40] = AT;
CLASS[0x2b] = PLUS;
CLASS[0x25] = PCT;
CLASS[0x4c] = ELL;
CLASS[0x6c] = ELL;
CLASS[0x2c] = COMMA;

/** Class tables by kinds bitmask (built once each: scanners are made per flow and per datagram). */
const CLASS_TABLES: Array<Uint8Array | undefined> = [];

/** The class table of `kinds`: bytes that can open no candidate of an enabled kind are class 0. */
function classesFor(kinds: TriggerKinds): Uint8Array {
  const key = (kinds.digits ? 1 : 0) | (kinds.mac ? 2 : 0) | (kinds.email ? 4 : 0) | (kinds.phone ? 8 : 0) | (kinds.coordinates ? 16 : 0);
  let t = CLASS_TABLES[key];
  if (!t) CLASS_TABLES[key] = t = buildClasses(kinds);
  return t;
}

function buildClasses(kinds: TriggerKinds): Uint8Array {
  const t = CLASS.slice();
  const off = (cls: number): void => {
    for (let b = 0; b < 256; b++) if (t[b] === cls) t[b] = 0;
  };
  if (!kinds.digits) off(DIGIT);
  if (!kinds.mac) off(SEP);
  if (!kinds.email) off(AT);
  if (!kinds.phone) off(PLUS);
  if (!kinds.coordinates) {
    off(ELL);
    off(COMMA);
  }
  if (!kinds.email && !kinds.phone && !kinds.coordinates) off(PCT);
  return t;
}

/** Not pushed yet (beyond the chunk). */
const LATER = -2;

function has(c: number, flag: number): boolean {
  return c >= 0 && (FLAGS[c] & flag) !== 0;
}

const EMPTY = new Uint8Array(0);

/** Every trigger kind (a pass shared by the detectors and the location scanner of a stream). */
export const ALL_TRIGGER_KINDS: TriggerKinds = { digits: true, mac: true, email: true, phone: true, coordinates: true };

/** The trigger pass of one stream (it carries the current digit run across chunks). */
export class ReferenceTriggerScan {
  /** Ends of the digit runs of 15-22 digits of the last chunk (added for the digit-run detector, which decides runs where they end). */
  private readonly runEnds: number[] = [];

  get digitRunEnds(): readonly number[] {
    return this.runEnds;
  }

  private run = 0;
  private chunk: Uint8Array = EMPTY;
  /** Like the result of the last scan, for coordinate triggers only (a conservative superset). */
  private coordUntil = -1;
  private lastChunk: Uint8Array | null = null;
  private lastBase = -1;
  private lastUntil = -1;
  private tail: ByteTail | null = null;
  /** CLASS with the classes of disabled kinds cleared, so the pass skips their bytes at once. */
  private readonly classes: Uint8Array;

  constructor(private readonly kinds: TriggerKinds) {
    this.classes = classesFor(kinds);
  }

  /** Back to the start of a new stream. */
  reset(): void {
    this.run = 0;
    this.lastChunk = null;
    this.lastBase = -1;
  }

  /**
   * `scan`, once per chunk for several scanners of one stream that push the
   * same chunks in the same order: the first call scans, the next ones with
   * the same chunk and base reuse its result (read with `reach`).
   */
  scanShared(chunk: Uint8Array, base: number, tail: ByteTail): void {
    if (chunk !== this.lastChunk || base !== this.lastBase) {
      this.lastUntil = this.scan(chunk, base, tail);
      this.lastChunk = chunk;
      this.lastBase = base;
    }
  }

  /** The reach for a trigger group: the reach of any trigger (coordinate triggers only for group 4, coordinates). */
  reach(group: number): number {
    return group === 4 ? this.coordUntil : this.lastUntil;
  }

  /** Whether the stream ends in a digit run a detector could report (checked at the end of the stream). */
  get openRun(): boolean {
    return this.kinds.digits && this.run >= 15 && this.run <= 22;
  }

  /**
   * Scans `chunk` (stream offset `base`; `tail` holds the bytes before it).
   * Returns the stream offset until which candidates of its triggers may be
   * decided, or -1 when it holds no trigger.
   */
  scan(chunk: Uint8Array, base: number, tail: ByteTail): number {
    this.runEnds.length = 0;
    this.chunk = chunk;
    this.tail = tail;
    const digits = this.kinds.digits;
    let until = -1;
    let coordUntil = -1;
    let run = this.run;
    const n = chunk.length;
    const classes = this.classes;
    for (let i = 0; i < n; i++) {
      const c = classes[chunk[i]];
      if (c === 0 && run === 0) continue;
      if (c === DIGIT) {
        run++;
        continue;
      }
      if (run !== 0) {
        if (digits && run >= 15 && run <= 22) {
          until = base + i + TRIGGER_REACH;
          this.runEnds.push(base + i);
        }
        run = 0;
      }
      if (c === 0 || (i >= 2 && i + 1 < n && !this.maybe(c, chunk, i))) continue;
      if (this.hot(c, i)) {
        until = base + i + TRIGGER_REACH;
        if (c === ELL || c === COMMA || c === PCT) coordUntil = until;
      }
    }
    this.run = run;
    this.coordUntil = coordUntil;
    this.chunk = EMPTY;
    this.tail = null;
    return until;
  }

  /** A quick look at the bytes next to a trigger inside the chunk: false when it cannot start a candidate. */
  private maybe(c: number, b: Uint8Array, i: number): boolean {
    switch (c) {
      case SEP:
        return (FLAGS[b[i - 1]] & FLAGS[b[i - 2]] & F_HEX) !== 0;
      case COMMA:
        return (FLAGS[b[i - 1]] & F_DIGIT) !== 0;
      case ELL:
        return (FLAGS[b[i - 1]] & F_ALNUM) === 0;
      case AT:
        return (FLAGS[b[i - 1]] & F_LOCAL) !== 0;
      case PLUS:
        return (FLAGS[b[i + 1]] & F_DIGIT) !== 0;
      default:
        return b[i + 1] === 0x34 || b[i + 1] === 0x32;
    }
  }

  /** The byte at `i` (relative to the chunk): LATER beyond it, -1 before the stream or the tail. */
  private at(i: number): number {
    if (i >= 0) return i < this.chunk.length ? this.chunk[i] : LATER;
    return (this.tail as ByteTail).back(-i);
  }

  private hot(c: number, i: number): boolean {
    const k = this.kinds;
    switch (c) {
      case SEP:
        return k.mac && this.mac(i);
      case AT:
        return k.email && this.email(i, 1);
      case PLUS:
        return k.phone && this.phone(i, 1);
      case ELL:
        return k.coordinates && this.key(i);
      case COMMA:
        return k.coordinates && this.comma(i, 1);
      default:
        return this.escape(i);
    }
  }

  /** `%40`, `%2B`, `%2C`. */
  private escape(i: number): boolean {
    const k = this.kinds;
    const a = this.at(i + 1);
    const b = this.at(i + 2);
    if (a === LATER || b === LATER) return true;
    if (a === 0x34) return b === 0x30 && k.email && this.email(i, 3);
    if (a !== 0x32) return false;
    const u = b | 0x20;
    if (u === 0x62) return k.phone && this.phone(i, 3);
    if (u === 0x63) return k.coordinates && this.comma(i, 3);
    return false;
  }

  /** Six hex pairs joined by the separator at `i` (case is left to the detector). */
  private mac(i: number): boolean {
    if (!has(this.at(i - 1), F_HEX) || !has(this.at(i - 2), F_HEX)) return false;
    const sep = this.chunk[i];
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
