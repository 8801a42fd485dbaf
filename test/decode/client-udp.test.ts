import assert from 'node:assert/strict';
import { udpRecord } from '../support/packets.js';
import { run, seg, TCP } from './harness.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dev = { ip: '10.0.2.15', port: 41000 };
const pub = { ip: '203.0.113.7', port: 443 };
const pub2 = { ip: '198.51.100.9', port: 7000 };
const lan = { ip: '192.168.0.1', port: 53 };

describe('decode/flow-table: client side', () => {
  it('an address in deviceAddresses is the client, whoever sent first', () => {
    const { sink } = run([seg(1, pub, dev, 5, TCP.ACK | TCP.PSH, 'x', 9)], { deviceAddresses: ['10.0.2.15'] });
    assert.deepEqual(sink.flows[0].client, dev);
    assert.equal(sink.data[0].dir, 1);
  });

  it('device addresses are compared in canonical form (IPv6)', () => {
    const d6 = { ip: '2001:db8::15', port: 5000 };
    const p6 = { ip: '2001:db8:1::1', port: 443 };
    const { sink } = run([seg(1, p6, d6, 5, TCP.SYN)], { deviceAddresses: ['2001:DB8:0:0::15'] });
    assert.deepEqual(sink.flows[0].client, d6);
  });

  it('the sender of a SYN is the client, even when public', () => {
    const { sink } = run([seg(1, pub, dev, 5, TCP.SYN)]);
    assert.deepEqual(sink.flows[0].client, pub);
  });

  it('the receiver of a SYN+ACK seen first is the client', () => {
    const { sink } = run([seg(1, pub2, pub, 5, TCP.SYN | TCP.ACK, undefined, 10)]);
    assert.deepEqual(sink.flows[0].client, pub);
  });

  it('without a SYN, the end with a private address is the client', () => {
    const { sink } = run([udpRecord(1, pub, dev, enc('reply'))]);
    assert.deepEqual(sink.flows[0].client, dev);
    assert.deepEqual(sink.flows[0].server, pub);
    assert.equal(sink.flows[0].bytesDown, 5);
  });

  it('when both or neither end is private, the first sender is the client', () => {
    const { sink } = run([udpRecord(1, lan, dev, enc('a')), udpRecord(2, pub, pub2, enc('b'))]);
    assert.deepEqual(sink.flows[0].client, lan);
    assert.deepEqual(sink.flows[1].client, pub);
  });

  it('a SYN seen later in a flow that began mid-stream does not swap the sides', () => {
    const recs = [
      seg(1, dev, pub, 700, TCP.ACK | TCP.PSH, 'data', 5000),
      seg(2, pub, dev, 4999, TCP.SYN),
    ];
    const { sink } = run(recs);
    assert.equal(sink.flows.length, 1, 'no packet came from that side before: same connection');
    assert.deepEqual(sink.flows[0].client, dev);
    assert.equal(sink.flows[0].packets, 2);
  });

  it('a SYN with another sequence number than the first seen from that side starts a new flow', () => {
    const recs = [
      seg(1, pub, dev, 5000, TCP.ACK | TCP.PSH, 'data', 700),
      seg(2, pub, dev, 4999, TCP.SYN),
    ];
    const { sink } = run(recs);
    assert.equal(sink.flows.length, 2);
    assert.deepEqual(sink.flows[0].client, dev);
    assert.deepEqual(sink.flows[1].client, pub);
  });
});

describe('decode/flow-table: UDP', () => {
  it('one flow per 5-tuple, both directions, each datagram delivered', () => {
    const recs = [udpRecord(1, dev, lan, enc('query')), udpRecord(1.01, lan, dev, enc('answer')), udpRecord(1.02, dev, lan, enc('q2'))];
    const { sink, table } = run(recs);
    assert.equal(sink.flows.length, 1);
    assert.deepEqual(sink.data.map((d) => [d.dir, d.frame]), [[0, 1], [1, 2], [0, 3]]);
    assert.equal(sink.flows[0].bytesUp, 7);
    assert.equal(sink.flows[0].bytesDown, 6);
    assert.equal(sink.flows[0].packets, 3);
    assert.equal(table.stats.flows, 1);
  });

  it('a silence of more than 120 s starts a new flow; the old one ends first', () => {
    const recs = [udpRecord(0, dev, pub, enc('a')), udpRecord(100, dev, pub, enc('b')), udpRecord(220, dev, pub, enc('c')), udpRecord(340.5, dev, pub, enc('d'))];
    const { sink } = run(recs);
    assert.equal(sink.flows.length, 2);
    assert.deepEqual([sink.flows[0].firstFrame, sink.flows[0].lastFrame], [1, 3]);
    assert.deepEqual([sink.flows[1].firstFrame, sink.flows[1].lastFrame], [4, 4]);
    assert.deepEqual(sink.log, ['start:1', 'data:1:0', 'data:1:0', 'data:1:0', 'end:1', 'start:2', 'data:2:0', 'end:2']);
  });

  it('idle UDP flows are ended while the capture goes on (memory bounded by open flows)', () => {
    const recs = [udpRecord(0, dev, pub, enc('a')), udpRecord(200, dev, pub2, enc('b'))];
    const sinkRun = run(recs);
    assert.deepEqual(sinkRun.sink.log, ['start:1', 'data:1:0', 'end:1', 'start:2', 'data:2:0', 'end:2']);
  });

  it('UDP length 0 or beyond the capture uses the captured bytes, with a weird', () => {
    const r = udpRecord(1, dev, pub, enc('abcd'));
    const zero = r.data.slice();
    zero[14 + 20 + 4] = 0;
    zero[14 + 20 + 5] = 0;
    const big = r.data.slice();
    big[14 + 20 + 4] = 0x10;
    const { sink, table } = run([{ ts: 1, data: zero }, { ts: 2, data: big }]);
    assert.equal(sink.text(1, 0), 'abcdabcd');
    assert.equal(table.weirds.get('udp_length_zero'), 1);
    assert.equal(table.weirds.get('udp_length_exceeds_capture'), 1);
  });

  it('a UDP length shorter than the IP payload bounds the datagram', () => {
    const r = udpRecord(1, dev, pub, enc('abcd'));
    const short = r.data.slice();
    short[14 + 20 + 5] = 10;
    const { sink } = run([{ ts: 1, data: short }]);
    assert.equal(sink.text(1, 0), 'ab');
  });
});
