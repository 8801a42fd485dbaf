import assert from 'node:assert/strict';
import { FragmentReassembler } from '../../src/decode/fragments.js';
import type { Weirds } from '../../src/decode/types.js';
import { ethernet, ipPacket, type Record_ } from '../support/packets.js';
import { run } from './harness.js';
import { fragmentV4, fragmentV6, pattern, udpSpec } from './ip-builders.js';

const body = pattern(3000);
const v4 = ipPacket(udpSpec('10.1.1.1', '8.8.4.4', body));
const v6 = ipPacket(udpSpec('2001:db8::a', '2001:db8::b', body));
const records = (frags: Uint8Array[], t0 = 1): Record_[] => frags.map((f, i) => ({ ts: t0 + i * 0.01, data: ethernet(f) }));

describe('decode/fragments', () => {
  for (const [name, frags] of [['IPv4', fragmentV4(v4, 1480)], ['IPv6', fragmentV6(v6, 1232)]] as const) {
    it(`${name}: fragments in order are reassembled, attributed to the last fragment's frame`, () => {
      assert.equal(frags.length, 3);
      const { sink, table } = run(records(frags));
      assert.equal(sink.flows.length, 1);
      assert.deepEqual(sink.stream(1, 0), body);
      assert.equal(sink.data[0].frame, 3);
      assert.equal(sink.flows[0].firstFrame, 3);
      assert.equal(sink.flows[0].packets, 1);
      assert.equal(table.weirds.size, 0);
    });

    it(`${name}: fragments in reverse order are reassembled`, () => {
      const { sink } = run(records([...frags].reverse()));
      assert.deepEqual(sink.stream(1, 0), body);
      assert.equal(sink.data[0].frame, 3);
    });

    it(`${name}: overlapping fragments keep the first copy and count fragment_overlap`, () => {
      const forged = frags[1].slice();
      forged.fill(0x41, forged.length - 100);
      const { sink, table } = run(records([frags[0], frags[1], forged, frags[2]]));
      assert.deepEqual(sink.stream(1, 0), body);
      assert.equal(table.weirds.get('fragment_overlap'), 1);
      const { sink: s2 } = run(records([frags[0], forged, frags[1], frags[2]]));
      assert.notDeepEqual(s2.stream(1, 0), body, 'the first copy (the forged one) wins');
    });

    it(`${name}: a missing last fragment delivers nothing and does not crash`, () => {
      const { sink, table } = run(records(frags.slice(0, 2)));
      assert.equal(sink.flows.length, 0);
      assert.equal(table.weirds.get('fragment_incomplete'), 1);
    });

    it(`${name}: a missing middle fragment delivers nothing`, () => {
      const { sink } = run(records([frags[0], frags[2]]));
      assert.equal(sink.flows.length, 0);
    });

    it(`${name}: fragments more than 60 s apart are not reassembled`, () => {
      const recs = records(frags);
      recs[2] = { ...recs[2], ts: 70 };
      const { sink, table } = run(recs);
      assert.equal(sink.flows.length, 0);
      assert.equal(table.weirds.get('fragment_expired'), 1);
    });
  }

  it('interleaved datagrams with different ids are kept apart', () => {
    const a = fragmentV4(v4, 1480, 1);
    const other = pattern(2000, 9);
    const b = fragmentV4(ipPacket(udpSpec('10.1.1.1', '8.8.4.4', other)), 1480, 2);
    const { sink } = run(records([a[0], b[0], a[1], b[1], a[2]]));
    assert.equal(sink.data.length, 2);
    assert.deepEqual(sink.data[0].bytes, other);
    assert.deepEqual(sink.data[1].bytes, body);
  });

  it('a fragment reaching past 65535 bytes exceeds the cap', () => {
    const weirds: Weirds = new Map();
    const r = new FragmentReassembler(weirds);
    assert.equal(r.add('k', 0, 65528, false, new Uint8Array(16)), null);
    assert.equal(weirds.get('fragment_cap_exceeded'), 1);
    assert.equal(r.inFlight, 0);
  });

  it('too many datagrams in flight drops the oldest', () => {
    const weirds: Weirds = new Map();
    const r = new FragmentReassembler(weirds, { maxDatagrams: 2 });
    r.add('a', 0, 0, true, new Uint8Array(8));
    r.add('b', 0, 0, true, new Uint8Array(8));
    r.add('c', 0, 0, true, new Uint8Array(8));
    assert.equal(r.inFlight, 2);
    assert.equal(weirds.get('fragment_cap_exceeded'), 1);
    const done = r.add('b', 0, 8, false, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    assert.deepEqual(done, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8));
    assert.equal(r.add('a', 0, 8, false, new Uint8Array(8)), null, 'a was dropped');
  });

  it('data beyond the end fixed by the last fragment is dropped', () => {
    const weirds: Weirds = new Map();
    const r = new FragmentReassembler(weirds);
    assert.equal(r.add('k', 0, 16, true, new Uint8Array(16).fill(2)), null);
    assert.equal(r.add('k', 0, 0, true, new Uint8Array(8).fill(1)), null);
    const out = r.add('k', 0, 8, false, new Uint8Array(8).fill(3));
    assert.deepEqual(out, Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3, 3));
    assert.equal(weirds.get('fragment_beyond_end'), 1);
  });
});
