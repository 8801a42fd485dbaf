import assert from 'node:assert/strict';
import { httpFactory } from '../../src/protocols/http.js';
import type { ProtocolEvent } from '../../src/protocols/types.js';
import { httpRequest, httpResponse, tlsApplicationData, tlsClientHello, tlsServerHello } from '../support/protocol-bytes.js';
import { ascii, drive, splitAt } from './harness.js';

const types = (events: ProtocolEvent[]): string[] => events.map((e) => e.type);
const connect = (): Uint8Array => httpRequest({ method: 'CONNECT', target: 'api.vendor.example:443', headers: [['Host', 'api.vendor.example:443']] });
const established = (): Uint8Array => ascii('HTTP/1.1 200 Connection established\r\n\r\n');

describe('protocols/http CONNECT tunnel', () => {
  it('reads the ClientHello inside the tunnel after the 2xx answer', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: connect(), frame: 4 },
      { dir: 1, data: established(), frame: 5 },
      { dir: 0, data: tlsClientHello({ sni: 'inner.vendor.example', alpn: ['h2'] }), frame: 6 },
      { dir: 1, data: Uint8Array.from([...tlsServerHello({ version: '1.3' }), ...tlsApplicationData(80)]), frame: 7 },
      { dir: 0, data: tlsApplicationData(200), frame: 8 },
      { end: true },
    ]);
    assert.deepEqual(types(r.events), ['http-request', 'http-response', 'uninspected', 'tls-client-hello', 'tls-server-hello']);
    assert.deepEqual(r.events[3], { type: 'tls-client-hello', frame: 6, sni: 'inner.vendor.example', alpn: ['h2'], version: '1.3' });
    assert.deepEqual(r.weirds, []);
    // The flow stays a cleartext HTTP flow: the CONNECT request was sent in the clear.
    assert.equal(r.analyzer.protocol, 'http');
    assert.deepEqual(r.analyzer.encryption(), { encrypted: false, version: null });
  });

  it('reads a ClientHello sent before the answer, split across segments', () => {
    const [a, b] = splitAt(tlsClientHello({ sni: 'early.example' }), 30);
    const r = drive(httpFactory, [
      { dir: 0, data: Uint8Array.from([...connect(), ...a]), frame: 1 },
      { dir: 1, data: established(), frame: 2 },
      { dir: 0, data: b, frame: 3 },
    ]);
    const hello = r.events.find((e) => e.type === 'tls-client-hello');
    assert.ok(hello && hello.type === 'tls-client-hello');
    assert.equal(hello.sni, 'early.example');
    assert.equal(hello.frame, 3);
  });

  it('leaves a tunnel that does not carry TLS alone', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: connect() },
      { dir: 1, data: established() },
      { dir: 0, data: httpRequest({ target: '/inner', headers: [['Host', 'inner.example']] }) },
      { dir: 1, data: httpResponse({ headers: [['Content-Length', '0']] }) },
      { end: true },
    ]);
    assert.deepEqual(types(r.events), ['http-request', 'http-response', 'uninspected']);
    assert.deepEqual(r.weirds, []);
  });

  it('opens no tunnel when the proxy refuses the CONNECT', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: connect() },
      { dir: 1, data: httpResponse({ status: 407, headers: [['Content-Length', '0']] }) },
      { dir: 0, data: tlsClientHello({ sni: 'refused.example' }) },
    ]);
    assert.equal(r.events.some((e) => e.type === 'tls-client-hello'), false);
    assert.equal(r.events.some((e) => e.type === 'uninspected' && e.reason.startsWith('CONNECT')), false);
  });
});
