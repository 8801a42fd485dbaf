import assert from 'node:assert/strict';
import { decodeIp, IpStatus, newIpResult } from '../../src/decode/ip.js';
import type { Weirds } from '../../src/decode/types.js';
import { concat, ethernet, ipPacket } from '../support/packets.js';
import { run } from './harness.js';
import { ahHeader, extHeader, udpSpec, withIpv4Options, withIpv6Extensions } from './ip-builders.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const v6udp = ipPacket(udpSpec('2001:db8::1', '2001:db8::2', enc('payload after extensions')));

function decode(ip: Uint8Array): { st: number; out: ReturnType<typeof newIpResult>; weirds: Weirds } {
  const out = newIpResult();
  const weirds: Weirds = new Map();
  const st = decodeIp(ip, 0, ip.length, out, weirds);
  return { st, out, weirds };
}

describe('decode/ip', () => {
  it('IPv4 header options are skipped', () => {
    const ip = withIpv4Options(ipPacket(udpSpec('10.0.0.1', '10.0.0.2', enc('opt'))), Uint8Array.of(1, 1, 1, 1, 0x94, 4, 0, 0));
    const { st, out, weirds } = decode(ip);
    assert.equal(st, IpStatus.PAYLOAD);
    assert.equal(out.payloadOffset, 28);
    assert.equal(out.proto, 17);
    assert.equal(weirds.size, 0);
    const { sink } = run([{ ts: 1, data: ethernet(ip) }]);
    assert.equal(sink.text(1, 0), 'opt');
  });

  it('Ethernet padding after a short packet is not payload (IPv4 total length bounds it)', () => {
    const ip = ipPacket({ ts: 1, src: '10.0.0.1', dst: '1.1.1.1', proto: 'tcp', srcPort: 1, dstPort: 2, seq: 1, flags: 0x18, payload: enc('ab') });
    const padded = concat([ethernet(ip), new Uint8Array(12).fill(0xee)]);
    const { sink, table } = run([{ ts: 1, data: padded }]);
    assert.equal(sink.text(1, 0), 'ab');
    assert.equal(table.weirds.size, 0);
  });

  it('a total length beyond the capture uses the captured bytes, with a weird', () => {
    const ip = ipPacket(udpSpec('10.0.0.1', '10.0.0.2', enc('abcdef')));
    ip[2] = 0x05; // claims 1280+ bytes
    const { st, out, weirds } = decode(ip);
    assert.equal(st, IpStatus.PAYLOAD);
    assert.equal(out.payloadLength, ip.length - 20);
    assert.equal(weirds.get('ip_total_length_exceeds_capture'), 1);
  });

  it('bad header lengths and truncation are weirds, not exceptions', () => {
    const ip = ipPacket(udpSpec('10.0.0.1', '10.0.0.2', enc('x')));
    const short = ip.slice();
    short[0] = 0x44;
    assert.equal(decode(short).weirds.get('bad_ip_header_length'), 1);
    const longHl = ip.slice(0, 24);
    longHl[0] = 0x4f;
    assert.equal(decode(longHl).weirds.get('truncated_ip_header'), 1);
    assert.equal(decode(ip.slice(0, 19)).weirds.get('truncated_ip_header'), 1);
    const tiny = ip.slice();
    tiny[2] = 0;
    tiny[3] = 10;
    assert.equal(decode(tiny).weirds.get('bad_ip_total_length'), 1);
    assert.equal(decode(v6udp.slice(0, 39)).weirds.get('truncated_ip_header'), 1);
    const v5 = ip.slice();
    v5[0] = 0x55;
    assert.equal(decode(v5).weirds.get('bad_ip_version'), 1);
  });

  it('IPv6 extension headers are walked: hop-by-hop, routing, destination options, AH', () => {
    const ip = withIpv6Extensions(v6udp, [extHeader(0), extHeader(43, 3), extHeader(60, 2), ahHeader()]);
    const { st, out, weirds } = decode(ip);
    assert.equal(st, IpStatus.PAYLOAD);
    assert.equal(out.proto, 17);
    assert.equal(out.payloadOffset, 40 + 8 + 24 + 16 + 24);
    assert.equal(weirds.size, 0);
    const { sink } = run([{ ts: 1, data: ethernet(ip) }]);
    assert.equal(sink.text(1, 0), 'payload after extensions');
  });

  it('an atomic fragment (offset 0, no more fragments) is a whole datagram', () => {
    const ip = withIpv6Extensions(v6udp, [{ type: 44, bytes: Uint8Array.of(0, 0, 0, 0, 1, 2, 3, 4) }]);
    const { st, out } = decode(ip);
    assert.equal(st, IpStatus.PAYLOAD);
    assert.equal(out.proto, 17);
  });

  it('ESP and No Next Header stop the walk', () => {
    const esp = v6udp.slice();
    esp[6] = 50;
    assert.equal(decode(esp).st, IpStatus.NO_PAYLOAD);
    const none = withIpv6Extensions(v6udp, [extHeader(60)]);
    none[40] = 59;
    assert.equal(decode(none).st, IpStatus.NO_PAYLOAD);
    const { sink } = run([{ ts: 1, data: ethernet(esp) }, { ts: 2, data: ethernet(none) }]);
    assert.equal(sink.flows.length, 0);
  });

  it('a truncated extension header is a weird', () => {
    const ip = withIpv6Extensions(v6udp, [extHeader(0), extHeader(60, 4)]);
    const cut = ip.slice(0, 40 + 8 + 10);
    const { st, weirds } = decode(cut);
    assert.equal(st, IpStatus.MALFORMED);
    assert.equal(weirds.get('truncated_ipv6_ext_header'), 1);
  });

  it('other IP protocols (ICMP, GRE) are skipped without a flow or weird', () => {
    const icmp = ipPacket(udpSpec('10.0.0.1', '10.0.0.2', enc('ping')));
    icmp[9] = 1;
    const gre = icmp.slice();
    gre[9] = 47;
    const { sink, table } = run([{ ts: 1, data: ethernet(icmp) }, { ts: 2, data: ethernet(gre) }]);
    assert.equal(sink.flows.length, 0);
    assert.equal(table.stats.ipPackets, 2);
    assert.equal(table.weirds.size, 0);
  });

  it('snapped packets: TCP bytes cut by the snap length become a gap, not a hole that holds data back', () => {
    const full = (seq: number, text: string): Uint8Array =>
      ethernet(ipPacket({ ts: 1, src: '10.0.0.1', dst: '1.1.1.1', proto: 'tcp', srcPort: 1, dstPort: 2, seq, flags: 0x18, payload: enc(text) }));
    const a = full(100, 'AAAAAAAAAA');
    const b = full(110, 'BBBBB');
    const snapped = { ts: 1, data: a.subarray(0, a.length - 4), origLen: a.length };
    const { sink, table } = run([snapped, { ts: 2, data: b }]);
    assert.equal(sink.text(1, 0), 'AAAAAABBBBB');
    assert.deepEqual(sink.gaps.map((g) => g.length), [4]);
    assert.equal(table.weirds.get('ip_total_length_exceeds_capture'), 1);
  });
});
