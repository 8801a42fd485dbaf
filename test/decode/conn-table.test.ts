import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ConnTable } from '../../src/decode/conn-table.js';
import type { Flow } from '../../src/decode/types.js';
import { ipv4Bytes, ipv6Bytes, udpRecord } from '../support/packets.js';
import { run } from './harness.js';

/** A packet header stand-in: source address at 0, destination right after it. */
function tuple(src: Uint8Array, dst: Uint8Array): Uint8Array {
  const b = new Uint8Array(src.length + dst.length);
  b.set(src, 0);
  b.set(dst, src.length);
  return b;
}

function flow(id: number): Flow {
  return {
    id, transport: 'udp', client: { ip: '', port: 0 }, server: { ip: '', port: 0 }, firstFrame: 1, lastFrame: 1,
    firstTs: 0, lastTs: 0, bytesUp: 0, bytesDown: 0, packets: 0, gapBytes: [0, 0],
  };
}

interface Key {
  proto: number;
  v6: boolean;
  a: number;
  b: number;
  pa: number;
  pb: number;
}

function keyBytes(k: Key): { bytes: Uint8Array; len: number } {
  const addr = (n: number): Uint8Array => {
    if (!k.v6) return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
    const b = new Uint8Array(16);
    b[0] = n >>> 24; // same first word as the IPv4 form, so only the length tells them apart
    b[1] = (n >>> 16) & 0xff;
    b[2] = (n >>> 8) & 0xff;
    b[3] = n & 0xff;
    b[15] = n & 0x0f;
    return b;
  };
  return { bytes: tuple(addr(k.a), addr(k.b)), len: k.v6 ? 16 : 4 };
}

/** A canonical text key of a tuple, either direction. */
function canonical(k: Key): string {
  const x = `${k.a}:${k.pa}`;
  const y = `${k.b}:${k.pb}`;
  return `${k.proto}/${k.v6 ? 6 : 4}/${x < y ? `${x}-${y}` : `${y}-${x}`}`;
}

