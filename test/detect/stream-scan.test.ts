/**
 * StreamScan and OneShotScan (src/detect/stream-scan.ts) search a stream in
 * one loop for the declared identifiers, the undeclared detectors and the
 * declared locations. They must report exactly what the three searchers
 * report on their own (the matcher's stream, createDetectorScanner and
 * createLocationScanner, each with its own pass), wherever the chunks are
 * cut, with CR/LF inside values, and buffer after buffer.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileMatcher, createLocationScanner, OneShotScan, StreamScan } from '../../src/detect/index.js';
import type { Hit, IdentifierDecl } from '../../src/detect/types.js';
import { createDetectorScanner, DETECTOR_KINDS } from '../../src/detect/undeclared/index.js';
import { b64, chunksOf, hitKeys } from './helpers.js';
import { withLuhn } from './undeclared/helpers.js';

const IMEI = withLuhn('35693803564380');
const DECLS: IdentifierDecl[] = [
  { name: 'imei', category: 'device-id', value: IMEI },
  { name: 'email', category: 'contact', value: 'kari.nordmann@example.no' },
  { name: 'mac', category: 'device-id', value: '3c:5a:b4:12:34:56' },
  { name: 'home', category: 'location', value: null, location: { lat: 59.9139, lon: 10.7522, radiusM: 5000 } },
];

const PIECES = [
  IMEI, b64(IMEI), b64(`{"imei":"${IMEI}"}`), 'kari.nordmann@example.no', 'kari.nordmann%40example.no', '3C5AB4123456', '3c-5a-b4-12-34-56',
  withLuhn('8947080012345678901'), '242016000000001', 'jo@example.org', '+4791234567', '%2B4791234567', '3c:5a:b4:01:23:45',
  '"lat":59.9139,"lon":10.7522', '59.9139,10.7522', '"lat":1.5,"lon":2.5', 'f86584e9-fd76-4be8', '\r\n', '\n', ' ', ',', ':', '"', '=', '&',
  '%', '+', '@', 'l', 'a', '0', '.', '-', '\u00ff', '\u0000',
];

const MATCHER = compileMatcher(DECLS.filter((d) => d.value !== null));

type Keys = [string[], string[], string[]];

/** The three searchers, each on its own. */
function separately(chunks: Buffer[]): Keys {
  const stream = MATCHER.stream();
  const det = createDetectorScanner(DETECTOR_KINDS, DECLS);
  const loc = createLocationScanner(DECLS.filter((d) => d.location));
  const out: [Hit[], Hit[], Hit[]] = [[], [], []];
  for (const c of chunks) {
    out[0].push(...stream.push(c));
    out[1].push(...det.push(c));
    out[2].push(...loc.push(c));
  }
  out[1].push(...det.flush());
  out[2].push(...loc.flush());
  return [hitKeys(out[0]), hitKeys(out[1]), hitKeys(out[2])];
}

function together(chunks: Buffer[]): Keys {
  const s = new StreamScan({ matcher: MATCHER, identifiers: DECLS });
  const out: [Hit[], Hit[], Hit[]] = [[], [], []];
  for (const c of chunks) {
    const h = s.push(c);
    out[0].push(...h.declared);
    out[1].push(...h.detectors);
    out[2].push(...h.locations);
  }
  const end = s.flush();
  assert.equal(end.declared.length, 0);
  out[1].push(...end.detectors);
  out[2].push(...end.locations);
  return [hitKeys(out[0]), hitKeys(out[1]), hitKeys(out[2])];
}

describe('detect: one pass for every search of a stream', () => {
  it('StreamScan reports what the matcher, the detectors and the location scanner report on their own (fast-check)', () => {
    const totals = [0, 0, 0];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 10 }), (parts, raw) => {
        const chunks = chunksOf(Buffer.from(parts.join(''), 'latin1'), raw);
        const want = separately(chunks);
        want.forEach((w, i) => (totals[i] += w.length));
        assert.deepEqual(together(chunks), want);
      }),
      { numRuns: 600, seed: 31 },
    );
    assert.ok(totals.every((t) => t > 100), `each searcher finds something: ${totals.join(', ')}`);
  });

  it('byte-by-byte pushes, with line breaks inside a base64 value', () => {
    const wrapped = b64(`{"imei":"${IMEI}","mail":"kari.nordmann@example.no"}`).replace(/(.{8})/g, '$1\r\n');
    const data = Buffer.from(`x ${wrapped} ${PIECES.join(' ')} y`, 'latin1');
    const chunks = Array.from(data, (_, i) => data.subarray(i, i + 1));
    const want = separately([data]);
    assert.ok(want[0].some((k) => k.startsWith('imei|base64')), JSON.stringify(want[0]));
    assert.deepEqual(together(chunks), want);
  });

  it('OneShotScan equals a fresh search of each buffer alone, buffer after buffer (fast-check)', () => {
    const once = new OneShotScan({ matcher: MATCHER, identifiers: DECLS });
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), { maxLength: 6 }), (buffers) => {
        for (const parts of buffers) {
          const data = Buffer.from(parts.join(''), 'latin1');
          const h = once.scan(data);
          assert.deepEqual([hitKeys(h.declared), hitKeys(h.detectors), hitKeys(h.locations)], separately([data]));
        }
      }),
      { numRuns: 300, seed: 32 },
    );
  });
});
