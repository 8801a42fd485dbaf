/** `leakspec init`'s pure parts: registrable domains, the model slug, and the rules planned from flows. */
import assert from 'node:assert/strict';
import type { CaptureAnalysis, FlowRecord } from '../../src/analysis/types.js';
import { capturePathFrom, modelSlug } from '../../src/cli/init-command.js';
import { registrableDomain } from '../../src/cli/init/registrable-domain.js';
import { planStarter } from '../../src/cli/init/starter-rules.js';

let nextId = 1;

function flow(over: Partial<FlowRecord>): FlowRecord {
  const id = nextId++;
  return {
    id, transport: 'tcp', client: { ip: '10.0.2.15', port: 40000 + id }, server: { ip: '95.216.1.1', port: 443 }, protocol: 'tls', encrypted: true,
    tls_version: '1.3', names: [], names_source: 'none', sni: null, http_host: null, country: 'FI', asn: null, as_org: null,
    first_frame: id, last_frame: id, first_ts: id, last_ts: id, bytes_up: 10, bytes_down: 10, packets: 2, has_payload: true, uninspected: [], findings: [],
    ...over,
  };
}

function analysis(flows: FlowRecord[]): CaptureAnalysis {
  return {
    capture: { file: '/x.pcapng', format: 'pcapng', sha256: '0'.repeat(64), packets: flows.length, bytes: 0, first_ts: 0, last_ts: 1 },
    flows, dns: [], tls: [], http: [], weirds: {}, geo_db: { name: 'test', build_date: '2026-01-01' }, errors: [], window: null,
  };
}

describe('leakspec init: starter rules', () => {
  it('finds the registrable domain under one- and two-label public suffixes', () => {
    const cases: Array<[string, string]> = [
      ['www.example.com', 'example.com'],
      ['example.com', 'example.com'],
      ['a.b.c.example.org.', 'example.org'],
      ['news.bbc.co.uk', 'bbc.co.uk'],
      ['zzhc.vnet.cn', 'vnet.cn'],
      ['api.vendor.com.cn', 'vendor.com.cn'],
      ['www.abc.net.au', 'abc.net.au'],
      ['www.service.gov.uk', 'service.gov.uk'],
      ['portal.sat.gob.mx', 'sat.gob.mx'],
      ['d111.cloudfront.net', 'd111.cloudfront.net'],
      ['my-app.appspot.com', 'my-app.appspot.com'],
      ['WWW.Example.DE', 'example.de'],
      ['shop.me.de', 'me.de'],
      ['localhost', 'localhost'],
    ];
    for (const [name, want] of cases) assert.equal(registrableDomain(name), want, name);
  });

  it('slugs model names and writes capture paths relative to the spec', () => {
    assert.equal(modelSlug('Nokia 7 Plus'), 'nokia-7-plus');
    assert.equal(modelSlug('  Café / TA-1046  '), 'cafe-ta-1046');
    assert.equal(modelSlug('***'), 'device');
    assert.equal(capturePathFrom('/w/specs/a.yaml', '/w/fixtures/b.pcap'), '../fixtures/b.pcap');
    assert.equal(capturePathFrom('/w/a.yaml', '/w/b.pcap'), 'b.pcap');
  });

  it('plans one rule per domain or address, with observed protocols and ports, transfers and plaintext', () => {
    const plan = planStarter(
      analysis([
        flow({ names: ['a.example.com'], names_source: 'sni' }),
        flow({ names: ['b.example.com'], names_source: 'sni', protocol: 'quic', transport: 'udp' }),
        flow({ names: ['example.com'], names_source: 'http', protocol: 'http', encrypted: false, server: { ip: '8.8.8.8', port: 80 }, country: 'US' }),
        flow({ names: [], server: { ip: '203.0.113.9', port: 8883 }, protocol: 'tcp', encrypted: 'opaque', country: 'unknown' }),
        flow({ names: [], server: { ip: '10.0.2.3', port: 53 }, protocol: 'dns', transport: 'udp', encrypted: false, country: 'LOCAL' }),
        flow({ names: ['pool.ntp.org'], server: { ip: '8.8.4.4', port: 123 }, protocol: 'ntp', transport: 'udp', encrypted: false, country: 'US' }),
        flow({ names: ['c.example.com'], server: { ip: '95.216.1.1', port: 443 }, protocol: 'tcp', has_payload: false }),
      ]),
    );
    assert.deepEqual(
      plan.rules.map((r) => [r.name, r.to, r.protocols, r.ports, r.transfer, r.plaintext.length > 0]),
      [
        ['example.com', ['*.example.com', 'example.com'], ['tls', 'quic', 'http'], [80, 443], ['US'], true],
        ['203.0.113.9', ['203.0.113.9'], ['tcp'], [8883], [], false],
        ['pool.ntp.org', ['pool.ntp.org'], ['ntp'], [123], ['US'], false],
      ],
    );
    assert.equal(plan.rules[2].infrastructure, true);
    assert.deepEqual(plan.rules[1].unknownCountry, ['203.0.113.9']);
    assert.deepEqual(plan.unknownServers, ['203.0.113.9']);
    assert.equal(plan.infrastructureAtHome, 1);
    assert.deepEqual(plan.addresses, ['10.0.2.15']);
  });

  it('gives a transfer to the rule that really admits a flow, when an earlier rule matches it first', () => {
    // flow 2 is grouped under its first name (cdn.example.net) but its second name matches the
    // rule written for flow 1, which comes first: that rule must carry flow 2's country
    const plan = planStarter(
      analysis([
        flow({ names: ['x.shared.org'], names_source: 'dns' }),
        flow({ names: ['cdn.example.net', 'x.shared.org'], names_source: 'dns', server: { ip: '8.8.8.8', port: 443 }, country: 'US' }),
      ]),
    );
    assert.deepEqual(plan.rules[0].to, ['x.shared.org']);
    assert.deepEqual(plan.rules[0].transfer, ['US']);
    assert.deepEqual(plan.rules[0].flows.length, 2);
  });

  it('names a server without an address (a HAR entry) by its name, and offers no override for it', () => {
    const plan = planStarter(analysis([flow({ client: { ip: '0.0.0.0', port: 0 }, server: { ip: '', port: 80 }, names: ['www.example.org'], names_source: 'http', protocol: 'http', encrypted: false, country: 'unknown' })]));
    assert.deepEqual(plan.rules.map((r) => [r.to, r.unknownCountry]), [[['www.example.org'], ['www.example.org']]]);
    assert.deepEqual(plan.unknownServers, ['www.example.org']);
    assert.deepEqual(plan.unknownAddresses, []);
    assert.deepEqual(plan.addresses, []);
  });

  it('does not declare a private address that is also a server, so no flow changes sides', () => {
    const plan = planStarter(
      analysis([
        flow({ client: { ip: '192.168.1.5', port: 5000 }, server: { ip: '192.168.1.1', port: 80 }, country: 'LOCAL', protocol: 'http', encrypted: false }),
        flow({ client: { ip: '192.168.1.1', port: 5001 }, server: { ip: '8.8.8.8', port: 443 }, country: 'US' }),
      ]),
    );
    assert.deepEqual(plan.addresses, ['192.168.1.5']);
  });
});
