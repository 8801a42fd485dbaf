import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createFlowTable } from '../../src/decode/flow-table.js';
import { concat, ethernet, ipPacket, TcpSession } from '../support/packets.js';
import { RecordingSink } from './harness.js';
import { extHeader, fragmentV4, fragmentV6, pattern, udpSpec, withIpv4Options, withIpv6Extensions } from './ip-builders.js';

const tcp4 = ipPacket({ ts: 1, src: '10.0.0.1', dst: '1.2.3.4', proto: 'tcp', srcPort: 4000, dstPort: 80, seq: 7, flags: 0x18, payload: pattern(60) });
const tcp6 = withIpv6Extensions(
  ipPacket({ ts: 1, src: 'fd00::1', dst: '2001:db8::1', proto: 'tcp', srcPort: 4000, dstPort: 443, seq: 7, flags: 0x02, payload: pattern(20) }),
  [extHeader(0), extHeader(60, 2)],
);
const udp4opts = withIpv4Options(ipPacket(udpSpec('10.0.0.1', '10.0.0.2', pattern(30))), new Uint8Array(8).fill(1));

/** Real frames of every link type the decoder knows. */
const samples: { linkType: number; data: Uint8Array }[] = [
  { linkType: 1, data: ethernet(tcp4) },
  { linkType: 1, data: ethernet(tcp6) },
  { linkType: 1, data: concat([new Uint8Array(12), Uint8Array.of(0x81, 0, 0, 1, 0x88, 0x47, 0, 1, 1, 64), udp4opts]) },
  { linkType: 113, data: concat([new Uint8Array(14), Uint8Array.of(0x86, 0xdd), tcp6]) },
  { linkType: 276, data: concat([Uint8Array.of(0x08, 0), new Uint8Array(18), tcp4]) },
  { linkType: 101, data: tcp6 },
  { linkType: 228, data: tcp4 },
  { linkType: 0, data: concat([Uint8Array.of(30, 0, 0, 0), tcp6]) },
  { linkType: 108, data: concat([Uint8Array.of(0, 0, 0, 2), tcp4]) },
  { linkType: 9, data: concat([Uint8Array.of(0xff, 3, 0, 0x21), tcp4]) },
  { linkType: 239, data: concat([Uint8Array.of(2, 0, 0, 0, (tcp4.length + 4) & 0xff, (tcp4.length + 4) >> 8, 9, 0), tcp4]) },
  { linkType: 258, data: concat([Uint8Array.of(12, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0), ethernet(tcp4)]) },
  ...fragmentV4(ipPacket(udpSpec('10.0.0.1', '10.0.0.2', pattern(100))), 48).map((f) => ({ linkType: 101, data: f })),
  ...fragmentV6(ipPacket(udpSpec('fd00::1', 'fd00::2', pattern(100))), 48).map((f) => ({ linkType: 101, data: f })),
];

function feed(frames: { linkType: number; data: Uint8Array; ts?: number; origLen?: number }[]): RecordingSink {
  const sink = new RecordingSink();
  const table = createFlowTable(sink, { maxBufferedPerDirection: 64 });
  frames.forEach((f, i) =>
    table.push({ index: i + 1, ts: f.ts ?? i, linkType: f.linkType, data: f.data, origLen: f.origLen ?? f.data.length }));
  table.finish();
  return sink;
}

describe('decode: malformed input never throws', () => {
  it('every sample decodes whole', () => {
    const whole = samples.slice(0, 12);
    for (const s of whole) assert.equal(feed([s]).data.length, 1, `link type ${s.linkType}`);
    const frags = samples.slice(12);
    const sink = feed(frags);
    assert.deepEqual(sink.data.map((d) => d.bytes), [pattern(100), pattern(100)]);
  });

  it('every byte cut of every sample frame (never throws, never calls back for an ended flow)', () => {
    for (const s of samples) {
      const frames = [];
      for (let cut = 0; cut <= s.data.length; cut++) frames.push({ linkType: s.linkType, data: s.data.slice(0, cut), origLen: s.data.length });
      feed(frames);
      // Each cut alone too, so no state from a longer cut helps.
      for (let cut = 0; cut <= s.data.length; cut++) feed([{ linkType: s.linkType, data: s.data.subarray(0, cut) }]);
    }
  });

  it('a cut frame is a weird or a shorter payload, never a wrong one', () => {
    const full = ethernet(tcp4);
    for (let cut = 0; cut < full.length; cut++) {
      const sink = feed([{ linkType: 1, data: full.slice(0, cut), origLen: full.length }]);
      const got = sink.stream(1, 0);
      assert.deepEqual(got, pattern(60).subarray(0, got.length));
    }
  });

  it('random single-byte mutations and random link types', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            sample: fc.nat(samples.length - 1),
            at: fc.nat(),
            value: fc.integer({ min: 0, max: 255 }),
            cut: fc.nat(),
            linkType: fc.option(fc.constantFrom(0, 1, 9, 12, 101, 108, 113, 228, 229, 239, 258, 276, 105), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (muts) => {
          const frames = muts.map((m) => {
            const s = samples[m.sample];
            const data = s.data.slice(0, s.data.length - (m.cut % 8));
            if (data.length) data[m.at % data.length] = m.value;
            return { linkType: m.linkType ?? s.linkType, data };
          });
          feed(frames);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('random bytes under every link type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 9, 12, 50, 101, 108, 113, 228, 229, 239, 258, 276),
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }),
        (linkType, blobs) => {
          feed(blobs.map((data) => ({ linkType, data })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random TCP segments on one tuple (seq, flags, payload) never break the callback contract', () => {
    const C = { ip: '10.0.0.1', port: 1234 };
    const S = { ip: '1.1.1.1', port: 80 };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            fromClient: fc.boolean(),
            seq: fc.integer({ min: 0, max: 0xffffffff }),
            ack: fc.integer({ min: 0, max: 0xffffffff }),
            flags: fc.integer({ min: 0, max: 0x3f }),
            len: fc.nat(100),
            dt: fc.integer({ min: -5, max: 300 }),
          }),
          { maxLength: 40 },
        ),
        (segs) => {
          let ts = 0;
          const frames = segs.map((g) => {
            ts += g.dt;
            const [a, b] = g.fromClient ? [C, S] : [S, C];
            const data = ethernet(ipPacket({ ts, src: a.ip, dst: b.ip, proto: 'tcp', srcPort: a.port, dstPort: b.port, seq: g.seq, ack: g.ack, flags: g.flags, payload: pattern(g.len) }));
            return { linkType: 1, data, ts };
          });
          const sink = feed(frames);
          for (const f of sink.flows) assert.ok(sink.ended.includes(f.id), `flow ${f.id} ended`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a long session through a small buffer cap still delivers everything in order', () => {
    const text = 'y'.repeat(20000);
    const s = new TcpSession({ ip: '10.0.0.1', port: 1 }, { ip: '1.1.1.1', port: 2 }, { ts: 0 }).handshake().send(false, text).close();
    const sink = feed(s.records.map((r) => ({ linkType: 1, data: r.data, ts: r.ts })));
    assert.equal(sink.text(1, 1), text);
  });
});
