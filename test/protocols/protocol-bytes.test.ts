import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TcpSession, mergeByTime, udpRecord, writePcap } from '../support/packets.js';
import { tempDir } from '../support/paths.js';
import * as P from '../support/protocol-bytes.js';

function hasTshark(): boolean {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The test builders dissect as intended in tshark (an independent oracle). */
describe('test/support/protocol-bytes under tshark', function () {
  let pcap = '';
  const f = (filter: string, ...names: string[]): string[][] =>
    execFileSync('tshark', ['-r', pcap, '-d', 'udp.port==4433,dtls', '-Y', filter, '-T', 'fields', ...names.flatMap((n) => ['-e', n])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n').filter((l) => l).map((l) => l.split('\t'));

  before(function () {
    if (!hasTshark()) {
      process.stdout.write('      (skipped: tshark is not installed)\n');
      this.skip();
    }
    const c = { ip: '10.0.0.2', port: 40000 };
    const s = { ip: '192.0.2.10', port: 443 };
    const tls = new TcpSession(c, s, { ts: 1 }).handshake()
      .send(true, P.tlsClientHello({ sni: 'api.vendor.example', alpn: ['h2', 'http/1.1'] }))
      .send(false, P.tlsServerHello({ version: '1.3' }))
      .send(false, P.tlsApplicationData(3000)).close();
    const http = new TcpSession({ ip: '10.0.0.2', port: 40001 }, { ip: '192.0.2.11', port: 80 }, { ts: 2 }).handshake()
      .send(true, P.httpRequest({ method: 'POST', target: '/boot', headers: [['Host', 'zzhc.vnet.cn'], ['Content-Length', '5']], body: 'hello' }))
      .send(false, P.httpResponse({ headers: [['Transfer-Encoding', 'chunked']], body: P.chunked('hello world', 4) })).close();
    const mqtt = new TcpSession({ ip: '10.0.0.2', port: 40002 }, { ip: '192.0.2.12', port: 1883 }, { ts: 3 }).handshake().send(true, P.mqttConnect('dev-42')).close();
    const dnsC = { ip: '10.0.0.2', port: 53000 };
    const dnsS = { ip: '192.0.2.53', port: 53 };
    const records = mergeByTime(tls.records, http.records, mqtt.records, [
      udpRecord(4, dnsC, dnsS, P.dnsQuery({ id: 0x1234, name: 'www.example.com', type: 'A' })),
      udpRecord(4.1, dnsS, dnsC, P.dnsResponse({ id: 0x1234, name: 'www.example.com', type: 'A', answers: [
        { name: 'www.example.com', type: 'CNAME', data: 'edge.cdn.example.net', ttl: 60 },
        { name: 'edge.cdn.example.net', type: 'A', data: '192.0.2.7', ttl: 30 },
        { name: 'edge.cdn.example.net', type: 'AAAA', data: '2001:db8::7', ttl: 30 },
      ] })),
      udpRecord(5, { ip: '10.0.0.2', port: 123 }, { ip: '192.0.2.1', port: 123 }, P.ntpRequest()),
      udpRecord(6, { ip: '0.0.0.0', port: 68 }, { ip: '255.255.255.255', port: 67 }, P.dhcpDiscover('02:11:22:33:44:55')),
      udpRecord(7, { ip: '10.0.0.2', port: 50000 }, { ip: '192.0.2.9', port: 443 }, P.quicInitial(1)),
      udpRecord(8, { ip: '10.0.0.2', port: 50001 }, { ip: '192.0.2.9', port: 4433 }, P.dtlsClientHello({ sni: 'dtls.example' })),
    ]);
    pcap = join(tempDir(), 'builders.pcap');
    writeFileSync(pcap, writePcap(records));
  });

  it('TLS ClientHello and ServerHello', () => {
    assert.deepEqual(f('tls.handshake.type == 1', 'tls.handshake.extensions_server_name', 'tls.handshake.extensions_alpn_str', 'tls.handshake.extensions.supported_version'), [['api.vendor.example', 'h2,http/1.1', '0x3a3a,0x0304,0x0303']]);
    assert.deepEqual(f('tls.handshake.type == 2', 'tls.handshake.extensions.supported_version'), [['0x0304']]);
    // TLS 1.3 names the outer content type of protected records opaque_type.
    assert.equal(f('tls.record.opaque_type == 23', 'frame.number').length, 1);
  });

  it('HTTP request and chunked response', () => {
    assert.deepEqual(f('http.request', 'http.request.method', 'http.host', 'http.file_data'), [['POST', 'zzhc.vnet.cn', 'hello']]);
    assert.deepEqual(f('http.response', 'http.response.code', 'http.file_data'), [['200', 'hello world']]);
  });

  it('DNS query and compressed response', () => {
    assert.deepEqual(f('dns.flags.response == 1', 'dns.qry.name', 'dns.cname', 'dns.a', 'dns.aaaa'), [['www.example.com', 'edge.cdn.example.net', '192.0.2.7', '2001:db8::7']]);
    assert.equal(f('dns && _ws.malformed', 'frame.number').length, 0);
  });

  it('NTP, DHCP, QUIC, DTLS and MQTT', () => {
    assert.deepEqual(f('ntp', 'ntp.flags.vn', 'ntp.flags.mode'), [['4', '3']]);
    // chaddr and the client-identifier option both carry the MAC.
    assert.deepEqual(f('dhcp', 'dhcp.option.dhcp', 'dhcp.hw.mac_addr'), [['1', '02:11:22:33:44:55,02:11:22:33:44:55']]);
    assert.deepEqual(f('quic', 'quic.version'), [['0x00000001']]);
    assert.deepEqual(f('dtls', 'dtls.handshake.extensions_server_name'), [['dtls.example']]);
    assert.deepEqual(f('mqtt', 'mqtt.clientid'), [['dev-42']]);
    assert.equal(f('_ws.malformed || _ws.expert.severity >= "warning" && !quic', 'frame.number').length, 0);
  });
});
