/**
 * The trigger pass runs as a state machine (src/detect/triggers.ts) that
 * fires only when a trigger's pattern is complete, sometimes a few bytes
 * after the trigger. These tests hold the scanners that use it to the same
 * scanners driven by the first-written pass (reference-triggers.ts, a
 * class per byte and a look at each trigger's neighbours): same hits,
 * wherever the chunks are cut, on text dense with near-triggers.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteTail } from '../../src/detect/byte-tail.js';
import { ALL_TRIGGER_KINDS, TriggerScan } from '../../src/detect/index.js';
import type { IdentifierDecl } from '../../src/detect/types.js';
import { chunksOf, locationAndDetectorHits } from './helpers.js';
import { ReferenceTriggerScan, ALL_TRIGGER_KINDS as REFERENCE_KINDS } from './reference-triggers.js';
import { withLuhn } from './undeclared/helpers.js';

const OSLO: IdentifierDecl = { name: 'home', category: 'location', value: null, location: { lat: 59.9139, lon: 10.7522, radiusM: 5000 } };

/** Values, their near misses and the bytes the state machine tracks. */
const PIECES = [
  withLuhn('35693803564380'), '35693803564380', withLuhn('894708001234567890123'), '242016000000001', '8947080012345678901', '12345678901234567890123',
  '3c:5a:b4:01:23:45', '3C-5A-B4-01-23-45', '3c:5a:b4:01:23', '3c:5a-b4:01:23:45', 'f86584e9-fd76-4be8-aa2b-69d641abf541', 'ab:cd:',
  'jo@example.org', 'jo%40example.org', '@', '%40', 'a@b', '+4791234567', '%2B4791234567', '+47 912', '+', '%2', '%2b',
  '"lat":59.9139,"lon":10.7522', 'lat=59.9139&lng=10.7522', 'LATITUDE', 'Lon', 'lng', 'la', 'lo', 'ln', 'slat', '_lat:', 'l',
  '59.9139,10.7522', '59.913,10.752', '59.913%2C10.752', '59.9139%2C10.7522', '59.9138, 10.7521', '1.5,2', '10.7522,', '.123', '.12345678901234567,1.123',
  '{', '}', ',', '=', '&', ' ', '"', ':', '-', '.', '%', 'a', 'f', '0', '9', 'x', '\r\n', '\u00ff',
];

/** Location and detector hits of a stream whose scanners share `pass`. */
function scan(chunks: Buffer[], pass: TriggerScan): [string[], string[]] {
  return locationAndDetectorHits(chunks, [OSLO], pass);
}

const reference = (): TriggerScan => new ReferenceTriggerScan(REFERENCE_KINDS) as unknown as TriggerScan;

describe('detect: the trigger state machine', () => {
  it('scanners report what they report with the first-written pass, wherever the chunks are cut (fast-check)', () => {
    let found = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 100 }), fc.array(fc.nat(), { maxLength: 12 }), (parts, raw) => {
        const chunks = chunksOf(Buffer.from(parts.join(''), 'latin1'), raw);
        const want = scan(chunks, reference());
        found += want[0].length + want[1].length;
        assert.deepEqual(scan(chunks, new TriggerScan(ALL_TRIGGER_KINDS)), want);
      }),
      { numRuns: 1500, seed: 23 },
    );
    assert.ok(found > 300, `the pieces make findings (${found})`);
  });

  it('byte-by-byte pushes equal the first-written pass', () => {
    const data = Buffer.from(PIECES.join(' x '), 'latin1');
    const chunks = Array.from(data, (_, i) => data.subarray(i, i + 1));
    const want = scan(chunks, reference());
    assert.ok(want[0].length >= 3 && want[1].length >= 6, JSON.stringify(want));
    assert.deepEqual(scan(chunks, new TriggerScan(ALL_TRIGGER_KINDS)), want);
  });

  it('ordinary JSON with UUIDs, short numbers and words with an l holds no trigger; a MAC in it does', () => {
    const json = Buffer.from(
      '{"event":"scroll","ts":1718090957026,"seq":1,"session":"fd02c11e-494c-4b07-af11-6cb4717682c4","app":"com.social.feed","net":"lte","list":[1,2,3],"price":"282.85"}',
      'latin1',
    );
    const pass = new TriggerScan(ALL_TRIGGER_KINDS);
    assert.equal(pass.scan(json, 0, new ByteTail(64)), -1);
    const mac = Buffer.from(json.toString('latin1').replace('"lte"', '"3c:5a:b4:01:23:45"'), 'latin1');
    assert.notEqual(new TriggerScan(ALL_TRIGGER_KINDS).scan(mac, 0, new ByteTail(64)), -1);
  });

  it('a trigger completed across a chunk boundary is still found, and values as long as a detector allows are decided', () => {
    // 251 bytes: with a two-letter local part, as long as an address may be (254).
    const longDomain = `${'d'.repeat(59)}.${'e'.repeat(59)}.${'f'.repeat(59)}.${'g'.repeat(59)}.example.org`;
    const texts = [
      'a 3c:5a:b4:01:23:45 b',
      'x "lat":59.9139,"lng":10.7522 y',
      'call %2B4791234567 now',
      `mail ab@${longDomain}; done`,
      `mail a%40${longDomain.slice(2)}; done`,
      'tel +33 1 23 45 67 89 0123; done',
      'tel %2B33 1 23 45 67 89 0123; done',
      'tel +1-202-555-0123 or %2B47 912 34 567.',
      `id ${withLuhn('8947080012345678901')}\n${withLuhn('35693803564380')}`,
      // An IMSI after the longest key and the most spaces the detector allows.
      `{"imsi_${'k'.repeat(59)}"${' '.repeat(16)}:${' '.repeat(16)}"242016000000001"}`,
      `imsi%3D242016000000001&x=%22${withLuhn('35693803564380')}%22`,
    ];
    for (const text of texts) {
      const data = Buffer.from(text, 'latin1');
      const whole = scan([data], reference());
      assert.ok(whole[0].length + whole[1].length > 0, `${text}: the scanners find something`);
      for (let cut = 1; cut < data.length; cut++) {
        const chunks = [data.subarray(0, cut), data.subarray(cut)];
        assert.deepEqual(scan(chunks, new TriggerScan(ALL_TRIGGER_KINDS)), whole, `${text} cut at ${cut}`);
      }
    }
  });
});
