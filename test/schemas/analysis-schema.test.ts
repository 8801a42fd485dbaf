/**
 * schema/analysis.schema.json documents every field of the analysis
 * (`inspect --json`, report.json's `analyses`): real output validates, and a
 * field that is not in the schema (say, one added without documentation) fails.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeCapture } from '../../src/analysis/index.js';
import type { CaptureAnalysis } from '../../src/analysis/types.js';
import { LeakspecError } from '../../src/errors.js';
import { openGeo } from '../../src/geo/index.js';
import { leakspec } from '../e2e/cli.js';
import { repoRoot, requireCorpus } from '../support/paths.js';
import { assertValid, describeErrors, loadSchema, validators } from './validators.js';

const FIXTURES = join(repoRoot, 'fixtures', 'nokia-7-plus');

/** Every place in a schema that declares a property, with its path. */
function declaredProperties(node: unknown, path: string, out: Array<{ path: string; schema: Record<string, unknown> }>): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => declaredProperties(n, `${path}/${i}`, out));
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (obj.properties && typeof obj.properties === 'object') {
    for (const [k, v] of Object.entries(obj.properties as Record<string, unknown>)) out.push({ path: `${path}/properties/${k}`, schema: v as Record<string, unknown> });
  }
  for (const [k, v] of Object.entries(obj)) declaredProperties(v, `${path}/${k}`, out);
}

/** A HAR capture's analysis as the capture stage describes it: one flow per entry, client 0.0.0.0, frames = entry indexes. */
function harAnalysis(): unknown {
  return {
    capture: { file: '/tmp/session.har', format: 'har', sha256: 'a'.repeat(64), packets: 2, bytes: 4096, first_ts: 1767225600.1, last_ts: 1767225601.5 },
    flows: [
      {
        id: 1, transport: 'tcp', client: { ip: '0.0.0.0', port: 0 }, server: { ip: '202.97.34.18', port: 80 },
        protocol: 'http', encrypted: false, tls_version: null, names: ['zzhc.vnet.cn'], names_source: 'http', sni: null, http_host: 'zzhc.vnet.cn',
        country: 'CN', asn: 4134, as_org: 'Chinanet', first_frame: 1, last_frame: 1, first_ts: 1767225600.1, last_ts: 1767225600.3,
        bytes_up: 508, bytes_down: 187, packets: 1, has_payload: true, uninspected: [],
        findings: [
          { identifier: 'imei', category: 'device-id', form: 'base64', frame: 1, direction: 'up', offset: 12, length: 20, where: 'har-url', context: '…[****7518]…' },
          { identifier: 'undeclared:email', category: 'contact', form: 'raw', frame: 1, direction: 'up', offset: 0, length: 17, where: 'har-request-body' },
        ],
      },
      {
        id: 2, transport: 'tcp', client: { ip: '0.0.0.0', port: 0 }, server: { ip: '52.49.117.41', port: 443 },
        protocol: 'tls', encrypted: true, tls_version: null, names: ['device-activation.hmdglobal.com'], names_source: 'http', sni: null,
        http_host: 'device-activation.hmdglobal.com', country: 'IE', asn: 16509, as_org: 'Amazon.com, Inc.', first_frame: 2, last_frame: 2,
        first_ts: 1767225601.2, last_ts: 1767225601.5, bytes_up: 300, bytes_down: 900, packets: 1, has_payload: true, uninspected: [], findings: [],
      },
    ],
    dns: [],
    tls: [],
    http: [
      { frame: 1, flow: 1, method: 'POST', host: 'zzhc.vnet.cn', path: '/zzhc/v1/activate', status: 200 },
      { frame: 2, flow: 2, method: 'GET', host: 'device-activation.hmdglobal.com', path: '/v1/check', status: 204 },
    ],
    weirds: {},
    geo_db: { name: '@ip-location-db/geo-whois-asn-country-mmdb 2.3.2026061719', build_date: '2026-06-17' },
    errors: [],
    window: null,
  };
}

