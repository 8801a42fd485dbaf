import assert from 'node:assert/strict';
import { wiresharkFilter } from '../../src/policy/evidence.js';
import { check, finding, flow, rule, zzhcFlow } from './factories.js';

describe('policy: evidence', () => {
  describe('wiresharkFilter', () => {
    it('writes the IPv4/TCP filter of the flow', () => {
      assert.equal(
        wiresharkFilter(zzhcFlow()),
        'ip.addr == 10.0.2.15 && ip.addr == 202.97.1.1 && tcp.port == 51234 && tcp.port == 80',
      );
    });

    it('uses udp.port for UDP', () => {
      const f = flow({ transport: 'udp', protocol: 'quic', client: { ip: '10.0.2.15', port: 40001 }, server: { ip: '142.250.74.3', port: 443 } });
      assert.equal(wiresharkFilter(f), 'ip.addr == 10.0.2.15 && ip.addr == 142.250.74.3 && udp.port == 40001 && udp.port == 443');
    });

    it('uses ipv6.addr for IPv6, over TCP and UDP', () => {
      const tcp = flow({ client: { ip: 'fec0::15', port: 41000 }, server: { ip: '2a00:1450:4010::5e', port: 443 } });
      assert.equal(wiresharkFilter(tcp), 'ipv6.addr == fec0::15 && ipv6.addr == 2a00:1450:4010::5e && tcp.port == 41000 && tcp.port == 443');
      const udp = flow({ transport: 'udp', client: { ip: 'fec0::15', port: 5353 }, server: { ip: 'ff02::fb', port: 5353 } });
      assert.equal(wiresharkFilter(udp), 'ipv6.addr == fec0::15 && ipv6.addr == ff02::fb && udp.port == 5353 && udp.port == 5353');
    });

    it('is empty for a HAR capture, which has no packets', () => {
      assert.equal(wiresharkFilter(zzhcFlow(), 'har'), '');
    });
  });

  describe('failure text', () => {
    const f = zzhcFlow({
      id: 7,
      first_frame: 12,
      last_frame: 40,
      findings: [
        finding({ form: 'base64', frame: 14, where: 'http-body', context: 'imei=NDkw\u0000...NTE4' }),
        finding({ identifier: 'iccid', category: 'subscriber-id', form: 'raw', frame: 15, direction: 'up' }),
      ],
    });
    const allow = [rule({ name: 'China Telecom activation', to: ['zzhc.vnet.cn'], protocols: ['http'], loc: { file: '/specs/nokia-7-plus.yaml', line: 22, col: 5 } })];

    it('fills every field of the evidence', () => {
      const r = check('no-plaintext', [f], { allow });
      const e = r.offenders[0];
      assert.equal(e.capture, '/fixtures/first-boot.pcapng');
      assert.equal(e.flow, 7);
      assert.deepEqual(e.names, ['zzhc.vnet.cn']);
      assert.deepEqual(e.server, { ip: '202.97.1.1', port: 80 });
      assert.deepEqual(e.client, { ip: '10.0.2.15', port: 51234 });
      assert.equal(e.country, 'CN');
      assert.equal(e.asn, 4134);
      assert.equal(e.as_org, 'CHINANET-BACKBONE');
      assert.equal(e.protocol, 'http');
      assert.equal(e.encrypted, false);
      assert.deepEqual([e.first_frame, e.last_frame], [12, 40]);
      assert.equal(e.findings.length, 2);
      assert.deepEqual(e.rule, { name: 'China Telecom activation', loc: { file: '/specs/nokia-7-plus.yaml', line: 22, col: 5 } });
      assert.equal(e.filter, 'ip.addr == 10.0.2.15 && ip.addr == 202.97.1.1 && tcp.port == 51234 && tcp.port == 80');
      assert.equal(e.reason.includes('\n'), false);
    });

    it('writes every required piece into the message', () => {
      const r = check('no-plaintext', [f], { allow });
      const pieces = [
        'flow 7 in /fixtures/first-boot.pcapng: zzhc.vnet.cn',
        '202.97.1.1:80',
        'CN (China)',
        'AS4134 CHINANET-BACKBONE',
        'http, unencrypted',
        'frames: 12–40',
        'imei (device-id) as base64, frame 14, up, in http-body "imei=NDkw\\u0000...NTE4"',
        'iccid (subscriber-id) as raw, frame 15, up',
        'rule: China Telecom activation (/specs/nokia-7-plus.yaml:22)',
        'filter: ip.addr == 10.0.2.15 && ip.addr == 202.97.1.1 && tcp.port == 51234 && tcp.port == 80',
        'scenario: first boot activation at /specs/nokia-7-plus.yaml:30',
      ];
      for (const p of pieces) assert.ok(r.message.includes(p), `message holds ${JSON.stringify(p)}:\n${r.message}`);
      assert.ok(r.message.trimEnd().endsWith('scenario: first boot activation at /specs/nokia-7-plus.yaml:30'));
    });

    it('says "no allow rule" when none matched', () => {
      const r = check('allowed-flows-only', [f]);
      assert.match(r.message, /rule: no allow rule/);
    });

    it('shows control characters from the capture as escapes, keeping one line per field', () => {
      const hostile = zzhcFlow({ names: ['evil\r\nX-Injected: 1'], as_org: 'Org\u0007' });
      const r = check('allowed-flows-only', [hostile]);
      assert.ok(r.message.includes('evil\\x0d\\x0aX-Injected: 1'));
      assert.ok(r.message.includes('Org\\x07'));
      assert.equal(r.summary.includes('\n'), false);
    });

    it('summarises distinct flows on one line and counts the rest', () => {
      const flows = [
        zzhcFlow({ findings: [] }),
        zzhcFlow({ findings: [] }),
        zzhcFlow({ names: ['a.cn'], findings: [] }),
        zzhcFlow({ names: ['b.cn'], findings: [] }),
        zzhcFlow({ names: ['c.cn'], findings: [] }),
      ];
      const r = check('no-plaintext', flows);
      assert.equal(
        r.summary,
        '5 flows send plaintext: zzhc.vnet.cn (202.97.1.1:80, CN), a.cn (202.97.1.1:80, CN), b.cn (202.97.1.1:80, CN), and 1 more',
      );
    });

    it('uses the server address for a flow without names, bracketed for IPv6', () => {
      const r = check('allowed-flows-only', [flow({ names: [], server: { ip: '2001:db8::1', port: 443 }, country: 'US' })]);
      assert.equal(r.summary, '1 flow matches no allow rule: 2001:db8::1 ([2001:db8::1]:443, US)');
    });
  });
});
