import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { httpFactory } from '../../src/protocols/http.js';
import type { ProtocolEvent } from '../../src/protocols/types.js';
import { chunked, httpRequest, httpResponse } from '../support/protocol-bytes.js';
import { ascii, drive, pieces, splitAt } from './harness.js';

/** gzip made by node:zlib, independently of the analyzer. */
const gz = (text: string): Uint8Array => gzipSync(Buffer.from(text));
const types = (events: ProtocolEvent[]): string[] => events.map((e) => e.type);

describe('protocols/http', () => {
  it('reads a request: method, host without port in lower case, path, version, headers', () => {
    const req = httpRequest({ method: 'POST', target: '/v1/boot?x=1', headers: [['Host', 'ZZHC.Vnet.CN:8080'], ['Content-Length', '4']], body: 'abcd' });
    const r = drive(httpFactory, [{ dir: 0, data: req, frame: 5 }]);
    assert.deepEqual(r.events, [{
      type: 'http-request', frame: 5, method: 'POST', host: 'zzhc.vnet.cn', path: '/v1/boot?x=1', version: 'HTTP/1.1',
      headers: [['Host', 'ZZHC.Vnet.CN:8080'], ['Content-Length', '4']],
    }]);
    assert.deepEqual(r.weirds, []);
    assert.deepEqual(r.analyzer.encryption(), { encrypted: false, version: null });
  });

  it('takes the host of an absolute-form target, and IPv6 literals without brackets', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: httpRequest({ target: 'http://Proxy.Example:3128/a/b', headers: [['Host', 'other.example']] }) },
      { dir: 0, data: httpRequest({ target: '/', headers: [['Host', '[2001:DB8::1]:8080']] }) },
      { dir: 0, data: httpRequest({ target: '/', version: 'HTTP/1.0' }) },
    ]);
    const reqs = r.events.filter((e) => e.type === 'http-request');
    assert.deepEqual(reqs.map((e) => [e.host, e.path, e.version]), [
      ['proxy.example', '/a/b', 'HTTP/1.1'], ['2001:db8::1', '/', 'HTTP/1.1'], [null, '/', 'HTTP/1.0'],
    ]);
  });

  it('tolerates folded header lines and bare LF line ends', () => {
    const r = drive(httpFactory, [{ dir: 0, data: ascii('GET / HTTP/1.1\nHost: a.example\nX-Long: one\n  two\n\n') }]);
    const e = r.events[0];
    assert.ok(e.type === 'http-request');
    assert.deepEqual(e.headers, [['Host', 'a.example'], ['X-Long', 'one two']]);
  });

  it('reads pipelined requests and pairs responses in order (HEAD, 204, 304 have no body)', () => {
    const up = new Uint8Array([
      ...httpRequest({ method: 'HEAD', target: '/h', headers: [['Host', 'a.example']] }),
      ...httpRequest({ method: 'GET', target: '/n', headers: [['Host', 'a.example']] }),
      ...httpRequest({ method: 'GET', target: '/m', headers: [['Host', 'a.example']] }),
      ...httpRequest({ method: 'GET', target: '/c', headers: [['Host', 'a.example']] }),
    ]);
    // HEAD's Content-Length describes the GET it stands for: no body follows.
    const down = new Uint8Array([
      ...httpResponse({ headers: [['Content-Length', '1000']] }),
      ...httpResponse({ status: 204, reason: 'No Content' }),
      ...httpResponse({ status: 304, reason: 'Not Modified', headers: [['Content-Length', '50']] }),
      ...httpResponse({ headers: [['Transfer-Encoding', 'chunked']], body: chunked('secret-body') }),
    ]);
    const r = drive(httpFactory, [{ dir: 0, data: up }, { dir: 1, data: down }]);
    assert.deepEqual(types(r.events), ['http-request', 'http-request', 'http-request', 'http-request', 'http-response', 'http-response', 'http-response', 'http-response', 'http-body']);
    const body = r.events[8];
    assert.ok(body.type === 'http-body');
    assert.equal(Buffer.from(body.data).toString(), 'secret-body');
    assert.deepEqual(body.encodings, ['chunked']);
    assert.equal(body.dir, 1);
    assert.deepEqual(r.weirds, []);
  });

  it('interim 100 Continue does not consume the request', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: httpRequest({ method: 'HEAD', target: '/', headers: [['Host', 'a.example']] }) },
      { dir: 1, data: new Uint8Array([...httpResponse({ status: 100, reason: 'Continue' }), ...httpResponse({ headers: [['Content-Length', '9']] }), ...httpResponse({ status: 404, headers: [['Content-Length', '0']] })]) },
    ]);
    assert.deepEqual(r.events.filter((e) => e.type === 'http-response').map((e) => e.status), [100, 200, 404]);
    assert.deepEqual(r.weirds, []);
  });

  it('chunked body with extensions and trailers', () => {
    const body = ascii('3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n');
    const r = drive(httpFactory, [{ dir: 0, data: new Uint8Array([...httpRequest({ method: 'PUT', headers: [['Transfer-Encoding', 'chunked']] }), ...body, ...httpRequest({ target: '/next' })]) }]);
    assert.deepEqual(types(r.events), ['http-request', 'http-body', 'http-request']);
    const e = r.events[1];
    assert.ok(e.type === 'http-body');
    assert.equal(Buffer.from(e.data).toString(), 'abcdefg');
    assert.equal(e.dir, 0);
  });

  it('emits no http-body for a plain Content-Length body', () => {
    const r = drive(httpFactory, [{ dir: 0, data: httpRequest({ method: 'POST', headers: [['Content-Length', '5']], body: 'hello' }) }]);
    assert.deepEqual(types(r.events), ['http-request']);
  });

  it('reads a response body until the connection closes', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: httpRequest({}) },
      { dir: 1, data: httpResponse({ version: 'HTTP/1.0', headers: [['Content-Encoding', 'gzip']] }) },
      { dir: 1, data: new Uint8Array(gz('until close')) },
      { end: true },
    ]);
    const e = r.events.find((x) => x.type === 'http-body');
    assert.ok(e && e.type === 'http-body');
    assert.equal(Buffer.from(e.data).toString(), 'until close');
    assert.deepEqual(e.encodings, ['gzip']);
  });

  it('gives the same events for a message split at every byte', () => {
    const stream = new Uint8Array([
      ...httpResponse({ headers: [['Transfer-Encoding', 'chunked'], ['Content-Encoding', 'gzip']], body: chunked(gz('imei=490154203237518'), 5, [['X-T', '1']]) }),
      ...httpResponse({ headers: [['Content-Length', '3']], body: 'end' }),
    ]);
    const up = { dir: 0 as const, data: new Uint8Array([...httpRequest({}), ...httpRequest({})]), frame: 1 };
    const whole = drive(httpFactory, [up, { dir: 1, data: stream, frame: 1 }]).events;
    assert.deepEqual(types(whole), ['http-request', 'http-request', 'http-response', 'http-body', 'http-response']);
    for (let at = 0; at <= stream.length; at++) {
      const r = drive(httpFactory, [up, ...pieces(1, splitAt(stream, at))]);
      assert.deepEqual(r.events, whole, `split at ${at}`);
    }
  });

  it('stops after 101 Switching Protocols', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: httpRequest({ target: '/ws', headers: [['Host', 'a.example'], ['Upgrade', 'websocket'], ['Connection', 'Upgrade']] }) },
      { dir: 0, data: Uint8Array.of(0x81, 0x85, 1, 2, 3, 4, 5, 6, 7, 8, 9) },
      { dir: 1, data: httpResponse({ status: 101, reason: 'Switching Protocols', headers: [['Upgrade', 'websocket'], ['Connection', 'Upgrade']] }) },
      { dir: 1, data: Uint8Array.of(0x81, 0x03, 0x61, 0x62, 0x63) },
      { dir: 0, data: ascii('GET /not-http HTTP/1.1\r\n\r\n') },
    ]);
    assert.deepEqual(types(r.events), ['http-request', 'http-response', 'uninspected']);
    assert.deepEqual(r.events[2], { type: 'uninspected', frame: 3, reason: 'upgraded to websocket: frames not decoded' });
    assert.deepEqual(r.weirds, []);
  });

  it('resumes the client after a refused Upgrade', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: new Uint8Array([...httpRequest({ headers: [['Upgrade', 'h2c']] }), ...httpRequest({ target: '/second' })]) },
      { dir: 1, data: httpResponse({ headers: [['Content-Length', '0']] }) },
    ]);
    assert.deepEqual(r.events.filter((e) => e.type === 'http-request').map((e) => e.path), ['/', '/second']);
  });

  it('stops at a CONNECT tunnel', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: httpRequest({ method: 'CONNECT', target: 'Secure.Example:443', headers: [['Host', 'secure.example:443']] }) },
      { dir: 0, data: Uint8Array.of(0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5) },
      { dir: 1, data: ascii('HTTP/1.1 200 Connection established\r\n\r\n') },
      { dir: 1, data: Uint8Array.of(0x16, 0x03, 0x03, 0, 1, 2) },
    ]);
    assert.deepEqual(types(r.events), ['http-request', 'http-response', 'uninspected']);
    const req = r.events[0];
    assert.ok(req.type === 'http-request');
    assert.equal(req.host, 'secure.example');
    assert.equal(r.events[2].type === 'uninspected' && r.events[2].reason, 'CONNECT tunnel: tunnelled bytes not decoded (a TLS handshake inside is read)');
  });

  it('reports a gap that cuts a message as uninspected and resumes at the next request line', () => {
    const req = httpRequest({ headers: [['Host', 'a.example']] });
    const r = drive(httpFactory, [{ dir: 0, data: req.subarray(0, 10) }, { dir: 0, gap: 100 }, { dir: 0, data: req }]);
    assert.deepEqual(types(r.events), ['uninspected', 'http-request']);
  });

  it('skips a gap inside a plain body and goes on', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: httpRequest({ method: 'POST', headers: [['Content-Length', '100']], body: 'x'.repeat(10) }) },
      { dir: 0, gap: 80 },
      { dir: 0, data: new Uint8Array([...ascii('y'.repeat(10)), ...httpRequest({ target: '/after' })]) },
    ]);
    assert.deepEqual(r.events.filter((e) => e.type === 'http-request').map((e) => e.path), ['/', '/after']);
  });

  it('accepts an HTTP/0.9 request and reads its response to the end', () => {
    const r = drive(httpFactory, [{ dir: 0, data: ascii('GET /old\r\n') }, { dir: 1, data: ascii('<html>raw</html>') }, { end: true }]);
    assert.deepEqual(r.events, [{ type: 'http-request', frame: 1, method: 'GET', host: null, path: '/old', version: 'HTTP/0.9', headers: [] }]);
    assert.deepEqual(r.weirds, []);
  });

  it('flags malformed heads, bad chunk sizes and bad lengths without throwing', () => {
    const bad = (data: Uint8Array, dir: 0 | 1 = 0) => drive(httpFactory, [{ dir, data }]);
    assert.deepEqual(bad(ascii('GET / HTTP/1.1 extra\r\n\r\n')).weirds, ['http_bad_request_line']);
    assert.deepEqual(bad(ascii('HTTP/1.1 abc OK\r\n\r\n'), 1).weirds, ['http_bad_status_line']);
    assert.deepEqual(bad(ascii('POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\n')).weirds, ['http_bad_content_length']);
    assert.deepEqual(bad(ascii('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).weirds, ['http_bad_chunk']);
    assert.deepEqual(bad(ascii('GET / HTTP/1.1\r\nno colon here\r\nHost: a\r\n\r\n')).weirds, ['http_bad_header_line']);
  });

  it('caps heads at 64 KiB and fields at 200', () => {
    const huge = drive(httpFactory, [{ dir: 0, data: ascii('GET / HTTP/1.1\r\nX: ' + 'a'.repeat(70000)) }]);
    assert.deepEqual(huge.weirds, ['http_head_too_large']);
    assert.deepEqual(types(huge.events), ['uninspected']);
    const many = Array.from({ length: 250 }, (_, i): [string, string] => [`X-${i}`, 'v']);
    const r = drive(httpFactory, [{ dir: 0, data: httpRequest({ headers: many }) }]);
    const e = r.events[0];
    assert.ok(e.type === 'http-request');
    assert.equal(e.headers.length, 200);
    assert.deepEqual(r.weirds, ['http_too_many_headers']);
  });

  it('sniffs request and status lines', () => {
    const ctx = { transport: 'tcp' as const, clientPort: 50000, serverPort: 8081 };
    assert.equal(httpFactory.sniff(ascii('GET / HTTP/1.1\r\n'), 0, ctx), true);
    assert.equal(httpFactory.sniff(ascii('PROPFIND /x HTTP/1.1\r\n'), 0, ctx), true);
    assert.equal(httpFactory.sniff(ascii('HTTP/1.0 200 OK\r\n'), 1, ctx), true);
    assert.equal(httpFactory.sniff(ascii('GETX / HTTP/1.1\r\n'), 0, ctx), false);
    assert.equal(httpFactory.sniff(ascii('SSH-2.0-x\r\n'), 0, ctx), false);
  });
});
