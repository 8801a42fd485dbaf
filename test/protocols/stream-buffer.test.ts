import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StreamBuffer } from '../../src/protocols/bytes.js';

const op = fc.oneof(
  fc.record({ append: fc.uint8Array({ maxLength: 700 }) }),
  fc.record({ consume: fc.nat(900) }),
  fc.constant({ clear: true as const }),
);

describe('protocols/bytes: StreamBuffer', () => {
  it('holds exactly what was appended and not consumed (model check)', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 16, 256, 1024), fc.array(op, { maxLength: 60 }), (initial, ops) => {
        const b = new StreamBuffer(initial);
        let model: number[] = [];
        for (const o of ops) {
          if ('append' in o) {
            b.append(o.append);
            model.push(...o.append);
          } else if ('consume' in o) {
            b.consume(o.consume);
            model = model.slice(Math.min(o.consume, model.length));
          } else {
            b.clear();
            model = [];
          }
          assert.equal(b.length, model.length);
          assert.deepEqual([...b.view()], model);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('copies on append: a later change to the source does not show', () => {
    const b = new StreamBuffer();
    const src = Uint8Array.of(1, 2, 3);
    b.append(src);
    src.fill(9);
    assert.deepEqual([...b.view()], [1, 2, 3]);
  });
});
