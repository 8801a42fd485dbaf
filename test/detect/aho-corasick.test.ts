import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AhoCorasick, MAX_TABLE_ENTRIES } from '../../src/detect/aho-corasick.js';
import { ErrorCodes, LeakspecError } from '../../src/errors.js';

/** Brute force: every occurrence of every pattern in `text` with CR/LF removed, mapped back to offsets in `text`. */
function naive(patterns: string[], text: string): string[] {
  const kept: number[] = [];
  let stripped = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || text[i] === '\r') continue;
    kept.push(i);
    stripped += text[i];
  }
  const out: string[] = [];
  patterns.forEach((p, id) => {
    for (let i = stripped.indexOf(p); i >= 0; i = stripped.indexOf(p, i + 1)) {
      out.push(`${id}@${kept[i]}-${kept[i + p.length - 1] + 1}`);
    }
  });
  return out.sort();
}

function run(ac: AhoCorasick, chunks: string[]): string[] {
  const out: string[] = [];
  const st = ac.createState();
  for (const c of chunks) ac.feed(st, Buffer.from(c, 'latin1'), (p, s, e) => out.push(`${p}@${s}-${e}`));
  return out.sort();
}

describe('detect: Aho-Corasick automaton', () => {
  it('finds overlapping and nested patterns', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers'].map((s) => Buffer.from(s)));
    assert.deepEqual(run(ac, ['ushers']), ['0@2-4', '1@1-4', '3@2-6']);
  });

  it('ignores CR and LF without resetting, and counts them in offsets', () => {
    const ac = new AhoCorasick([Buffer.from('abcd')]);
    assert.deepEqual(run(ac, ['x\r\na\nb\r\n\r\nc', 'd']), ['0@3-12']);
  });

  it('rejects patterns holding CR or LF', () => {
    assert.throws(() => new AhoCorasick([Buffer.from('a\nb')]), LeakspecError);
  });

  it('matches a brute-force search on random patterns, texts and chunkings', () => {
    const alpha = fc.constantFrom('a', 'b', 'c');
    const textChar = fc.constantFrom('a', 'b', 'c', 'd', '\n', '\r');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: alpha, minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        fc.string({ unit: textChar, maxLength: 120 }),
        fc.array(fc.nat(120), { maxLength: 4 }),
        (patterns, text, rawCuts) => {
          const ac = new AhoCorasick(patterns.map((p) => Buffer.from(p)));
          const cuts = [...new Set(rawCuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
          const chunks: string[] = [];
          let from = 0;
          for (const c of [...cuts, text.length]) {
            chunks.push(text.slice(from, c));
            from = c;
          }
          assert.deepEqual(run(ac, chunks), naive(patterns, text));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps its tables small for a typical identifier set', () => {
    const patterns = Array.from({ length: 400 }, (_, i) => Buffer.from(`pattern-${i}-abcdefghijklmnopqrstuvwxyz0123456789`));
    const ac = new AhoCorasick(patterns);
    assert.ok(ac.stateCount <= 400 * 45 + 1);
    assert.ok(ac.memoryBytes < 16 * 1024 * 1024, `${ac.memoryBytes} bytes`);
  });

  it('refuses, with a spec error naming the size, a table over the cap', () => {
    // 254 byte values (all but CR and LF) in 300 patterns of 1000 bytes: about 300k states of 256 classes.
    const bytes = Array.from({ length: 256 }, (_, b) => b).filter((b) => b !== 0x0a && b !== 0x0d);
    const patterns = Array.from({ length: 300 }, (_, i) => Uint8Array.from({ length: 1000 }, (_, j) => bytes[(i * 7 + j * 13) % bytes.length]));
    assert.throws(
      () => new AhoCorasick(patterns),
      (e: unknown) => e instanceof LeakspecError && e.code === ErrorCodes.SPEC_INVALID && e.message.includes(`over the limit of ${MAX_TABLE_ENTRIES}`),
    );
  });
});
