import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createDetectorScanner, DETECTOR_KINDS, DETECTOR_TAIL, scanUndeclared } from '../../../src/detect/undeclared/index.js';
import type { Hit } from '../../../src/detect/types.js';
import { hitKeys, pushSplit } from '../helpers.js';
import { withLuhn } from './helpers.js';

const ONE_OF_EACH = [
  `POST /activate?imei=${withLuhn('35693803564380')}&iccid=${withLuhn('8947000000000000001')} HTTP/1.1\r\n`,
  'X-IMSI: 242016000000001\r\n',
  'Content-Type: application/json\r\n\r\n',
  '{"wifi":"3c:5a:b4:01:23:45","email":"jo@example.org","tel":"+4791234567",',
  '"lat":59.9139,"lon":10.7522,"ll":"59.9139,10.7522"}',
].join('');

function streamed(data: Buffer, cuts: number[]): Hit[] {
  const s = createDetectorScanner(DETECTOR_KINDS, []);
  return [...pushSplit(s, data, cuts), ...s.flush()];
}

describe('detect/undeclared: streaming', () => {
  const data = Buffer.from(ONE_OF_EACH, 'latin1');
  const oneShot = scanUndeclared(DETECTOR_KINDS, [], data);

  it('the sample holds one of each kind (two locations)', () => {
    assert.deepEqual(
      oneShot.map((h) => h.identifier),
      ['imei', 'iccid', 'imsi', 'mac', 'email', 'phone', 'location', 'location'].map((k) => `undeclared:${k}`),
    );
  });

  it('every split position gives the same hits as one-shot', () => {
    for (let cut = 0; cut <= data.length; cut++) {
      assert.deepEqual(hitKeys(streamed(data, [cut])), hitKeys(oneShot), `cut at ${cut}`);
    }
  });

  it('every split position finds the longest candidates whole (a 251-byte address, a 183-byte pair)', () => {
    const domain = `${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.org`;
    const local = 'l'.repeat(64);
    const pair = `lat":59.9139,"a":"${'x'.repeat(150)}","lon":10.7522`;
    const text = `{"email":"${local}@${domain}","p":{"${pair}}}`;
    const long = Buffer.from(text, 'latin1');
    const want = scanUndeclared(DETECTOR_KINDS, [], long);
    assert.deepEqual(
      want.map((h) => [h.identifier, h.offset, h.length]),
      [
        ['undeclared:email', text.indexOf(local), 65 + domain.length],
        ['undeclared:location', text.indexOf(pair), pair.length],
      ],
    );
    assert.equal(65 + domain.length, 251);
    for (let cut = 0; cut <= long.length; cut++) {
      assert.deepEqual(hitKeys(streamed(long, [cut])), hitKeys(want), `cut at ${cut}`);
      assert.deepEqual(hitKeys(streamed(long, [cut, Math.min(long.length, cut + 100)])), hitKeys(want), `cuts at ${cut}, +100`);
    }
  });

  it('byte-by-byte pushes give the same hits', () => {
    const cuts = Array.from({ length: data.length - 1 }, (_, i) => i + 1);
    assert.deepEqual(hitKeys(streamed(data, cuts)), hitKeys(oneShot));
  });

  it('offsets stay absolute far beyond the tail', () => {
    const pad = Buffer.alloc(5 * DETECTOR_TAIL + 3, 0x20);
    const long = Buffer.concat([pad, data, pad, data]);
    const want = [...oneShot.map((h) => ({ ...h, offset: h.offset + pad.length })), ...oneShot.map((h) => ({ ...h, offset: h.offset + 2 * pad.length + data.length }))];
    assert.deepEqual(hitKeys(scanUndeclared(DETECTOR_KINDS, [], long)), hitKeys(want));
    for (const size of [1, 7, 100, 1460]) {
      const cuts: number[] = [];
      for (let c = size; c < long.length; c += size) cuts.push(c);
      assert.deepEqual(hitKeys(streamed(long, cuts)), hitKeys(want), `chunks of ${size}`);
    }
  });

  it('random splits of text built from identifiers and traps match one-shot (fast-check)', () => {
    const pieces = [
      withLuhn('35693803564380'), withLuhn('8947000000000000001'), 'imsi=242016000000001', '3c:5a:b4:01:23:45',
      'jo@example.org', 'jo%40example.org', '+4791234567', '%2B4791234567', '+47 912 34 567', '"lat":59.9139,"lon":10.7522',
      '59.9139,10.7522', '{', '}', ',', '=', '&', ' ', '"', ':', '-', '.', '%22', '1700000000000', 'fe80::1',
      'a', 'Z', '0', '12', 'lat', 'lon', '@', '+', '\r\n',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (parts, rawCuts) => {
          const text = Buffer.from(parts.join(''), 'latin1');
          const cuts = [...new Set(rawCuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          assert.deepEqual(hitKeys(streamed(text, cuts)), hitKeys(scanUndeclared(DETECTOR_KINDS, [], text)));
        },
      ),
      { numRuns: 400, seed: 42 },
    );
  });

  it('random bytes never throw and hits stay inside the stream (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 4 }), (bytes, rawCuts) => {
        const data = Buffer.from(bytes);
        const cuts = [...new Set(rawCuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
        const hits = streamed(data, cuts);
        for (const h of hits) assert.ok(h.offset >= 0 && h.length > 0 && h.offset + h.length <= data.length);
        assert.deepEqual(hitKeys(hits), hitKeys(scanUndeclared(DETECTOR_KINDS, [], data)));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('with no kinds enabled it reports nothing', () => {
    assert.deepEqual(scanUndeclared([], [], data), []);
  });

  it('position counts the bytes pushed', () => {
    const s = createDetectorScanner(DETECTOR_KINDS, []);
    s.push(data.subarray(0, 10));
    s.push(data.subarray(10));
    assert.equal(s.position, data.length);
  });
});
