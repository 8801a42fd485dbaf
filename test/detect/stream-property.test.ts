import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileMatcher } from '../../src/detect/matcher.js';
import { hitKeys, pushSplit } from './helpers.js';

/** Independent encoders of the value, as a device might send it. */
const ENCODERS: Array<(v: string) => string> = [
  (v) => v,
  (v) => Buffer.from(v).toString('base64'),
  (v) => Buffer.from(v).toString('base64url'),
  (v) => Buffer.from(v).toString('hex'),
  (v) => encodeURIComponent(v),
  (v) => Buffer.from(JSON.stringify({ k: v })).toString('base64').replace(/(.{8})/g, '$1\r\n'),
];

describe('detect: streaming scan equals one-shot scan (property)', () => {
  it('for random values, surroundings and split points', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-ascii', minLength: 8, maxLength: 40 }),
        fc.nat(ENCODERS.length - 1),
        fc.uint8Array({ maxLength: 60 }),
        fc.uint8Array({ maxLength: 60 }),
        fc.array(fc.nat(400), { maxLength: 5 }),
        (value, enc, before, after, rawCuts) => {
          const m = compileMatcher([{ name: 'v', category: 'other', value }]);
          const data = Buffer.concat([before, Buffer.from(ENCODERS[enc](value)), after]);
          const cuts = [...new Set(rawCuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
          const oneShot = m.scan(data);
          const escapedInJson = enc === ENCODERS.length - 1 && /["\\]/.test(value);
          if (!escapedInJson) assert.ok(oneShot.length > 0, 'the encoded value is found');
          assert.deepEqual(hitKeys(pushSplit(m.stream(), data, cuts)), hitKeys(oneShot));
        },
      ),
      { numRuns: 300 },
    );
  });
});
