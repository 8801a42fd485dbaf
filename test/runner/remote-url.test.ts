import assert from 'node:assert/strict';
import { checkCaptureUrl, isLoopbackHost, redactUrl } from '../../src/runner/remote-url.js';
import { defaultCacheDir } from '../../src/runner/fetch-capture.js';

describe('remote captures: URL rules', function () {
  it('allows https anywhere and plain http only to loopback literals', function () {
    assert.equal(checkCaptureUrl('https://artifacts.example.com/c.pcapng').hostname, 'artifacts.example.com');
    for (const ok of ['http://127.0.0.1/c', 'http://127.8.9.10:8080/c', 'http://[::1]:9/c']) assert.ok(checkCaptureUrl(ok));
    for (const bad of ['http://localhost/c', 'http://10.0.0.1/c', 'http://128.0.0.1/c', 'http://[::2]/c', 'http://example.com/c', 'file:///etc/passwd', 'not a url']) {
      assert.throws(() => checkCaptureUrl(bad), (e: Error & { code?: string }) => e.code === 'LS_CAPTURE_URL', bad);
    }
    assert.throws(() => checkCaptureUrl('http://127.0.0.1/c', true), /redirect must lead to an https URL/);
    assert.equal(isLoopbackHost('[0:0:0:0:0:0:0:1]'), true);
    assert.equal(isLoopbackHost('127.0.0.1.example.com'), false);
  });

  it('never shows credentials or query tokens', function () {
    assert.equal(redactUrl('https://user:secret@store.example.com/a/c.pcapng?X-Amz-Signature=abc'), 'https://store.example.com/a/c.pcapng?…');
    assert.throws(() => checkCaptureUrl('http://user:pw@example.com/c?token=1'), (e: Error) => !e.message.includes('pw') && !e.message.includes('token'));
  });

  it('keeps the cache in $LEAKSPEC_CACHE, else under the XDG or home cache folder', function () {
    assert.equal(defaultCacheDir({ LEAKSPEC_CACHE: '/c' }), '/c');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x' }), '/x/leakspec/captures');
    assert.match(defaultCacheDir({}), /\.cache\/leakspec\/captures$/);
  });
});
