/**
 * The fused scan loop runs in WebAssembly (src/detect/fused-wasm.ts) when it
 * can, in JavaScript otherwise. Both must give the same hits, offsets and
 * trigger results, for any patterns, text and chunking: chunks longer than
 * the WebAssembly data window, CR/LF inside matches, triggers at window
 * edges.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AhoCorasick } from '../../src/detect/aho-corasick.js';
import { ByteTail } from '../../src/detect/byte-tail.js';
import { fusedWasm, WINDOW } from '../../src/detect/fused-wasm.js';
import { ALL_TRIGGER_KINDS, TriggerGroup, TriggerScan } from '../../src/detect/triggers.js';
import { chunksOf } from './helpers.js';

interface Run {
  hits: string[];
  reaches: string[];
}

function feed(ac: AhoCorasick, chunks: Buffer[]): Run {
  const st = ac.createState();
  const pass = new TriggerScan(ALL_TRIGGER_KINDS);
  const tail = new ByteTail(64);
  const hits: string[] = [];
  const reaches: string[] = [];
  for (const c of chunks) {
    ac.feedWithTriggers(st, c, (p, s, e) => hits.push(`${p}@${s}-${e}`), pass, tail);
    reaches.push(Object.values(TriggerGroup).map((g) => pass.reach(g)).join(',') + `|${pass.digitRunEnds.join(',')}`);
    tail.push(c);
  }
  return { hits, reaches };
}

/** The same automaton twice: one on WebAssembly, one held to JavaScript. */
function pair(patterns: Buffer[]): [AhoCorasick, AhoCorasick] {
  const wasm = new AhoCorasick(patterns);
  const js = new AhoCorasick(patterns);
  feed(wasm, [Buffer.from('x')]);
  const was = fusedWasm.enabled;
  fusedWasm.enabled = false;
  try {
    feed(js, [Buffer.from('x')]);
  } finally {
    fusedWasm.enabled = was;
  }
  assert.equal(wasm.fusedInWasm, true, 'WebAssembly is available in Node');
  assert.equal(js.fusedInWasm, false);
  return [wasm, js];
}

describe('detect: the fused loop in WebAssembly and in JavaScript', () => {
  it('give the same hits and trigger results on random patterns, texts and chunkings (fast-check)', () => {
    const alpha = fc.constantFrom('a', 'b', '1', '@', ':');
    const textChar = fc.constantFrom('a', 'b', '1', '2', '@', ':', '-', '+', '%', ',', '.', 'l', 'x', '\n', '\r');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: alpha, minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        fc.string({ unit: textChar, maxLength: 300 }),
        fc.array(fc.nat(300), { maxLength: 5 }),
        (patterns, text, raw) => {
          const [wasm, js] = pair(patterns.map((p) => Buffer.from(p)));
          const chunks = chunksOf(Buffer.from(text, 'latin1'), raw);
          assert.deepEqual(feed(wasm, chunks), feed(js, chunks));
        },
      ),
      { numRuns: 200, seed: 41 },
    );
  });

  it('give the same results on a chunk several data windows long', () => {
    const [wasm, js] = pair(['356938035643809', 'kari@example.no', 'abc'].map((p) => Buffer.from(p)));
    const unit = 'x 356938035643809 y\r\nkari@example.no 3c:5a:b4:01:23:45 +4791234567 "lat":59.91,10.75 ab\nc ';
    const big = Buffer.from(unit.repeat(Math.ceil((2.5 * WINDOW) / unit.length)), 'latin1');
    const a = feed(wasm, [big, big.subarray(0, WINDOW + 7)]);
    assert.ok(a.hits.length > 3000, String(a.hits.length));
    assert.deepEqual(a, feed(js, [big, big.subarray(0, WINDOW + 7)]));
  });
});