describe('schema/analysis.schema.json', () => {
  it('is a valid draft-07 schema for strict ajv, and describes every property it declares', () => {
    const { analysis } = validators();
    assert.equal(typeof analysis, 'function');
    for (const name of ['analysis', 'report'] as const) {
      const props: Array<{ path: string; schema: Record<string, unknown> }> = [];
      declaredProperties(loadSchema(name), '', props);
      assert.ok(props.length > 40, `${name}: only ${props.length} properties found`);
      const undocumented = props.filter((p) => typeof p.schema.description !== 'string' || (p.schema.description as string).length < 3).map((p) => p.path);
      assert.deepEqual(undocumented, [], `${name}.schema.json: properties without a description`);
    }
  });

  it('validates `inspect --json` of both bundled fixtures, with and without a spec', function () {
    this.timeout(60_000);
    const runs = [
      ['inspect', join(FIXTURES, 'first-boot-00WW_3_22C.pcapng'), '--json', '--spec', join(repoRoot, 'specs', 'nokia-7-plus.yaml')],
      ['inspect', join(FIXTURES, 'first-boot-00WW_3_22D.pcapng'), '--json'],
    ];
    let findings = 0;
    for (const args of runs) {
      const r = leakspec(args);
      assert.equal(r.code, 0, r.stderr);
      const analysis = JSON.parse(r.stdout) as CaptureAnalysis;
      assertValid('analysis', analysis, args[1]);
      assert.ok(analysis.flows.length > 10);
      findings += analysis.flows.reduce((n, f) => n + f.findings.length, 0);
    }
    assert.ok(findings >= 3, 'the leaky build with its spec has findings (with context) to validate');
  });

  it('validates the analysis of a HAR capture (format har, client 0.0.0.0, frames = entry indexes, har-* `where`)', () => {
    const validate = validators().analysis;
    assert.ok(validate(harAnalysis()), describeErrors(validate.errors));
  });

  it('rejects a field it does not document, at every level, and a value of the wrong shape', () => {
    const validate = validators().analysis;
    const cases: Array<[string, (a: Record<string, any>) => void, string]> = [
      ['top level', (a) => (a.extra = 1), 'extra'],
      ['capture', (a) => (a.capture.interfaces = []), 'interfaces'],
      ['flow', (a) => (a.flows[0].ja3 = 'abc'), 'ja3'],
      ['finding', (a) => (a.flows[0].findings[0].value = '490154203237518'), 'value'],
      ['endpoint', (a) => (a.flows[0].server.host = 'x'), 'host'],
      ['http entry', (a) => (a.http[0].headers = {}), 'headers'],
      ['geo_db', (a) => (a.geo_db.license = 'CC0'), 'license'],
    ];
    for (const [where, mutate, field] of cases) {
      const a = harAnalysis() as Record<string, any>;
      mutate(a);
      assert.equal(validate(a), false, `an undocumented field in ${where} passed`);
      assert.ok(validate.errors?.some((e) => e.keyword === 'additionalProperties' && (e.params as { additionalProperty: string }).additionalProperty === field), describeErrors(validate.errors));
    }
    const wrong: Array<(a: Record<string, any>) => void> = [
      (a) => (a.flows[0].encrypted = 'yes'),
      (a) => (a.flows[0].country = 'China'),
      (a) => (a.flows[0].protocol = 'ftp'),
      (a) => (a.capture.sha256 = 'xyz'),
      (a) => (a.capture.sha256 = 'A'.repeat(64)),
      (a) => (a.weirds.BadName = 1),
      (a) => delete a.flows[0].names_source,
    ];
    for (const mutate of wrong) {
      const a = harAnalysis() as Record<string, any>;
      mutate(a);
      assert.equal(validate(a), false, `accepted: ${mutate.toString()}`);
    }
  });

  describe('on the corpus', () => {
    let corpus = '';
    before(function () {
      corpus = requireCorpus(this);
    });

    const files = [
      'pcap/zeek/wikipedia.pcap',
      'pcap/zeek/http/get.pcap',
      'pcap/zeek/http/pipelined-requests.pcap',
      'pcap/zeek/tls/tls1.2.pcap',
      'pcap/zeek/tls/dtls1_2.pcap',
      'pcap/zeek/dns/mdns.pcap',
      'pcap/zeek/mqtt.pcap',
      'pcap/zeek/ipv6-fragmented-dns.pcap',
      'pcap/zeek/linux_dlt_sll2.pcap',
      'pcap/tcpdump/quic_handshake.pcap',
      'pcap/tcpdump/nflog.pcap',
      'pcap/ndpi/iphone.pcap',
      'pcap/ndpi/instagram.pcap',
      'pcap/tcpdump/empty.pcap',
      'malformed/tcpdump/ppp_ip_udp_dns.pcap',
      'malformed/ndpi/fuzz-2021-10-13.pcap',
      'har/mitmproxy/chrome.har',
      'har/pcap2har/http.pcap.har',
    ];
    for (const file of files) {
      it(`validates the analysis of ${file}`, function () {
        let analysis: CaptureAnalysis;
        try {
          analysis = analyzeCapture(join(corpus, file), { identifiers: [], deviceAddresses: [], geo: openGeo() });
        } catch (e) {
          if (file.endsWith('.har') && e instanceof LeakspecError && e.code === 'LS_NOT_IMPLEMENTED') {
            process.stdout.write('      (skipped: HAR input is not built in this tree)\n');
            this.skip();
          }
          throw e;
        }
        assertValid('analysis', JSON.parse(JSON.stringify(analysis)), file);
      });
    }

    it('validates `inspect --json` from the CLI on a corpus capture with many flows', () => {
      const r = leakspec(['inspect', join(corpus, 'pcap/zeek/workshop_2011_browse.pcap'), '--json']);
      assert.equal(r.code, 0, r.stderr);
      const analysis = JSON.parse(r.stdout) as CaptureAnalysis;
      assert.ok(analysis.flows.length >= 5 && analysis.http.length > 0);
      assertValid('analysis', analysis, 'workshop_2011_browse.pcap');
    });
  });
});
