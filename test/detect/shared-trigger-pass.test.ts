/**
 * One trigger pass shared by a stream's location scanner and detector
 * scanner (as the analysis runs them) reports exactly what each scanner
 * reports with its own pass, wherever the chunks are cut; the reusable
 * one-shot location scan equals a fresh scanner per buffer.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ALL_TRIGGER_KINDS, createLocationScanner, createOneShotLocationScanner, TriggerScan } from '../../src/detect/index.js';
import type { IdentifierDecl } from '../../src/detect/types.js';
import { createOneShotDetector, DETECTOR_KINDS } from '../../src/detect/undeclared/index.js';
import { chunksOf, hitKeys, locationAndDetectorHits } from './helpers.js';
import { withLuhn } from './undeclared/helpers.js';

const OSLO: IdentifierDecl = { name: 'home', category: 'location', value: null, location: { lat: 59.9139, lon: 10.7522, radiusM: 5000 } };

const PIECES = [
  withLuhn('35693803564380'), '242016000000001', '3c:5a:b4:01:23:45', 'jo@example.org', 'jo%40example.org', '+4791234567', '%2B4791234567',
  '"lat":59.9139,"lon":10.7522', 'lat=59.9139&lng=10.7522', 'LONGITUDE', '59.9139,10.7522', '59.9139%2C10.7522', '59.9138, 10.7521',
  '{', '}', ',', '=', '&', ' ', '"', ':', '-', '.', '%', '%2', '1700000000000', 'fe80::1', 'a', '0', '@', '+', 'l', '.123', '\r\n',
];

/** Location and detector hits of a stream, each scanner with its own pass or both through one. */
function scan(chunks: Buffer[], shared: boolean): [string[], string[]] {
  return locationAndDetectorHits(chunks, [OSLO], shared ? new TriggerScan(ALL_TRIGGER_KINDS) : undefined);
}

describe('detect: one trigger pass shared by the scanners of a stream', () => {
  it('reports the same hits as a pass per scanner (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 10 }), (parts, raw) => {
        const chunks = chunksOf(Buffer.from(parts.join(''), 'latin1'), raw);
        assert.deepEqual(scan(chunks, true), scan(chunks, false));
      }),
      { numRuns: 400, seed: 21 },
    );
  });

  it('finds locations and undeclared values through the shared pass', () => {
    const data = Buffer.from(`x {"lat":59.9139,"lon":10.7522} ${withLuhn('35693803564380')} jo@example.org y`, 'latin1');
    const [loc, det] = scan(chunksOf(data, [5, 9, 20, 33, 40]), true);
    assert.equal(loc.length, 1);
    assert.ok(det.some((k) => k.startsWith('undeclared:imei|')));
    assert.ok(det.some((k) => k.startsWith('undeclared:email|')));
  });

  it('the one-shot location scan equals a fresh scanner for each buffer', () => {
    const once = createOneShotLocationScanner([OSLO]);
    for (const text of ['"lat":59.9139,"lon":10.7522', 'nothing here', '59.9139,10.7522', 'lat=59.9139&lng=10.7522 and 59.9139, 10.7522']) {
      const data = Buffer.from(text, 'latin1');
      const fresh = createLocationScanner([OSLO]);
      assert.deepEqual(hitKeys(once(data)), hitKeys([...fresh.push(data), ...fresh.flush()]), text);
    }
    assert.equal(once(Buffer.from('59.9139,10.7522', 'latin1')).length, 1);
  });

  it('one-shot detector and location scans sharing a pass (reset by its owner) equal unshared ones, buffer after buffer (fast-check)', () => {
    const pass = new TriggerScan(ALL_TRIGGER_KINDS);
    const detect = createOneShotDetector(DETECTOR_KINDS, [OSLO], pass);
    const locate = createOneShotLocationScanner([OSLO], pass);
    const detectAlone = createOneShotDetector(DETECTOR_KINDS, [OSLO]);
    const locateAlone = createOneShotLocationScanner([OSLO]);
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), { maxLength: 6 }), (buffers) => {
        for (const parts of buffers) {
          const data = Buffer.from(parts.join(''), 'latin1');
          pass.reset();
          const shared = [hitKeys(detect(data)), hitKeys(locate(data))];
          assert.deepEqual(shared, [hitKeys(detectAlone(data)), hitKeys(locateAlone(data))]);
        }
      }),
      { numRuns: 300, seed: 22 },
    );
  });
});