describe('decode/conn-table', () => {
  it('finds a connection from both directions and sets dir', () => {
    const t = new ConnTable();
    const up = tuple(ipv4Bytes('10.0.0.1'), ipv4Bytes('93.184.216.34'));
    const down = tuple(ipv4Bytes('93.184.216.34'), ipv4Bytes('10.0.0.1'));
    assert.equal(t.find(6, up, 0, 4, 4, 40000, 443), null);
    const c = t.insert(flow(1), true, null, 6, up, 0, 4, 4, 40000, 443);
    assert.equal(t.find(6, up, 0, 4, 4, 40000, 443), c);
    assert.equal(t.dir, 0);
    assert.equal(t.find(6, down, 0, 4, 4, 443, 40000), c);
    assert.equal(t.dir, 1);
    assert.equal(t.find(17, up, 0, 4, 4, 40000, 443), null, 'another protocol');
    assert.equal(t.find(6, up, 0, 4, 4, 40001, 443), null, 'another port');
    assert.equal(t.find(6, up, 0, 4, 4, 443, 40000), null, 'ports swapped but not addresses');
  });

  it('a connection made from the server side keeps the client as the client', () => {
    const t = new ConnTable();
    const down = tuple(ipv4Bytes('93.184.216.34'), ipv4Bytes('10.0.0.1'));
    const c = t.insert(flow(1), false, null, 17, down, 0, 4, 4, 53, 5353);
    assert.equal(t.find(17, down, 0, 4, 4, 53, 5353), c);
    assert.equal(t.dir, 1);
    const up = tuple(ipv4Bytes('10.0.0.1'), ipv4Bytes('93.184.216.34'));
    assert.equal(t.find(17, up, 0, 4, 4, 5353, 53), c);
    assert.equal(t.dir, 0);
  });

  it('an IPv4 tuple and an IPv6 tuple with the same leading bytes and ports are different connections', () => {
    const t = new ConnTable();
    const v4 = tuple(ipv4Bytes('10.0.0.1'), ipv4Bytes('10.0.0.2'));
    const v6 = tuple(ipv6Bytes('a00:1::'), ipv6Bytes('a00:2::'));
    t.insert(flow(1), true, null, 17, v4, 0, 4, 4, 1000, 2000);
    assert.equal(t.find(17, v6, 0, 16, 16, 1000, 2000), null);
    const c6 = t.insert(flow(2), true, null, 17, v6, 0, 16, 16, 1000, 2000);
    assert.equal(t.find(17, v6, 0, 16, 16, 1000, 2000), c6);
    assert.equal(t.find(17, v4, 0, 4, 4, 1000, 2000)?.flow.id, 1);
  });

  it('IPv6 tuples that differ only in the last address words are different connections', () => {
    const t = new ConnTable();
    const x = tuple(ipv6Bytes('2001:db8::1'), ipv6Bytes('2001:db8::2'));
    const y = tuple(ipv6Bytes('2001:db8::1'), ipv6Bytes('2001:db8::3'));
    const cx = t.insert(flow(1), true, null, 6, x, 0, 16, 16, 1000, 443);
    assert.equal(t.find(6, y, 0, 16, 16, 1000, 443), null);
    const cy = t.insert(flow(2), true, null, 6, y, 0, 16, 16, 1000, 443);
    assert.equal(t.find(6, x, 0, 16, 16, 1000, 443), cx);
    assert.equal(t.find(6, y, 0, 16, 16, 1000, 443), cy);
    const yBack = tuple(ipv6Bytes('2001:db8::3'), ipv6Bytes('2001:db8::1'));
    assert.equal(t.find(6, yBack, 0, 16, 16, 443, 1000), cy);
    assert.equal(t.dir, 1);
    t.remove(cx);
    assert.equal(t.find(6, x, 0, 16, 16, 1000, 443), null);
    t.remove(cx); // twice: no-op
    assert.equal(t.find(6, y, 0, 16, 16, 1000, 443), cy);
  });

  it('behaves as a map keyed by the tuple, through growth and removals (model check)', () => {
    const key = fc.record({
      proto: fc.constantFrom(6, 17),
      v6: fc.boolean(),
      a: fc.constantFrom(0x0a000001, 0x0a000002, 0x5db8d822, 0),
      b: fc.constantFrom(0x0a000001, 0x08080808, 0x5db8d822),
      pa: fc.integer({ min: 0, max: 40 }),
      pb: fc.constantFrom(53, 443, 0, 65535),
    });
    const op = fc.tuple(fc.constantFrom('add', 'remove', 'find'), key, fc.boolean());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const t = new ConnTable();
        const model = new Map<string, { id: number; client: string }>();
        const conns = new Map<number, ReturnType<ConnTable['insert']>>();
        let nextId = 1;
        for (const [what, k, reversed] of ops) {
          const { bytes, len } = keyBytes(k);
          const [so, doff, sp, dp] = reversed ? [len, 0, k.pb, k.pa] : [0, len, k.pa, k.pb];
          const found = t.find(k.proto, bytes, so, doff, len, sp, dp);
          const m = model.get(canonical(k));
          assert.equal(found?.flow.id, m?.id);
          if (found && m) assert.equal(t.dir, m.client === `${reversed ? k.b : k.a}:${sp}` ? 0 : 1);
          if (what === 'add' && !m) {
            const c = t.insert(flow(nextId), true, null, k.proto, bytes, so, doff, len, sp, dp);
            conns.set(nextId, c);
            model.set(canonical(k), { id: nextId++, client: `${reversed ? k.b : k.a}:${sp}` });
          } else if (what === 'remove' && m) {
            t.remove(conns.get(m.id)!);
            model.delete(canonical(k));
          }
        }
        for (const [, m] of model) assert.ok(conns.has(m.id));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps thousands of connections findable after growing, and forgets removed ones', () => {
    const t = new ConnTable();
    const all = [];
    for (let i = 0; i < 5000; i++) {
      const b = tuple(Uint8Array.of(10, 0, i >> 8, i & 0xff), ipv4Bytes('203.0.113.7'));
      const c = t.insert(flow(i + 1), true, null, 6, b, 0, 4, 4, 1024 + (i % 7), 443);
      all.push({ b, c, port: 1024 + (i % 7) });
    }
    all.forEach(({ c }, i) => {
      if (i % 3 === 0) t.remove(c);
    });
    all.forEach(({ b, c, port }, i) => {
      assert.equal(t.find(6, b, 0, 4, 4, port, 443), i % 3 === 0 ? null : c);
    });
    t.clear();
    assert.equal(t.find(6, all[1].b, 0, 4, 4, all[1].port, 443), null);
  });

  it('flow table: the same ports over IPv4 and over IPv6 are two flows', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    const { sink } = run([
      udpRecord(1, { ip: '10.0.0.1', port: 1000 }, { ip: '10.0.0.2', port: 2000 }, enc('v4')),
      udpRecord(2, { ip: 'a00:1::', port: 1000 }, { ip: 'a00:2::', port: 2000 }, enc('v6')),
      udpRecord(3, { ip: '10.0.0.2', port: 2000 }, { ip: '10.0.0.1', port: 1000 }, enc('v4 back')),
    ]);
    assert.equal(sink.flows.length, 2);
    assert.deepEqual(sink.data.map((d) => [d.flow, d.dir]), [[1, 0], [2, 0], [1, 1]]);
  });
});
