import assert from 'node:assert/strict';
import { TcpSession } from '../support/packets.js';
import { C, run, S, seg, TCP } from './harness.js';
import { pattern } from './ip-builders.js';

const A = TCP.ACK;
const PA = TCP.ACK | TCP.PSH;

describe('decode/flow-table: TCP', () => {
  it('an in-order connection: handshake, data both ways (several segments), close', () => {
    const big = 'x'.repeat(5000);
    const s = new TcpSession(C, S, { ts: 10 }).handshake().send(true, 'GET / HTTP/1.1\r\n\r\n').send(false, big).close();
    const { sink, table } = run(s.records);
    assert.equal(sink.flows.length, 1);
    const f = sink.flows[0];
    assert.deepEqual([f.client, f.server], [C, S]);
    assert.equal(sink.text(1, 0), 'GET / HTTP/1.1\r\n\r\n');
    assert.equal(sink.text(1, 1), big);
    assert.equal(f.bytesUp, 18);
    assert.equal(f.bytesDown, 5000);
    assert.equal(f.packets, s.records.length, 'the last ACK after both FINs still counts');
    assert.equal(f.firstFrame, 1);
    assert.equal(f.lastFrame, s.records.length);
    assert.equal(f.firstTs, 10);
    assert.deepEqual(f.gapBytes, [0, 0]);
    assert.deepEqual(sink.gaps, []);
    assert.deepEqual(sink.ended, [1]);
    assert.equal(sink.log[0], 'start:1');
    assert.equal(table.stats.flows, 1);
    assert.equal(table.weirds.size, 0);
  });

  it('out-of-order segments are buffered and delivered in order, with the frame that completed them', () => {
    const recs = [
      seg(1, C, S, 100, TCP.SYN),
      seg(1.1, S, C, 900, TCP.SYN | A, undefined, 101),
      seg(1.2, C, S, 111, PA, 'CCCCC'),
      seg(1.3, C, S, 106, PA, 'BBBBB'),
      seg(1.4, C, S, 101, PA, 'AAAAA'),
    ];
    const { sink } = run(recs);
    assert.equal(sink.text(1, 0), 'AAAAABBBBBCCCCC');
    assert.deepEqual(sink.data.map((d) => d.frame), [5, 5, 5]);
    assert.equal(sink.flows[0].bytesUp, 15);
  });

  it('retransmissions are delivered once and counted once', () => {
    const recs = [
      seg(1, C, S, 100, TCP.SYN),
      seg(1.1, C, S, 101, PA, 'hello '),
      seg(1.2, C, S, 101, PA, 'hello '),
      seg(1.3, C, S, 107, PA, 'world'),
      seg(1.4, C, S, 104, PA, 'lo wor'),
    ];
    const { sink, table } = run(recs);
    assert.equal(sink.text(1, 0), 'hello world');
    assert.equal(sink.flows[0].bytesUp, 11);
    assert.equal(sink.flows[0].packets, 5);
    assert.equal(table.weirds.get('tcp_overlap_mismatch'), undefined);
  });

  it('an overlap with different bytes keeps the first copy and counts tcp_overlap_mismatch', () => {
    const recs = [
      seg(1, C, S, 100, TCP.SYN),
      seg(1.1, C, S, 106, PA, 'BBBBB'),
      seg(1.2, C, S, 104, PA, 'XXevil!!'),
      seg(1.3, C, S, 101, PA, 'AAAAA'),
    ];
    const { sink, table } = run(recs);
    assert.equal(sink.text(1, 0), 'AAAXXBBBBB!');
    assert.equal(table.weirds.get('tcp_overlap_mismatch'), 2, 'XXevil!! over BBBBB, then AAAAA over XX');
  });

  it('a missing segment is a gap of the right length; data after it is delivered', () => {
    const recs = [
      seg(1, C, S, 100, TCP.SYN),
      seg(1.1, S, C, 900, TCP.SYN | A, undefined, 101),
      seg(1.2, C, S, 101, PA, 'AAAAA', 901),
      // 106..115 lost
      seg(1.3, C, S, 116, PA, 'CCCCC', 901),
      seg(1.4, C, S, 121, TCP.FIN | A, undefined, 901),
      seg(1.5, S, C, 901, TCP.FIN | A, undefined, 122),
      seg(1.6, C, S, 122, A, undefined, 902),
    ];
    const { sink, table } = run(recs);
    assert.deepEqual(sink.gaps, [{ flow: 1, dir: 0, length: 10, frame: 6 }]);
    assert.deepEqual(sink.data.map((d) => new TextDecoder().decode(d.bytes)), ['AAAAA', 'CCCCC']);
    assert.deepEqual(sink.log, ['start:1', 'data:1:0', 'gap:1:0', 'data:1:0', 'end:1']);
    assert.deepEqual(sink.flows[0].gapBytes, [10, 0]);
    assert.equal(sink.flows[0].bytesUp, 20);
    assert.equal(sink.flows[0].packets, 7);
    assert.equal(table.weirds.get('tcp_gap'), 1);
  });

  it('a hole still open at the end of the capture is reported by finish()', () => {
    const recs = [seg(1, C, S, 100, TCP.SYN), seg(1.2, C, S, 111, PA, 'late')];
    const { sink } = run(recs);
    assert.deepEqual(sink.gaps.map((g) => [g.dir, g.length]), [[0, 10]]);
    assert.equal(sink.text(1, 0), 'late');
    assert.deepEqual(sink.ended, [1]);
  });

  it('data acknowledged but never captured is a gap at the end (fail closed)', () => {
    const recs = [
      seg(1, C, S, 100, TCP.SYN),
      seg(1.1, S, C, 900, TCP.SYN | A, undefined, 101),
      seg(1.2, C, S, 101, PA, 'AAAAA', 901),
      seg(1.3, S, C, 901, A, undefined, 120),
    ];
    const { sink } = run(recs);
    assert.deepEqual(sink.gaps.map((g) => [g.dir, g.length]), [[0, 14]]);
  });

  it('data before a FIN that was never captured is a gap at close', () => {
    const recs = [
      seg(1, C, S, 100, TCP.SYN),
      seg(1.2, C, S, 101, PA, 'AAAAA'),
      seg(1.3, C, S, 110, TCP.FIN | A, undefined, 901),
      seg(1.4, S, C, 901, TCP.FIN | A, undefined, 111),
    ];
    const { sink } = run(recs);
    assert.deepEqual(sink.gaps.map((g) => [g.dir, g.length]), [[0, 4]]);
  });

  it('the 32-bit sequence number wraps', () => {
    const isn = 0xffffffff - 7;
    const data = pattern(40);
    const at = (o: number): number => (isn + 1 + o) >>> 0;
    const recs = [
      seg(1, C, S, isn, TCP.SYN),
      seg(1.1, C, S, at(20), PA, data.subarray(20, 40)),
      seg(1.2, C, S, at(0), PA, data.subarray(0, 10)),
      seg(1.3, C, S, at(10), PA, data.subarray(10, 20)),
    ];
    const { sink } = run(recs);
    assert.deepEqual(sink.stream(1, 0), data);
    assert.deepEqual(sink.gaps, []);
  });

  it('a connection seen from mid-stream starts at the first sequence number seen', () => {
    const recs = [
      seg(1, S, C, 5000, PA, 'response body', 777),
      seg(1.1, C, S, 777, PA, 'next request', 5013),
    ];
    const { sink } = run(recs);
    const f = sink.flows[0];
    assert.deepEqual([f.client, f.server], [C, S], 'the private end is the client');
    assert.equal(sink.text(1, 1), 'response body');
    assert.equal(sink.text(1, 0), 'next request');
  });

  it('TCP Fast Open: payload carried by the SYN is delivered', () => {
    const recs = [seg(1, C, S, 100, TCP.SYN, 'early'), seg(1.1, C, S, 106, PA, ' data')];
    const { sink } = run(recs);
    assert.equal(sink.text(1, 0), 'early data');
  });

  it('a new connection after FIN both ways on the same tuple is a new flow', () => {
    const s1 = new TcpSession(C, S, { ts: 1, clientIsn: 100 }).handshake().send(true, 'first').close();
    const s2 = new TcpSession(C, S, { ts: 5, clientIsn: 90000 }).handshake().send(true, 'second').close();
    const { sink, table } = run([...s1.records, ...s2.records]);
    assert.equal(sink.flows.length, 2);
    assert.equal(sink.text(1, 0), 'first');
    assert.equal(sink.text(2, 0), 'second');
    assert.equal(sink.flows[0].packets, s1.records.length);
    assert.equal(sink.flows[1].firstFrame, s1.records.length + 1);
    assert.deepEqual(sink.ended, [1, 2]);
    assert.equal(table.stats.flows, 2);
  });

  it('a SYN with another ISN on an open tuple starts a new flow; a SYN retransmission does not', () => {
    const recs = [
      seg(1, C, S, 100, TCP.SYN),
      seg(2, C, S, 100, TCP.SYN),
      seg(3, C, S, 101, PA, 'one'),
      seg(4, C, S, 7000, TCP.SYN),
      seg(5, C, S, 7001, PA, 'two'),
    ];
    const { sink } = run(recs);
    assert.equal(sink.flows.length, 2);
    assert.equal(sink.text(1, 0), 'one');
    assert.equal(sink.text(2, 0), 'two');
    assert.equal(sink.flows[0].packets, 3);
    assert.deepEqual(sink.log.slice(0, 4), ['start:1', 'data:1:0', 'end:1', 'start:2']);
  });

  it('RST closes the flow; later data without SYN counts to it as tcp_data_after_close', () => {
    const recs = [
      seg(1, C, S, 100, TCP.SYN),
      seg(1.1, C, S, 101, PA, 'abc'),
      seg(1.2, S, C, 900, TCP.RST | A, undefined, 104),
      seg(1.3, C, S, 104, PA, 'zzz'),
    ];
    const { sink, table } = run(recs);
    assert.equal(sink.flows.length, 1);
    assert.equal(sink.text(1, 0), 'abc');
    assert.equal(sink.flows[0].packets, 4);
    assert.equal(sink.flows[0].lastFrame, 4);
    assert.equal(table.weirds.get('tcp_data_after_close'), 1);
  });

  it('beyond maxBufferedPerDirection the oldest hole becomes a gap', () => {
    const recs = [
      seg(1, C, S, 100, TCP.SYN),
      seg(1.1, C, S, 111, PA, 'BBBBB'),
      seg(1.2, C, S, 121, PA, 'DDDDD'),
      seg(1.3, C, S, 131, PA, 'FFFFF'),
    ];
    const { sink } = run(recs, { maxBufferedPerDirection: 12 });
    assert.deepEqual(sink.gaps.map((g) => [g.length, g.frame]), [[10, 4], [5, 4], [5, 4]]);
    assert.equal(sink.text(1, 0), 'BBBBBDDDDDFFFFF');
  });

  it('finish() ends open flows in flow id order', () => {
    const D = { ip: '10.0.0.9', port: 5555 };
    const recs = [
      seg(1, C, S, 100, TCP.SYN),
      seg(2, D, S, 100, TCP.SYN),
      seg(3, C, S, 101, PA, 'x'),
    ];
    const { sink } = run(recs);
    assert.deepEqual(sink.ended, [1, 2]);
  });
});
