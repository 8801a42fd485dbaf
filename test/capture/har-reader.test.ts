/**
 * readHar: HAR files read whole and normalised; damaged, cut, foreign and
 * oversized files stop with a CaptureError of a stable code.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHar } from '../../src/capture/har-reader.js';
import { CaptureError, ErrorCodes, type ErrorCode } from '../../src/errors.js';
import { tempDir } from '../support/paths.js';
import { writePcap } from '../support/packets.js';

const dir = tempDir('leakspec-har-');
let n = 0;
function writeHar(content: string | Uint8Array | object): string {
  const path = join(dir, `h${n++}.har`);
  writeFileSync(path, typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content));
  return path;
}

function har(entries: unknown[], version = '1.2'): object {
  return { log: { version, creator: { name: 'test', version: '1' }, entries } };
}

function entry(url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { startedDateTime: '2024-05-01T10:00:00.000Z', time: 12, request: { method: 'GET', url, headers: [] }, ...extra };
}

function captureError(fn: () => unknown, code: ErrorCode, path: string): CaptureError {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof CaptureError, `expected a CaptureError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.file, path);
  assert.ok(caught.message.includes(path), caught.message);
  return caught;
}

describe('capture: readHar', () => {
  it('reads entries, counts them as packets, hashes the file and takes the time range from startedDateTime', () => {
    const path = writeHar(
      har([
        entry('https://a.example/x', { startedDateTime: '2024-05-01T10:00:05.500Z' }),
        entry('http://b.example/', { startedDateTime: '2024-05-01T12:00:00.000+02:00' }),
        entry('https://c.example/', { startedDateTime: '2024-05-01T10:00:09.250Z' }),
      ]),
    );
    const h = readHar(path);
    assert.equal(h.entries.length, 3);
    assert.deepEqual(
      h.entries.map((e) => [e.index, e.request.url]),
      [
        [1, 'https://a.example/x'],
        [2, 'http://b.example/'],
        [3, 'https://c.example/'],
      ],
    );
    assert.equal(h.summary.format, 'har');
    assert.equal(h.summary.packets, 3);
    assert.equal(h.summary.bytes, readFileSync(path).length);
    assert.equal(h.summary.sha256, createHash('sha256').update(readFileSync(path)).digest('hex'));
    assert.equal(h.summary.first_ts, Date.UTC(2024, 4, 1, 10, 0, 0) / 1000);
    assert.equal(h.summary.last_ts, Date.UTC(2024, 4, 1, 10, 0, 9, 250) / 1000);
    assert.equal(h.version, '1.2');
    assert.equal(h.creator, 'test 1');
  });

  it('tolerates a UTF-8 BOM, HAR 1.1, missing optional fields, a null response and negative sizes', () => {
    const doc = har(
      [
        { request: { url: 'http://a.example/' } },
        entry('http://b.example/', {
          response: null,
          request: { method: 'POST', url: 'http://b.example/', headersSize: -1, bodySize: -1 },
        }),
        entry('https://c.example/', {
          response: { status: 200, headers: [{ name: 'X', value: 'y' }], headersSize: -1, bodySize: -1, content: { size: -1, mimeType: 'text/html' } },
        }),
      ],
      '1.1',
    );
    const path = writeHar(`\ufeff${JSON.stringify(doc)}`);
    const h = readHar(path);
    assert.equal(h.version, '1.1');
    const [a, b, c] = h.entries;
    assert.equal(a.ts, null);
    assert.equal(a.request.method, '');
    assert.deepEqual(a.request.headers, []);
    assert.equal(a.response, null);
    assert.equal(a.serverAddress, null);
    assert.equal(b.response, null);
    assert.equal(b.request.bodySize, -1);
    assert.equal(b.request.postData, null);
    assert.equal(c.response?.content.size, -1);
    assert.equal(c.response?.content.text, null);
    assert.deepEqual(c.response?.headers, [{ name: 'X', value: 'y' }]);
    assert.equal(h.weirds.har_missing_started_date_time, 1);
    assert.equal(h.summary.first_ts, Date.UTC(2024, 4, 1, 10) / 1000, 'an entry without a time does not move the range');
  });

  it('keeps post data, params, base64 content and WebSocket messages as stored', () => {
    const path = writeHar(
      har([
        entry('https://a.example/p', {
          request: {
            method: 'POST',
            url: 'https://a.example/p',
            postData: { mimeType: 'application/x-www-form-urlencoded', text: 'a=1', params: [{ name: 'a', value: '1' }, { name: 'f', fileName: 'x.txt' }] },
          },
          response: { status: 101, content: { size: 3, text: 'AAEC', encoding: 'base64' } },
          _webSocketMessages: [
            { type: 'send', time: 1, opcode: 1, data: 'hello' },
            { type: 'receive', time: 2, opcode: 2, data: 'AQID' },
            { type: 'send', opcode: 1 },
          ],
        }),
      ]),
    );
    const [e] = readHar(path).entries;
    assert.equal(e.request.postData?.text, 'a=1');
    assert.deepEqual(e.request.postData?.params, [
      { name: 'a', value: '1', fileName: null, contentType: null },
      { name: 'f', value: null, fileName: 'x.txt', contentType: null },
    ]);
    assert.deepEqual(e.response?.content, { size: 3, mimeType: null, text: 'AAEC', encoding: 'base64' });
    assert.deepEqual(e.webSocketMessages, [
      { type: 'send', opcode: 1, data: 'hello' },
      { type: 'receive', opcode: 2, data: 'AQID' },
    ]);
    assert.equal(readHar(path).weirds.har_bad_websocket_message, 1);
  });

  it('takes the server address from serverIPAddress without brackets or port, else from exporter extensions', () => {
    const path = writeHar(
      har([
        entry('https://a.example/', { serverIPAddress: '[2001:db8::1]' }),
        entry('https://a.example/', { serverIPAddress: '192.0.2.7:443' }),
        entry('https://a.example/', { serverIPAddress: '' }),
        entry('https://a.example/', { _ip_addr: '192.0.2.8' }),
        entry('https://a.example/', { response: { status: 200, _remoteAddress: '192.0.2.9', content: {} } }),
      ]),
    );
    assert.deepEqual(
      readHar(path).entries.map((e) => e.serverAddress),
      ['2001:db8::1', '192.0.2.7', null, '192.0.2.8', '192.0.2.9'],
    );
  });

  it('invalid JSON is LS_CAPTURE_CORRUPT with the reason; a JSON that ends early is LS_CAPTURE_TRUNCATED', () => {
    const bad = writeHar('{"log": [1, 2] "x"}');
    const e = captureError(() => readHar(bad), ErrorCodes.CAPTURE_CORRUPT, bad);
    assert.match(e.message, /not valid JSON \(.+\)/);
    const full = JSON.stringify(har([entry('https://a.example/')]));
    const cut = writeHar(full.slice(0, full.length - 20));
    assert.match(captureError(() => readHar(cut), ErrorCodes.CAPTURE_TRUNCATED, cut).message, /cut short/);
  });

  it('a HAR cut at any point is LS_CAPTURE_TRUNCATED', () => {
    const full = `\ufeff${JSON.stringify(har([entry('https://a.example/?q="x"', { response: { status: 200, content: { text: 'ab\\n' } } })]), null, 1)}\n`;
    const start = full.indexOf('{') + 1;
    for (let cut = start; cut < full.trimEnd().length; cut++) {
      const path = writeHar(full.slice(0, cut));
      captureError(() => readHar(path), ErrorCodes.CAPTURE_TRUNCATED, path);
    }
  });

  it('a JSON without log.entries is LS_CAPTURE_UNKNOWN_FORMAT; so is a pcap handed to readHar', () => {
    for (const doc of [{ foo: 1 }, { log: {} }, { log: { entries: {} } }]) {
      const path = writeHar(doc);
      assert.match(captureError(() => readHar(path), ErrorCodes.CAPTURE_UNKNOWN_FORMAT, path).message, /not a HAR/);
    }
    const pcap = writeHar(writePcap([]));
    captureError(() => readHar(pcap), ErrorCodes.CAPTURE_UNKNOWN_FORMAT, pcap);
    const missing = join(dir, 'missing.har');
    captureError(() => readHar(missing), ErrorCodes.CAPTURE_MISSING, missing);
    const empty = writeHar('');
    captureError(() => readHar(empty), ErrorCodes.CAPTURE_EMPTY, empty);
  });

  it('an entry without a request URL is LS_CAPTURE_CORRUPT naming the entry', () => {
    for (const bad of [42, { request: {} }, { request: 'GET /' }]) {
      const path = writeHar(har([entry('https://a.example/'), bad]));
      assert.match(captureError(() => readHar(path), ErrorCodes.CAPTURE_CORRUPT, path).message, /entry 2 /);
    }
  });

  it('a file over the size cap is LS_CAPTURE_CORRUPT naming the cap', () => {
    const path = writeHar(har([entry('https://a.example/')]));
    const e = captureError(() => readHar(path, { maxBytes: 50 }), ErrorCodes.CAPTURE_CORRUPT, path);
    assert.match(e.message, /cap/);
    assert.equal(readHar(path, { maxBytes: readFileSync(path).length }).entries.length, 1);
  });

  it('an empty entries list is read (the analysis reports it)', () => {
    const path = writeHar(har([]));
    const h = readHar(path);
    assert.equal(h.entries.length, 0);
    assert.equal(h.summary.first_ts, null);
  });
});
