import assert from 'node:assert/strict';
import { maskedContext } from '../../src/analysis/evidence-context.js';

describe('analysis: evidence context', () => {
  it('masks the match but its last four characters, and shows line breaks and other bytes as text', () => {
    const data = Buffer.concat([Buffer.from('a\r\nimei=', 'latin1'), Buffer.from('356938035643809', 'latin1'), Buffer.from([0x00, 0xff, 0x41])]);
    assert.equal(maskedContext(data, 8, 15), 'a\\r\\nimei=[***********3809]..A');
  });

  it('cuts the context at 24 bytes on each side, with an ellipsis where it cut', () => {
    const data = Buffer.from(`${'x'.repeat(30)}SECRET12${'y'.repeat(30)}`, 'latin1');
    assert.equal(maskedContext(data, 30, 8), `…${'x'.repeat(24)}[****ET12]${'y'.repeat(24)}…`);
  });

  it('keeps a short match whole', () => {
    assert.equal(maskedContext(Buffer.from('id=abc;', 'latin1'), 3, 3), 'id=[abc];');
  });
});
