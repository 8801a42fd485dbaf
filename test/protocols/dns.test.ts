import assert from 'node:assert/strict';
import { decodeDnsMessage, readName } from '../../src/protocols/dns-message.js';
import { dnsFactory } from '../../src/protocols/dns.js';
import { dnsOverTcp, dnsQuery, dnsResponse } from '../support/protocol-bytes.js';
import { drive, pieces, splitAt } from './harness.js';

const response = dnsResponse({
  id: 0x1234,
  name: 'www.example.com',
  type: 'A',
  answers: [
    { name: 'www.example.com', type: 'CNAME', data: 'edge.cdn.example.net', ttl: 60 },
    { name: 'edge.cdn.example.net', type: 'A', data: '192.0.2.7', ttl: 30 },
    { name: 'edge.cdn.example.net', type: 'AAAA', data: '2001:db8::7', ttl: 30 },
  ],
});
const expectedAnswers = [
  { name: 'www.example.com', type: 'CNAME', data: 'edge.cdn.example.net', ttl: 60 },
  { name: 'edge.cdn.example.net', type: 'A', data: '192.0.2.7', ttl: 30 },
  { name: 'edge.cdn.example.net', type: 'AAAA', data: '2001:db8::7', ttl: 30 },
];

describe('protocols/dns', () => {
  it('decodes a query over UDP', () => {
    const r = drive(dnsFactory, [{ dir: 0, data: dnsQuery({ id: 1, name: 'device.vendor.example', type: 'AAAA' }), frame: 4 }]);
    assert.deepEqual(r.events, [{ type: 'dns', frame: 4, name: 'device.vendor.example', qtype: 'AAAA', response: false, answers: [] }]);
    assert.deepEqual(r.weirds, []);
  });

  it('decodes a compressed response with CNAME, A and AAAA answers', () => {
    assert.ok(response.includes(0xc0), 'the builder compresses names');
    const r = drive(dnsFactory, [{ dir: 1, data: response, frame: 2 }]);
    assert.deepEqual(r.events, [{ type: 'dns', frame: 2, name: 'www.example.com', qtype: 'A', response: true, answers: expectedAnswers }]);
    assert.deepEqual(r.analyzer.encryption(), { encrypted: false, version: null });
  });

  it('names unknown types TYPEnn and leaves their data empty', () => {
    const m = decodeDnsMessage(dnsQuery({ id: 1, name: 'x.example', type: 'TYPE999' }));
    assert.equal(m.qtype, 'TYPE999');
    const q = decodeDnsMessage(dnsQuery({ id: 1, name: 'x.example', type: 'HTTPS' }));
    assert.equal(q.qtype, 'HTTPS');
  });

  it('reads DNS over TCP split at every byte, and two messages in one segment', () => {
    const stream = new Uint8Array([...dnsOverTcp(response), ...dnsOverTcp(response)]);
    const whole = drive(dnsFactory, [{ dir: 1, data: stream, frame: 1 }], { transport: 'tcp' });
    assert.equal(whole.events.length, 2);
    for (let at = 0; at <= stream.length; at++) {
      const r = drive(dnsFactory, pieces(1, splitAt(stream, at)), { transport: 'tcp' });
      assert.deepEqual(r.events, whole.events, `split at ${at}`);
      assert.deepEqual(r.weirds, []);
    }
  });

  it('never throws on truncation at every position, and flags it', () => {
    for (let at = 0; at < response.length; at++) {
      const r = drive(dnsFactory, [{ dir: 1, data: response.subarray(0, at) }]);
      assert.ok(r.weirds.length > 0, `truncated at ${at} gives a weird`);
      for (const e of r.events) assert.equal(e.type, 'dns');
    }
  });

  it('rejects a pointer loop and a forward pointer', () => {
    // Question name is a pointer to itself at offset 12.
    const self = new Uint8Array([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]);
    assert.deepEqual(readName(self, 12), { ok: false, weird: 'dns_bad_pointer' });
    // Two labels pointing at each other: 12 -> 16 is forward.
    const pair = new Uint8Array([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0xc0, 16, 1, 0x62, 0xc0, 12]);
    assert.deepEqual(readName(pair, 12), { ok: false, weird: 'dns_bad_pointer' });
    const r = drive(dnsFactory, [{ dir: 0, data: self }]);
    assert.deepEqual(r.weirds, ['dns_bad_pointer']);
    assert.deepEqual(r.events, []);
  });

  it('follows a chain of backward pointers', () => {
    // 12: "a" "b" 0 ; 17: "c" -> 14 ("b") ; 21: -> 17
    const b = new Uint8Array([...new Uint8Array(12), 1, 0x61, 1, 0x62, 0, 1, 0x63, 0xc0, 14, 0xc0, 17]);
    assert.deepEqual(readName(b, 21), { ok: true, name: 'c.b', next: 23 });
  });

  it('caps names at 255 bytes and rejects reserved label types', () => {
    const labels: number[] = [];
    for (let i = 0; i < 5; i++) labels.push(63, ...new Array(63).fill(0x61));
    const long = new Uint8Array([...new Uint8Array(12), ...labels, 0]);
    assert.deepEqual(readName(long, 12), { ok: false, weird: 'dns_name_too_long' });
    assert.deepEqual(readName(new Uint8Array([...new Uint8Array(12), 0x80, 0]), 12), { ok: false, weird: 'dns_bad_label_type' });
  });

  it('escapes dots and control bytes inside labels', () => {
    const b = new Uint8Array([...new Uint8Array(12), 3, 0x61, 0x2e, 0x01, 0]);
    assert.deepEqual(readName(b, 12), { ok: true, name: 'a\\.\\001', next: 17 });
  });

  it('sniffs only on DNS ports with a plausible header', () => {
    const q = dnsQuery({ id: 9, name: 'a.example', type: 'A' });
    const udp = (serverPort: number, data: Uint8Array) => dnsFactory.sniff(data, 0, { transport: 'udp', clientPort: 40000, serverPort });
    assert.equal(udp(53, q), true);
    assert.equal(udp(5353, q), true);
    assert.equal(udp(5355, q), true);
    assert.equal(udp(8053, q), false);
    assert.equal(udp(53, new Uint8Array(40).fill(0xff)), false);
    assert.equal(udp(53, q.subarray(0, 11)), false);
    assert.equal(dnsFactory.sniff(dnsOverTcp(q), 0, { transport: 'tcp', clientPort: 40000, serverPort: 53 }), true);
  });

  it('stops a TCP direction after a gap, with an uninspected event', () => {
    const r = drive(dnsFactory, [{ dir: 1, data: dnsOverTcp(response).subarray(0, 10) }, { dir: 1, gap: 20 }, { dir: 1, data: dnsOverTcp(response) }], { transport: 'tcp' });
    assert.deepEqual(r.events.map((e) => e.type), ['uninspected']);
    assert.deepEqual(r.weirds, ['dns_tcp_gap']);
  });
});
