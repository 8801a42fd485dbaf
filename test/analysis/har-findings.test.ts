/**
 * Identifiers in every part of a HAR entry: URL, headers, bodies (text,
 * params, base64, gzip behind base64) and WebSocket messages, each found
 * with its `where`, direction and form. Encoded values are made with
 * Node's Buffer and zlib, not with leakspec's matcher.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { Finding } from '../../src/analysis/types.js';
import { IMEI, analyze, entry, headers, onlyFlow, writeHar } from './har-helpers.js';

const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64');

function imeiFindings(url: string, opts: Parameters<typeof entry>[1]): Finding[] {
  const flow = onlyFlow(analyze(writeHar([entry(url, opts)])));
  return flow.findings.filter((f) => f.identifier === 'imei');
}

function assertOne(findings: Finding[], want: Partial<Finding>): void {
  assert.equal(findings.length, 1, JSON.stringify(findings));
  for (const [k, v] of Object.entries(want)) assert.equal(findings[0][k as keyof Finding], v, `${k}: ${JSON.stringify(findings[0])}`);
}

describe('analysis: HAR identifier search', () => {
  it('finds an IMEI in the query string (har-url, up)', () => {
    const f = imeiFindings(`https://api.example.com/v1/activate?imei=${IMEI}&x=1`, {});
    assertOne(f, { where: 'har-url', direction: 'up', form: 'raw', frame: 1 });
    assert.ok(f[0].context?.includes('[***********7518]'), f[0].context);
    assert.ok(!f[0].context?.includes(IMEI), 'the context masks the value');
  });

  it('finds a URL-encoded IMEI in the query string', () => {
    const encoded = encodeURIComponent(`{"imei":"${IMEI}"}`);
    const f = imeiFindings(`https://api.example.com/v1/a?d=${encoded}`, {});
    assert.ok(f.length >= 1, 'found');
    assert.ok(f.every((x) => x.where === 'har-url' && x.direction === 'up'));
  });

  it('finds an IMEI in a request header (har-request-header, up)', () => {
    const f = imeiFindings('https://api.example.com/v1/ping', { req: { headers: headers(['Host', 'api.example.com'], ['X-Device-Id', IMEI]) } });
    assertOne(f, { where: 'har-request-header', direction: 'up', form: 'raw' });
  });

  it('finds an IMEI in a request cookie listed only in `cookies`', () => {
    const f = imeiFindings('https://api.example.com/', { req: { cookies: [{ name: 'did', value: IMEI }] } });
    assertOne(f, { where: 'har-request-header', direction: 'up' });
  });

  it('finds an IMEI in a JSON post body (har-request-body, up)', () => {
    const body = JSON.stringify({ device: { imei: IMEI }, model: 'TA-1046' });
    const f = imeiFindings('http://zzhc.vnet.cn/zzhc/v1/activate', {
      req: { method: 'POST', bodySize: body.length, postData: { mimeType: 'application/json', text: body } },
    });
    assertOne(f, { where: 'har-request-body', direction: 'up', form: 'raw' });
  });

  it('finds a base64-wrapped IMEI in a post body as base64, and one in form params', () => {
    const body = b64(JSON.stringify({ imei: IMEI }));
    assertOne(imeiFindings('http://a.example/', { req: { method: 'POST', postData: { mimeType: 'text/plain', text: body } } }), {
      where: 'har-request-body',
      form: 'base64',
    });
    const params = [{ name: 'imei', value: IMEI }];
    assertOne(imeiFindings('http://a.example/', { req: { method: 'POST', postData: { mimeType: 'multipart/form-data', params } } }), {
      where: 'har-request-body',
      direction: 'up',
    });
  });

  it('finds an IMEI in a response header (har-response-header, down)', () => {
    const f = imeiFindings('https://api.example.com/', { res: { headers: headers(['Set-Cookie', `did=${IMEI}; Path=/`]) } });
    assertOne(f, { where: 'har-response-header', direction: 'down', form: 'raw' });
  });

  it('undoes the base64 a HAR stores a body in: the finding is raw, not base64 (har-response-body, down)', () => {
    const body = Buffer.from(`\x00\x01binary{"imei":"${IMEI}"}\xff`, 'latin1');
    const f = imeiFindings('https://api.example.com/cfg', { res: { content: { size: body.length, mimeType: 'application/octet-stream', text: b64(body), encoding: 'base64' } } });
    assertOne(f, { where: 'har-response-body', direction: 'down', form: 'raw' });
  });

  it('decodes a base64-stored body that is still gzip-compressed, as Content-Encoding says', () => {
    const gz = gzipSync(Buffer.from(JSON.stringify({ imei: IMEI, pad: 'x'.repeat(200) })));
    const f = imeiFindings('https://api.example.com/cfg', {
      res: { headers: headers(['Content-Encoding', 'gzip']), content: { size: gz.length, mimeType: 'application/json', text: b64(gz), encoding: 'base64' } },
    });
    assertOne(f, { where: 'har-response-body', direction: 'down', form: 'gzip' });
  });

  it('searches a body stored decoded as it is, although Content-Encoding says gzip', () => {
    const f = imeiFindings('https://api.example.com/cfg', {
      res: { headers: headers(['Content-Encoding', 'gzip']), content: { size: 40, mimeType: 'application/json', text: `{"imei":"${IMEI}"}` } },
    });
    assertOne(f, { where: 'har-response-body', form: 'raw' });
  });

  it('finds IMEIs in WebSocket messages: text sent (up), binary received (down)', () => {
    const flow = onlyFlow(
      analyze(
        writeHar([
          entry('wss://push.example.com/socket', {
            res: { status: 101 },
            extra: {
              _webSocketMessages: [
                { type: 'send', time: 1, opcode: 1, data: `{"hello":1,"id":"${b64(IMEI)}"}` },
                { type: 'receive', time: 2, opcode: 2, data: b64(Buffer.from(`\x02\x00${IMEI}\x00`, 'latin1')) },
              ],
            },
          }),
        ]),
      ),
    );
    const ws = flow.findings.filter((f) => f.where === 'har-websocket');
    assert.deepEqual(
      ws.map((f) => [f.identifier, f.direction, f.form]),
      [
        ['imei', 'up', 'base64'],
        ['imei', 'down', 'raw'],
      ],
    );
    assert.equal(flow.protocol, 'tls');
  });

  it('searches encrypted (https) entries too, and finds nothing where there is nothing', () => {
    const flow = onlyFlow(analyze(writeHar([entry('https://clean.example.com/?q=1', { req: { headers: headers(['Accept', '*/*']) } })])));
    assert.deepEqual(flow.findings, []);
    const leak = onlyFlow(analyze(writeHar([entry(`https://a.example.com/?imei=${IMEI}`)])));
    assert.equal(leak.encrypted, true);
    assert.equal(leak.findings.length, 1);
  });

  it('runs the undeclared detectors and the location search', () => {
    const body = JSON.stringify({ imei: IMEI, lat: 59.91391, lon: 10.75224 });
    const flow = onlyFlow(
      analyze(writeHar([entry('http://a.example/', { req: { method: 'POST', postData: { mimeType: 'application/json', text: body } } })]), {
        identifiers: [{ name: 'location', category: 'location', value: null, location: { lat: 59.9139, lon: 10.7522, radiusM: 2000 } }],
      }),
    );
    const ids = flow.findings.map((f) => `${f.identifier}@${f.where}`).sort();
    assert.deepEqual(ids, ['location@har-request-body', 'undeclared:imei@har-request-body']);
  });
});
