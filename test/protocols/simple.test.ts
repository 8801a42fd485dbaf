import assert from 'node:assert/strict';
import { dhcpFactory } from '../../src/protocols/dhcp.js';
import { dtlsFactory } from '../../src/protocols/dtls.js';
import { mqttFactory } from '../../src/protocols/mqtt.js';
import { ntpFactory } from '../../src/protocols/ntp.js';
import { quicFactory } from '../../src/protocols/quic.js';
import { sshFactory } from '../../src/protocols/ssh.js';
import {
  dhcpDiscover, dnsQuery, dtlsClientHello, mqttConnect, ntpRequest, ntpResponse, quicInitial, sshBanner, tlsClientHello,
} from '../support/protocol-bytes.js';
import { ascii, drive, pieces, splitAt } from './harness.js';

const udp = (serverPort: number, clientPort = 40000) => ({ transport: 'udp' as const, clientPort, serverPort });
const tcp = (serverPort: number) => ({ transport: 'tcp' as const, clientPort: 40000, serverPort });

describe('protocols/ntp', () => {
  it('sniffs NTP on port 123 only, by header', () => {
    assert.equal(ntpFactory.sniff(ntpRequest(), 0, udp(123)), true);
    assert.equal(ntpFactory.sniff(ntpResponse(), 1, udp(50000, 123)), true);
    assert.equal(ntpFactory.sniff(ntpRequest(), 0, udp(1234)), false);
    assert.equal(ntpFactory.sniff(ntpRequest().subarray(0, 47), 0, udp(123)), false);
    const v0 = ntpRequest();
    v0[0] = 0x03; // version 0
    assert.equal(ntpFactory.sniff(v0, 0, udp(123)), false);
  });
  it('is cleartext and flags non-NTP datagrams', () => {
    const r = drive(ntpFactory, [{ dir: 0, data: ntpRequest() }, { dir: 1, data: ntpResponse() }, { dir: 1, data: new Uint8Array(3) }]);
    assert.deepEqual(r.weirds, ['ntp_bad_packet']);
    assert.deepEqual(r.analyzer.encryption(), { encrypted: false, version: null });
  });
});

describe('protocols/dhcp', () => {
  it('sniffs BOOTP with the magic cookie on 67/68', () => {
    const d = dhcpDiscover('02:11:22:33:44:55');
    assert.equal(dhcpFactory.sniff(d, 0, udp(67, 68)), true);
    assert.equal(dhcpFactory.sniff(d, 0, udp(6767)), false);
    const noCookie = d.slice();
    noCookie[236] = 0;
    assert.equal(dhcpFactory.sniff(noCookie, 0, udp(67, 68)), false);
  });
  it('flags a bad option chain', () => {
    const d = dhcpDiscover('02:11:22:33:44:55');
    const bad = d.slice(0, 243);
    bad[241] = 200; // option 53's length runs past the end
    const r = drive(dhcpFactory, [{ dir: 0, data: d }, { dir: 0, data: bad }]);
    assert.deepEqual(r.weirds, ['dhcp_bad_option']);
    assert.deepEqual(r.analyzer.encryption(), { encrypted: false, version: null });
  });
});

describe('protocols/ssh', () => {
  it('recognises the banner in either direction and is encrypted', () => {
    assert.equal(sshFactory.sniff(sshBanner(), 0, tcp(2222)), true);
    assert.equal(sshFactory.sniff(sshBanner('dropbear'), 1, tcp(22)), true);
    assert.equal(sshFactory.sniff(ascii('SSH-9.9'), 1, tcp(22)), false);
    assert.equal(sshFactory.sniff(ascii('GET / HTTP/1.1\r\n'), 0, tcp(22)), false);
    assert.deepEqual(drive(sshFactory, [{ dir: 1, data: sshBanner() }]).analyzer.encryption(), { encrypted: true, version: null });
  });
});

describe('protocols/dtls', () => {
  it('reads the ClientHello SNI and the record version', () => {
    const hello = dtlsClientHello({ sni: 'coap.vendor.example' });
    assert.equal(dtlsFactory.sniff(hello, 0, udp(5684)), true);
    assert.equal(dtlsFactory.sniff(tlsClientHello({}), 0, udp(443)), false);
    const r = drive(dtlsFactory, [{ dir: 0, data: hello, frame: 2 }, { dir: 0, data: hello, frame: 4 }]);
    assert.deepEqual(r.events, [{ type: 'tls-client-hello', frame: 2, sni: 'coap.vendor.example', alpn: [], version: '1.2' }]);
    assert.deepEqual(r.analyzer.encryption(), { encrypted: true, version: '1.2' });
    assert.deepEqual(r.weirds, []);
  });
  it('never throws on truncated records', () => {
    const hello = dtlsClientHello({ sni: 'x.example' });
    for (let at = 0; at < hello.length; at++) {
      const r = drive(dtlsFactory, [{ dir: 0, data: hello.subarray(0, at) }]);
      assert.deepEqual(r.events, []);
    }
  });
});

describe('protocols/quic', () => {
  it('sniffs v1 and v2 long headers on any port, not random bytes', () => {
    assert.equal(quicFactory.sniff(quicInitial(1), 0, udp(443)), true);
    assert.equal(quicFactory.sniff(quicInitial(2), 0, udp(8888)), true);
    const other = quicInitial(1);
    other[4] = 7; // version 7
    assert.equal(quicFactory.sniff(other, 0, udp(443)), false);
    assert.equal(quicFactory.sniff(dnsQuery({ id: 1, name: 'a.example', type: 'A' }), 0, udp(443)), false);
  });
  it('accepts short headers afterwards and is encrypted with version "quic"', () => {
    const short = Uint8Array.of(0x43, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    const r = drive(quicFactory, [{ dir: 0, data: quicInitial(1) }, { dir: 1, data: short }, { dir: 0, data: Uint8Array.of(0x00, 1) }]);
    assert.deepEqual(r.weirds, ['quic_decrypt_failed', 'quic_bad_header']); // the Initial's payload is random bytes
    assert.deepEqual(r.analyzer.encryption(), { encrypted: true, version: 'quic' });
  });
});

describe('protocols/mqtt', () => {
  it('sniffs CONNECT (MQTT and MQIsdp) and reads the client id across segments', () => {
    assert.equal(mqttFactory.sniff(mqttConnect('dev-1'), 0, tcp(1883)), true);
    assert.equal(mqttFactory.sniff(mqttConnect('dev-1', 'MQIsdp'), 0, tcp(9999)), true);
    assert.equal(mqttFactory.sniff(ascii('\x10\x05hello'), 0, tcp(1883)), false);
    const c = mqttConnect('imei-490154203237518');
    for (let at = 0; at <= c.length; at++) {
      const r = drive(mqttFactory, pieces(0, splitAt(c, at)));
      assert.equal((r.analyzer as unknown as { clientId: string | null }).clientId, 'imei-490154203237518', `split at ${at}`);
      assert.deepEqual(r.events, [{ type: 'mqtt', frame: 1, dir: 0, packet: 'CONNECT', level: 4, clientId: 'imei-490154203237518' }]);
      assert.deepEqual(r.analyzer.encryption(), { encrypted: false, version: null });
    }
  });
});
