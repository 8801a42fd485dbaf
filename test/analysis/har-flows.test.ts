/**
 * HAR entries as flows: protocol and encryption from the URL scheme, server
 * address and port, names, the http/tls tables, the capture summary,
 * windows, empty files and parts not stored.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { HAR_CLIENT_PLACEHOLDER, analyzeHar } from '../../src/analysis/index.js';
import { ErrorCodes } from '../../src/errors.js';
import { openGeo } from '../../src/geo/index.js';
import { repoRoot } from '../support/paths.js';
import { IMEI_DECL, analyze, entry, headers, onlyFlow, writeHar } from './har-helpers.js';

/** Addresses the embedded database places (as test/e2e/captures.ts uses them). */
const CN = '202.97.1.1';
const FI = '95.216.1.1';

describe('analysis: HAR entries as flows', () => {
  it('an https entry is an encrypted tls flow, an http entry an unencrypted http flow; one flow per entry', () => {
    const a = analyze(
      writeHar([
        entry('https://Activation.Example.com/v1?x=1', { extra: { serverIPAddress: FI } }),
        entry('http://zzhc.vnet.cn:8080/zzhc/v1/activate', { req: { method: 'POST' }, extra: { serverIPAddress: CN } }),
      ]),
    );
    assert.equal(a.capture.format, 'har');
    assert.equal(a.capture.packets, 2);
    assert.deepEqual(a.dns, []);
    const [tls, http] = a.flows;
    assert.deepEqual(
      [tls.id, tls.transport, tls.protocol, tls.encrypted, tls.tls_version, tls.server, tls.names, tls.names_source, tls.sni, tls.http_host],
      [1, 'tcp', 'tls', true, null, { ip: FI, port: 443 }, ['activation.example.com'], 'sni', 'activation.example.com', 'activation.example.com'],
    );
    assert.deepEqual([tls.first_frame, tls.last_frame, tls.country], [1, 1, 'FI']);
    assert.deepEqual(
      [http.id, http.protocol, http.encrypted, http.server, http.names, http.names_source, http.sni, http.http_host, http.country, http.asn],
      [2, 'http', false, { ip: CN, port: 8080 }, ['zzhc.vnet.cn'], 'http', null, 'zzhc.vnet.cn', 'CN', 4134],
    );
    assert.deepEqual(http.client, { ip: HAR_CLIENT_PLACEHOLDER, port: 0 });
    assert.ok(http.has_payload);
    assert.deepEqual(a.tls, [{ frame: 1, flow: 1, sni: 'activation.example.com', alpn: [], version: 'unknown' }]);
    assert.deepEqual(a.http, [
      { frame: 1, flow: 1, method: 'GET', host: 'activation.example.com', path: '/v1?x=1', status: 200 },
      { frame: 2, flow: 2, method: 'POST', host: 'zzhc.vnet.cn', path: '/zzhc/v1/activate', status: 200 },
    ]);
  });

  it('the client is the first device address when the spec gives one', () => {
    const a = analyze(writeHar([entry('https://a.example/')]), { deviceAddresses: ['10.0.2.15', '10.0.2.16'] });
    assert.deepEqual(onlyFlow(a).client, { ip: '10.0.2.15', port: 0 });
  });

  it('finds the server address: own (IPv6 brackets stripped), same host elsewhere in the file, IP literal, or none', () => {
    const a = analyze(
      writeHar([
        entry('https://v6.example/', { extra: { serverIPAddress: '[2001:db8::1]' } }),
        entry('https://cdn.example/a'),
        entry('https://cdn.example/b', { extra: { serverIPAddress: FI } }),
        entry('https://cdn.example/c', { extra: { serverIPAddress: 'not-an-ip' } }),
        entry(`http://${CN}/x`),
        entry('https://nowhere.example/'),
      ]),
    );
    assert.deepEqual(
      a.flows.map((f) => [f.id, f.server.ip, f.country]),
      [
        [1, '2001:db8::1', 'unknown'],
        [2, FI, 'FI'],
        [3, FI, 'FI'],
        [4, FI, 'FI'],
        [5, CN, 'CN'],
        [6, '', 'unknown'],
      ],
    );
    assert.equal(a.weirds.har_bad_server_address, 1);
    assert.equal(a.flows[4].sni, null);
  });

  it('ws:// and wss:// follow http and https; browser-internal URLs are no flows; other schemes are unencrypted tcp', () => {
    const a = analyze(
      writeHar([
        entry('wss://push.example/s'),
        entry('ws://push.example:9000/s'),
        entry('data:image/png;base64,AAAA'),
        entry('ftp://files.example/x'),
        entry('not a url'),
      ]),
    );
    assert.deepEqual(
      a.flows.map((f) => [f.id, f.protocol, f.encrypted, f.server.port]),
      [
        [1, 'tls', true, 443],
        [2, 'http', false, 9000],
        [4, 'tcp', false, 0],
        [5, 'tcp', false, 0],
      ],
    );
    assert.equal(a.capture.packets, 5);
    assert.equal(a.weirds.har_entry_not_network, 1);
    assert.equal(a.weirds.har_bad_url, 1);
    assert.equal(a.weirds.har_unknown_url_scheme, 1);
  });

  it('tolerates a null response (pcap2har -k) and unknown sizes; counts known sizes and WebSocket data', () => {
    const a = analyze(
      writeHar([
        entry('http://a.example/', { res: null, req: { headersSize: 100, bodySize: -1 } }),
        entry('https://b.example/', {
          req: { headersSize: 200, bodySize: 10, postData: { mimeType: 'text/plain', text: '0123456789' } },
          res: { headersSize: 300, bodySize: -1, content: { size: 1234, text: 'x'.repeat(1234) } },
          extra: { _webSocketMessages: [{ type: 'send', opcode: 1, data: 'abc' }, { type: 'receive', opcode: 1, data: 'de' }] },
        }),
      ]),
    );
    assert.deepEqual(
      a.flows.map((f) => [f.bytes_up, f.bytes_down, f.packets]),
      [
        [100, 0, 1],
        [213, 1536, 1],
      ],
    );
    assert.equal(a.http[0].status, null);
    assert.deepEqual(a.errors, []);
  });

  it('a body the HAR did not store leaves the flow uninspected (but not for HEAD, 204 or 304)', () => {
    const a = analyze(
      writeHar([
        entry('http://a.example/', { res: { bodySize: 500, content: { size: 500, mimeType: 'text/html' } } }),
        entry('http://a.example/up', { req: { method: 'POST', bodySize: 83 } }),
        entry('http://a.example/h', { req: { method: 'HEAD' }, res: { bodySize: -1, content: { size: 500 } } }),
        entry('http://a.example/n', { res: { status: 304, content: { size: 500 } } }),
      ]),
    );
    assert.deepEqual(
      a.flows.map((f) => f.uninspected),
      [['response body of 500 bytes not stored in the HAR (entry 1)'], ['request body of 83 bytes not stored in the HAR (entry 2)'], [], []],
    );
  });

  it('a body that decodes to more than the cap leaves the flow uninspected', () => {
    const big = Buffer.alloc(17 * 1024 * 1024, 0x41);
    const text = gzipSync(big).toString('base64');
    const flow = onlyFlow(
      analyze(writeHar([entry('http://a.example/', { res: { headers: headers(['Content-Encoding', 'gzip']), content: { size: big.length, text, encoding: 'base64' } } })])),
    );
    assert.equal(flow.uninspected.length, 1);
    assert.match(flow.uninspected[0], /over the 16 MiB cap.*entry 1/);
  });

  it('an empty entries list is LS_CAPTURE_EMPTY, like a pcap without packets', () => {
    const a = analyze(writeHar([]));
    assert.deepEqual(
      a.errors.map((e) => e.code),
      [ErrorCodes.CAPTURE_EMPTY],
    );
    assert.match(a.errors[0].message, /no entries/);
    assert.deepEqual(a.flows, []);
  });

  it('a window selects entries by startedDateTime from the earliest; an empty window is LS_CAPTURE_EMPTY', () => {
    const path = writeHar([
      entry('https://late.example/', { at: '2024-05-01T10:00:30.000Z' }),
      entry('https://first.example/', { at: '2024-05-01T10:00:00.000Z' }),
      entry('https://mid.example/', { at: '2024-05-01T10:00:10.000Z' }),
    ]);
    const a = analyze(path, { window: { from: 5, to: 40 } });
    assert.deepEqual(
      a.flows.map((f) => f.names[0]),
      ['late.example', 'mid.example'],
    );
    assert.deepEqual(a.window, { from: 5, to: 40 });
    const none = analyze(path, { window: { from: 100, to: 200 } });
    assert.deepEqual(
      none.errors.map((e) => e.code),
      [ErrorCodes.CAPTURE_EMPTY],
    );
  });

  it('analyzeHar and analyzeCapture give the same analysis', () => {
    const path = writeHar([entry('https://a.example/?imei=490154203237518')]);
    const direct = analyzeHar(path, { identifiers: [IMEI_DECL], geo: openGeo({}) });
    assert.deepEqual(analyze(path), direct);
    assert.equal(direct.flows[0].findings.length, 1);
  });

  it('the bundled fixtures analyse to the hosts and addresses their exporters recorded', () => {
    const dir = join(repoRoot, 'test', 'fixtures', 'har');
    const charles = onlyFlow(analyze(join(dir, 'charles.har')));
    assert.deepEqual([charles.names, charles.server, charles.protocol], [['mitmproxy.org'], { ip: '13.35.121.50', port: 443 }, 'tls']);
    const insomnia = onlyFlow(analyze(join(dir, 'insomnia.har')));
    assert.deepEqual([insomnia.names, insomnia.server.ip, insomnia.country, insomnia.protocol, insomnia.encrypted], [['mitm.it'], '', 'unknown', 'http', false]);
    const bom = onlyFlow(analyze(join(dir, 'with-bom.har')));
    assert.equal(bom.names[0], 'signal-metrics-collector-beta.s-onetag.com');
  });
});
