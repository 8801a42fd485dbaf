import assert from 'node:assert/strict';
import { ANALYZERS, selectAnalyzer } from '../../src/protocols/registry.js';
import type { AnalyzerFactory } from '../../src/protocols/types.js';
import {
  dhcpDiscover, dnsOverTcp, dnsQuery, dtlsClientHello, httpRequest, httpResponse, mqttConnect, ntpRequest, quicInitial, sshBanner,
  sslv2ClientHello, tlsClientHello, tlsServerHello,
} from '../support/protocol-bytes.js';

const pick = (data: Uint8Array, transport: 'tcp' | 'udp', serverPort: number, dir: 0 | 1 = 0, clientPort = 40000) =>
  selectAnalyzer(data, dir, { transport, clientPort, serverPort }).protocol;

describe('protocols/registry', () => {
  it('picks each analyzer by content on its usual port and elsewhere', () => {
    assert.equal(pick(tlsClientHello({ sni: 'a.example' }), 'tcp', 443), 'tls');
    assert.equal(pick(tlsClientHello({ sni: 'a.example' }), 'tcp', 80), 'tls');
    assert.equal(pick(tlsServerHello({ version: '1.2' }), 'tcp', 8443, 1), 'tls');
    assert.equal(pick(sslv2ClientHello('1.0'), 'tcp', 443), 'tls');
    assert.equal(pick(httpRequest({}), 'tcp', 443), 'http');
    assert.equal(pick(httpResponse({}), 'tcp', 7000, 1), 'http');
    assert.equal(pick(sshBanner(), 'tcp', 2222, 1), 'ssh');
    assert.equal(pick(mqttConnect('x'), 'tcp', 1883), 'mqtt');
    assert.equal(pick(dnsQuery({ id: 1, name: 'a.example', type: 'A' }), 'udp', 53), 'dns');
    assert.equal(pick(dnsOverTcp(dnsQuery({ id: 1, name: 'a.example', type: 'A' })), 'tcp', 53), 'dns');
    assert.equal(pick(ntpRequest(), 'udp', 123), 'ntp');
    assert.equal(pick(dhcpDiscover('02:00:00:00:00:09'), 'udp', 67, 0, 68), 'dhcp');
    assert.equal(pick(quicInitial(1), 'udp', 443), 'quic');
    assert.equal(pick(dtlsClientHello({ sni: 'a' }), 'udp', 5684), 'dtls');
  });

  it('does not trust ports alone', () => {
    assert.equal(pick(dnsQuery({ id: 1, name: 'a.example', type: 'A' }), 'udp', 5300), 'udp');
    assert.equal(pick(new TextEncoder().encode('hello there'), 'tcp', 443), 'tcp');
    assert.equal(pick(new Uint8Array(60), 'udp', 123), 'udp');
    assert.equal(pick(httpRequest({}), 'udp', 80), 'udp', 'HTTP is TCP only');
  });

  it('breaks ties by port, then by order', () => {
    const yes = (protocol: 'tls' | 'http', ports: number[]): AnalyzerFactory => ({
      protocol, transports: ['tcp'], ports, sniff: () => true, create: () => { throw new Error('not used'); },
    });
    const list = [yes('tls', [443]), yes('http', [80])];
    const ctx = (serverPort: number) => ({ transport: 'tcp' as const, clientPort: 40000, serverPort });
    assert.equal(selectAnalyzer(new Uint8Array(1), 0, ctx(80), list).protocol, 'http');
    assert.equal(selectAnalyzer(new Uint8Array(1), 0, ctx(443), list).protocol, 'tls');
    assert.equal(selectAnalyzer(new Uint8Array(1), 0, ctx(9), list).protocol, 'tls');
  });

  it('registers each protocol once', () => {
    const names = ANALYZERS.map((f) => f.protocol);
    assert.equal(new Set(names).size, names.length);
  });
});
