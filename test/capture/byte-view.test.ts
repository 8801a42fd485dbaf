import assert from 'node:assert/strict';
import fc from 'fast-check';
import { byteView } from '../../src/capture/byte-view.js';

describe('capture/byte-view', () => {
  it('is subarray for in-range bounds: same bytes, same memory', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(70), fc.nat(70), fc.nat(8), (bytes, x, y, lead) => {
        const whole = new Uint8Array(bytes.length + lead);
        whole.set(bytes, lead);
        const b = whole.subarray(lead);
        const [start, end] = [Math.min(x, y, b.length), Math.min(Math.max(x, y), b.length)];
        const v = byteView(b, start, end);
        const s = b.subarray(start, end);
        assert.deepEqual(v, s);
        assert.equal(v.buffer, s.buffer);
        assert.equal(v.byteOffset, s.byteOffset);
      }),
    );
  });

  it('throws on bounds outside the array instead of reading its neighbours', () => {
    const parent = new Uint8Array(32);
    const b = parent.subarray(8, 16);
    assert.throws(() => byteView(b, 0, 9), RangeError);
    assert.throws(() => byteView(b, -1, 4), RangeError);
    assert.throws(() => byteView(b, 5, 4), RangeError);
    assert.equal(byteView(b, 8, 8).length, 0);
  });
});
