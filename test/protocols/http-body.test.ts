import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decodeContent, MAX_BODY_BYTES } from '../../src/protocols/http-body.js';
import { httpFactory } from '../../src/protocols/http.js';
import type { ProtocolEvent } from '../../src/protocols/types.js';
import { chunked, httpRequest, httpResponse } from '../support/protocol-bytes.js';
import { drive } from './harness.js';

const PLAIN = Buffer.from('{"imei":"490154203237518","iccid":"8944500102198304826","cell":"460-11-4113-22"}'.repeat(20));

function respond(headers: Array<[string, string]>, body: Uint8Array): ProtocolEvent[] {
  return drive(httpFactory, [{ dir: 0, data: httpRequest({}) }, { dir: 1, data: httpResponse({ headers, body }), frame: 9 }, { end: true }]).events;
}

function bodyOf(events: ProtocolEvent[]): { data: Uint8Array; encodings: string[] } {
  const e = events.find((x) => x.type === 'http-body');
  assert.ok(e && e.type === 'http-body', `an http-body among ${events.map((x) => x.type).join(',')}`);
  return e;
}

describe('protocols/http-body', () => {
  const cases: Array<[string, string, (b: Buffer) => Buffer, string]> = [
    ['gzip', 'gzipSync', gzipSync, 'gzip'],
    ['x-gzip', 'gzipSync', gzipSync, 'gzip'],
    ['deflate', 'zlib-wrapped, deflateSync', deflateSync, 'deflate'],
    ['deflate', 'raw, deflateRawSync', deflateRawSync, 'deflate'],
    ['br', 'brotliCompressSync', brotliCompressSync, 'br'],
  ];
  for (const [coding, made, compress, name] of cases) {
    it(`undoes Content-Encoding ${coding} (${made}) to identical bytes`, () => {
      const wire = compress(PLAIN);
      const b = bodyOf(respond([['Content-Encoding', coding], ['Content-Length', String(wire.length)]], wire));
      assert.deepEqual(Buffer.from(b.data), PLAIN);
      assert.deepEqual(b.encodings, [name]);
    });
  }

  it('undoes chunked then gzip, naming the chain outermost first', () => {
    const b = bodyOf(respond([['Transfer-Encoding', 'chunked'], ['Content-Encoding', 'GZIP']], chunked(gzipSync(PLAIN), 100)));
    assert.deepEqual(Buffer.from(b.data), PLAIN);
    assert.deepEqual(b.encodings, ['chunked', 'gzip']);
  });

  it('undoes stacked content codings last-applied first', () => {
    const wire = brotliCompressSync(gzipSync(PLAIN));
    const b = bodyOf(respond([['Content-Encoding', 'gzip, br'], ['Content-Length', String(wire.length)]], wire));
    assert.deepEqual(Buffer.from(b.data), PLAIN);
    assert.deepEqual(b.encodings, ['br', 'gzip']);
  });

  it('decodes a request body too', () => {
    const wire = deflateSync(PLAIN);
    const r = drive(httpFactory, [{ dir: 0, data: httpRequest({ method: 'POST', headers: [['Content-Encoding', 'deflate'], ['Content-Length', String(wire.length)]], body: wire }) }]);
    const b = bodyOf(r.events);
    assert.deepEqual(Buffer.from(b.data), PLAIN);
  });

  it('caps a decompression bomb: uninspected, no huge allocation', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    assert.ok(bomb.length < 200 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const events = respond([['Content-Encoding', 'gzip'], ['Content-Length', String(bomb.length)]], bomb);
    assert.deepEqual(events.map((e) => e.type), ['http-request', 'http-response', 'uninspected']);
    const u = events[2];
    assert.ok(u.type === 'uninspected' && /cap/.test(u.reason));
    assert.ok(process.memoryUsage().arrayBuffers - before < 40 * 1024 * 1024);
  });

  it('reports an unsupported encoding as uninspected, with the reason', () => {
    for (const coding of ['zstd', 'compress']) {
      const events = respond([['Content-Encoding', coding], ['Content-Length', '4']], Buffer.from('abcd'));
      const u = events.find((e) => e.type === 'uninspected');
      assert.ok(u && u.type === 'uninspected');
      assert.equal(u.reason, `HTTP unsupported content encoding: ${coding}`);
      assert.equal(u.frame, 9);
    }
  });

  it('reports a corrupt gzip body as uninspected', () => {
    const wire = gzipSync(PLAIN);
    wire[20] ^= 0xff;
    wire[21] ^= 0xff;
    const events = respond([['Content-Encoding', 'gzip'], ['Content-Length', String(wire.length)]], wire);
    assert.ok(events.some((e) => e.type === 'uninspected'));
    assert.ok(!events.some((e) => e.type === 'http-body'));
  });

  it('reports a raw body over the cap as uninspected', () => {
    const r = decodeContent(Buffer.from('x'), ['gzip'], true, 10);
    assert.equal(r.ok, false);
    const big = MAX_BODY_BYTES + 10;
    const events = drive(httpFactory, [
      { dir: 0, data: httpRequest({}) },
      { dir: 1, data: httpResponse({ headers: [['Content-Encoding', 'gzip'], ['Content-Length', String(big)]] }) },
      ...Array.from({ length: 16 }, () => ({ dir: 1 as const, data: new Uint8Array(1024 * 1024) })),
      { dir: 1, data: new Uint8Array(10) },
    ]).events;
    assert.deepEqual(events.map((e) => e.type), ['http-request', 'http-response', 'uninspected']);
  });

  it('reports a chunked encoded body over the cap once', () => {
    const chunk = new Uint8Array([...Buffer.from('100000\r\n'), ...new Uint8Array(0x100000), 0x0d, 0x0a]);
    const events = drive(httpFactory, [
      { dir: 0, data: httpRequest({}) },
      { dir: 1, data: httpResponse({ headers: [['Content-Encoding', 'gzip'], ['Transfer-Encoding', 'chunked']] }) },
      ...Array.from({ length: 17 }, () => ({ dir: 1 as const, data: chunk })),
      { dir: 1, data: Buffer.from('0\r\n\r\n') },
    ]).events;
    assert.deepEqual(events.map((e) => e.type), ['http-request', 'http-response', 'uninspected']);
    assert.ok(events[2].type === 'uninspected' && /16 MiB cap/.test(events[2].reason));
  });

  it('decodes what there is of a gzip body cut at the end of the flow, and says so', () => {
    const wire = gzipSync(randomBytes(50000).toString('hex'));
    const r = drive(httpFactory, [
      { dir: 0, data: httpRequest({}) },
      { dir: 1, data: httpResponse({ headers: [['Content-Encoding', 'gzip'], ['Content-Length', String(wire.length)]], body: wire.subarray(0, wire.length >> 1) }) },
      { end: true },
    ]);
    assert.ok(r.events.some((e) => e.type === 'uninspected' && /cut short/.test(e.reason)));
    assert.ok(bodyOf(r.events).data.length > 1000);
    assert.ok(r.weirds.includes('http_truncated_body'));
  });

  it('a gap inside an encoded body loses it, reported as uninspected', () => {
    const wire = gzipSync(PLAIN);
    const r = drive(httpFactory, [
      { dir: 0, data: httpRequest({}) },
      { dir: 1, data: httpResponse({ headers: [['Content-Encoding', 'gzip'], ['Content-Length', String(wire.length)]], body: wire.subarray(0, 10) }) },
      { dir: 1, gap: 20 },
      { dir: 1, data: new Uint8Array([...wire.subarray(30), ...httpResponse({ status: 204 })]) },
    ]);
    assert.deepEqual(r.events.map((e) => e.type), ['http-request', 'http-response', 'uninspected', 'http-response']);
  });
});
