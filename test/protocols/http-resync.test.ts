import assert from 'node:assert/strict';
import { MAX_RESYNC_LINE, resyncPoint } from '../../src/protocols/http-resync.js';
import { httpFactory } from '../../src/protocols/http.js';
import type { ProtocolEvent } from '../../src/protocols/types.js';
import { chunked, httpRequest, httpResponse } from '../support/protocol-bytes.js';
import { ascii, drive } from './harness.js';

const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));
const paths = (events: ProtocolEvent[]): string[] => events.flatMap((e) => (e.type === 'http-request' ? [e.path] : []));
const statuses = (events: ProtocolEvent[]): number[] => events.flatMap((e) => (e.type === 'http-response' ? [e.status] : []));

describe('protocols/http resynchronisation after a gap', () => {
  it('finds request lines and status lines at line starts only', () => {
    const text = 'tail of a body GET /x HTTP/1.1\r\nxx\r\nPOST /up HTTP/1.0\r\nHost: a\r\n';
    assert.deepEqual(resyncPoint(ascii(text), 0, 0), { found: true, at: text.indexOf('POST') });
    assert.deepEqual(resyncPoint(ascii('HTTP/1.1 204 No Content\r\n'), 0, 1), { found: true, at: 0 });
    assert.deepEqual(resyncPoint(ascii('HTTP/1.1 204\n'), 0, 1), { found: true, at: 0 });
    assert.deepEqual(resyncPoint(ascii('HTTP/1.1 200 OK\r\n'), 0, 0).found, false, 'a status line is no request');
    assert.deepEqual(resyncPoint(ascii('GET / HTTP/1.1\r\n'), 0, 1).found, false, 'a request line is no status');
    assert.deepEqual(resyncPoint(ascii('FETCH / HTTP/1.1\r\nGET /a b HTTP/1.1\r\nGET / HTTP/2.0\r\n'), 0, 0).found, false);
  });

  it('keeps an unfinished last line, unless it is too long', () => {
    const b = ascii('junk\r\nGET /par');
    assert.deepEqual(resyncPoint(b, 0, 0), { found: false, at: 6 });
    const long = new Uint8Array(MAX_RESYNC_LINE + 10).fill(0x41);
    assert.deepEqual(resyncPoint(long, 0, 0), { found: false, at: long.length });
  });

  it('finds the later requests of a keep-alive connection after a gap, the flow staying uninspected', () => {
    const first = httpRequest({ target: '/first', headers: [['Host', 'a.example']] });
    const second = httpRequest({ method: 'POST', target: '/second', headers: [['Host', 'a.example'], ['Content-Length', '5']], body: 'hello' });
    const third = httpRequest({ target: '/third', headers: [['Host', 'a.example']] });
    const r = drive(httpFactory, [
      { dir: 0, data: first.subarray(0, 12) },
      { dir: 0, gap: 300 },
      // The rest of a lost message, then the next request, split inside its request line.
      { dir: 0, data: cat(ascii('er: x\r\n\r\nbody bytes\r\n'), second.subarray(0, 8)) },
      { dir: 0, data: cat(second.subarray(8), third) },
    ]);
    assert.deepEqual(paths(r.events), ['/second', '/third']);
    assert.ok(r.events.some((e) => e.type === 'uninspected' && e.reason.includes('TCP gap of 300 bytes')));
  });

  it('resumes the responses after a gap inside a chunked body', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: cat(httpRequest({ target: '/a' }), httpRequest({ target: '/b' })) },
      { dir: 1, data: httpResponse({ headers: [['Transfer-Encoding', 'chunked']] }) },
      { dir: 1, data: chunked('a body that is chunked', 5).subarray(0, 9) },
      { dir: 1, gap: 40 },
      { dir: 1, data: cat(ascii('ed\r\n0\r\n\r\n'), httpResponse({ status: 404, headers: [['Content-Length', '0']] })) },
    ]);
    assert.deepEqual(statuses(r.events), [200, 404]);
  });

  it('still stops a direction waiting for the answer to CONNECT', () => {
    const r = drive(httpFactory, [
      { dir: 0, data: httpRequest({ method: 'CONNECT', target: 'a.example:443' }) },
      { dir: 0, gap: 10 },
      { dir: 0, data: httpRequest({ target: '/after' }) },
    ]);
    assert.deepEqual(paths(r.events), ['a.example:443']);
  });
});
