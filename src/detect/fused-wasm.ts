/**
 * The fused scan loop of AhoCorasick.feedWithTriggers as a small
 * WebAssembly function, built here byte by byte (no toolchain, no binary
 * file). JavaScript typed-array reads in a hot loop re-check the array on
 * every read (about 35 machine instructions per byte for the automaton
 * alone, measured); WebAssembly memory reads need none, so the same walk
 * costs a fraction of that. The loop walks both machines over a window of
 * the chunk and returns at the first byte that needs attention (an entry
 * with bit 31 set, exactly as in the JavaScript loop), which the caller
 * handles in JavaScript before calling again.
 *
 * Memory layout (bytes): a 16-byte header (the automaton row, the trigger
 * state and the trigger state before the stop byte, written on return),
 * the byte classes (256 Int32), the trigger table, a data window of
 * {@link WINDOW} bytes, then the automaton table. Every instance has its
 * own memory, sized for its automaton.
 *
 * When WebAssembly is missing or fails, callers keep the JavaScript loop,
 * which gives the same results.
 */

/** The part of the WebAssembly API used here (the TypeScript libraries of this project do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** Bytes of a chunk copied into the data window at a time. */
export const WINDOW = 1 << 16;

const HEADER = 16;
const CLS = HEADER;
const TT = CLS + 256 * 4;

/** One instance: the loop and its memory, loaded with one automaton and one trigger table. */
export interface FusedLoop {
  /** Walks window bytes [from, to) from `row` and `s`; returns where it stopped (`to` at the end). Read the states with `row`/`state`/`prev`. */
  run(from: number, to: number, row: number, s: number): number;
  /** The data window (copy a chunk's bytes at 0). */
  readonly window: Uint8Array;
  /** The header after a run: [row, trigger state, trigger state before the stop byte]. */
  readonly header: Int32Array;
  /** The trigger table loaded (a run needs the pass's table to be this one). */
  readonly triggerTable: Int32Array;
}

function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** The module for a trigger table of `ttBytes` bytes (the offsets are constants of the code). */
function moduleBytes(ttBytes: number): Uint8Array {
  const data = TT + ttBytes;
  const table = data + WINDOW;
  // Opcodes.
  const LOCAL_GET = 0x20;
  const LOCAL_SET = 0x21;
  const I32_CONST = 0x41;
  const load = (offset: number): number[] => [0x28, 2, ...uleb(offset)];
  const load8u = (offset: number): number[] => [0x2d, 0, ...uleb(offset)];
  const store = (offset: number): number[] => [0x36, 2, ...uleb(offset)];
  // Params: 0 ptr, 1 end, 2 row, 3 s; locals: 4 b, 5 prev.
  const body = [
    1, 2, 0x7f, // two i32 locals
    0x02, 0x40, // block
    0x03, 0x40, // loop
    LOCAL_GET, 0, LOCAL_GET, 1, 0x4f, 0x0d, 1, // ptr >= end: br_if exit
    LOCAL_GET, 0, ...load8u(data), LOCAL_SET, 4, // b = data[ptr]
    LOCAL_GET, 3, LOCAL_SET, 5, // prev = s
    LOCAL_GET, 5, LOCAL_GET, 4, 0x72, I32_CONST, 2, 0x74, ...load(TT), LOCAL_SET, 3, // s = tt[prev | b]
    LOCAL_GET, 2, LOCAL_GET, 4, I32_CONST, 2, 0x74, ...load(CLS), 0x6a, I32_CONST, 2, 0x74, ...load(table), LOCAL_SET, 2, // row = t[row + cls[b]]
    LOCAL_GET, 3, LOCAL_GET, 2, 0x72, I32_CONST, 0, 0x48, 0x0d, 1, // (s | row) < 0: br_if exit
    LOCAL_GET, 0, I32_CONST, 1, 0x6a, LOCAL_SET, 0, // ptr++
    0x0c, 0, // br loop
    0x0b, // end loop
    0x0b, // end block
    I32_CONST, 0, LOCAL_GET, 2, ...store(0),
    I32_CONST, 0, LOCAL_GET, 3, ...store(4),
    I32_CONST, 0, LOCAL_GET, 5, ...store(8),
    LOCAL_GET, 0,
    0x0b, // end function
  ];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f]),
    ...section(2, [1, ...name('e'), ...name('m'), 0x02, 0x00, 0x01]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('f'), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ];
  return Uint8Array.from(bytes);
}

const modules = new Map<number, object | null>();

function moduleFor(ttBytes: number): object | null {
  let m = modules.get(ttBytes);
  if (m === undefined) {
    try {
      m = wasm ? new wasm.Module(moduleBytes(ttBytes)) : null;
    } catch {
      m = null;
    }
    modules.set(ttBytes, m);
  }
  return m;
}

/** Whether the fused loop runs in WebAssembly (tests turn it off to hold it to the JavaScript loop). */
export const fusedWasm = { enabled: wasm !== undefined && process.env.LEAKSPEC_NO_WASM !== '1' };

/**
 * An instance loaded with an automaton (`classes`, `table`) and a trigger
 * table, or null when WebAssembly is off or unavailable.
 */
export function createFusedLoop(classes: Int32Array, table: Int32Array, triggerTable: Int32Array): FusedLoop | null {
  if (!fusedWasm.enabled) return null;
  const module = moduleFor(triggerTable.byteLength);
  if (!module || !wasm) return null;
  try {
    const base = TT + triggerTable.byteLength + WINDOW;
    const memory = new wasm.Memory({ initial: Math.ceil((base + table.byteLength) / 65536) });
    const buffer = memory.buffer;
    new Int32Array(buffer, CLS, 256).set(classes);
    new Int32Array(buffer, TT, triggerTable.length).set(triggerTable);
    new Int32Array(buffer, base, table.length).set(table);
    const instance = new wasm.Instance(module, { e: { m: memory } });
    const f = instance.exports.f as (ptr: number, end: number, row: number, s: number) => number;
    return {
      run: f,
      window: new Uint8Array(buffer, TT + triggerTable.byteLength, WINDOW),
      header: new Int32Array(buffer, 0, 4),
      triggerTable,
    };
  } catch {
    return null;
  }
}
