import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { fetchCapture, fetchOptionsFromEnv, type FetchOptions } from '../../src/runner/fetch-capture.js';
import { tempDir } from '../support/paths.js';
import { requireTool } from '../support/tools.js';
import { fleetCapture } from '../e2e/fleet-support.js';
import { selfSigned, send, startServer, type SelfSigned, type TestServer } from './https-server.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function rejects(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error & { code?: string }) => {
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });
}

describe('remote captures: fetchCapture', function () {
  let tls: SelfSigned;
  let server: TestServer;
  const good = fleetCapture(0);
  const other = fleetCapture(1);
  const big = new Uint8Array(5000).fill(7);
  let opts: () => FetchOptions;

  before(async function () {
    requireTool(this, 'openssl');
    tls = selfSigned();
    server = await startServer(tls, {
      '/good.pcapng': send(good),
      '/other.pcapng': send(other),
      '/flaky.pcapng': (_q, res, n) => (n === 1 ? ((res.statusCode = 500), res.end('busy')) : send(other)(_q, res, n)),
      '/down.pcapng': (_q, res) => ((res.statusCode = 503), res.end('down')),
      '/loop/*': (req, res) => {
        const n = Number(req.url!.split('/').pop());
        res.statusCode = 302;
        res.setHeader('location', `/loop/${n + 1}`);
        res.end();
      },
      '/hop1': (_q, res) => ((res.statusCode = 301), res.setHeader('location', '/hop2'), res.end()),
      '/hop2': (_q, res) => ((res.statusCode = 307), res.setHeader('location', `${server.base}/other.pcapng`), res.end()),
      '/to-http': (_q, res) => ((res.statusCode = 302), res.setHeader('location', 'http://127.0.0.1:9/x.pcapng'), res.end()),
      '/big': send(big),
      '/big-chunked': (_q, res) => {
        res.write(big.subarray(0, 2500));
        res.end(big.subarray(2500));
      },
      '/stall': () => undefined,
      '/stall-body': (_q, res) => {
        res.setHeader('content-length', 1000);
        res.write(new Uint8Array(10));
      },
    });
    opts = () => ({ ...fetchOptionsFromEnv({}), cacheDir: tempDir('leakspec-cache-'), retryDelayMs: 10, headersTimeoutMs: 2000, bodyTimeoutMs: 2000, ca: tls.cert });
  });
  after(async () => server?.close());

  it('downloads into the cache named by sha256, then uses the cache without a request', async function () {
    const o = opts();
    const path = await fetchCapture(`${server.base}/good.pcapng`, sha(good), o);
    assert.equal(path, join(o.cacheDir, sha(good)));
    assert.deepEqual(new Uint8Array(readFileSync(path)), good);
    assert.equal(await fetchCapture(`${server.base}/good.pcapng`, sha(good).toUpperCase(), o), path);
    assert.equal(server.hits.get('/good.pcapng'), 1);
    assert.deepEqual(readdirSync(o.cacheDir), [sha(good)], 'no temporary file is left');
  });

  it('hashes a cached file again before use and downloads it again when it changed', async function () {
    const o = opts();
    const before = server.hits.get('/good.pcapng') ?? 0;
    const path = await fetchCapture(`${server.base}/good.pcapng`, sha(good), o);
    writeFileSync(path, 'tampered');
    await fetchCapture(`${server.base}/good.pcapng`, sha(good), o);
    assert.equal(server.hits.get('/good.pcapng'), before + 2);
    assert.deepEqual(new Uint8Array(readFileSync(path)), good);
  });

  it('fails on a digest mismatch and keeps nothing', async function () {
    const o = opts();
    await rejects(fetchCapture(`${server.base}/other.pcapng`, sha(good), o), 'LS_CAPTURE_DIGEST', new RegExp(`sha256 ${sha(other)} does not match the spec's ${sha(good)}`));
    assert.deepEqual(readdirSync(o.cacheDir), []);
  });

  it('fails on 404 without retrying', async function () {
    await rejects(fetchCapture(`${server.base}/missing.pcapng`, sha(good), opts()), 'LS_CAPTURE_DOWNLOAD', /HTTP 404/);
    assert.equal(server.hits.get('/missing.pcapng'), 1);
  });

  it('retries a 5xx and succeeds; gives up after 3 attempts', async function () {
    const o = opts();
    assert.ok(existsSync(await fetchCapture(`${server.base}/flaky.pcapng`, sha(other), o)));
    assert.equal(server.hits.get('/flaky.pcapng'), 2);
    await rejects(fetchCapture(`${server.base}/down.pcapng`, sha(good), o), 'LS_CAPTURE_DOWNLOAD', /HTTP 503 .*gave up after 3 attempts/);
    assert.equal(server.hits.get('/down.pcapng'), 3);
  });

  it('follows up to 5 https redirects, no more, and never to http', async function () {
    assert.ok(existsSync(await fetchCapture(`${server.base}/hop1`, sha(other), opts())));
    await rejects(fetchCapture(`${server.base}/loop/0`, sha(good), opts()), 'LS_CAPTURE_DOWNLOAD', /more than 5 redirects/);
    assert.equal(server.hits.get('/loop/5'), 1);
    assert.equal(server.hits.get('/loop/6'), undefined, 'the sixth redirect is not followed');
    await rejects(fetchCapture(`${server.base}/to-http`, sha(good), opts()), 'LS_CAPTURE_URL', /redirect must lead to an https URL/);
  });

  it('stops at the size cap, declared or streamed', async function () {
    const o = { ...opts(), maxBytes: 1000 };
    await rejects(fetchCapture(`${server.base}/big`, sha(big), o), 'LS_CAPTURE_DOWNLOAD', /larger than the 1000-byte cap/);
    await rejects(fetchCapture(`${server.base}/big-chunked`, sha(big), o), 'LS_CAPTURE_DOWNLOAD', /larger than the 1000-byte cap.*LEAKSPEC_MAX_CAPTURE_BYTES/);
    assert.deepEqual(readdirSync(o.cacheDir), []);
    assert.equal(fetchOptionsFromEnv({ LEAKSPEC_MAX_CAPTURE_BYTES: '1000' }).maxBytes, 1000);
    assert.equal(fetchOptionsFromEnv({}).maxBytes, 2 * 1024 ** 3);
  });

  it('times out a server that stalls (headers, then body), retrying each', async function () {
    const o = { ...opts(), headersTimeoutMs: 150, bodyTimeoutMs: 150 };
    await rejects(fetchCapture(`${server.base}/stall`, sha(good), o), 'LS_CAPTURE_DOWNLOAD', /HEADERS_TIMEOUT.*gave up after 3 attempts/);
    assert.equal(server.hits.get('/stall'), 3);
    // undici's parser timers tick about once a second: one attempt is enough to see the body timeout.
    await rejects(fetchCapture(`${server.base}/stall-body`, sha(good), { ...o, tries: 1 }), 'LS_CAPTURE_DOWNLOAD', /BODY_TIMEOUT.*gave up after 1 attempt/);
  });

  it('refuses plain http to a non-loopback host without connecting, and allows it to loopback', async function () {
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? null;
    let connections = 0;
    const trap = createNetServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => trap.listen(0, external ?? '127.0.0.1', r));
    const port = (trap.address() as AddressInfo).port;
    try {
      await rejects(fetchCapture(`http://${external ?? '192.0.2.1'}:${port}/c.pcapng`, sha(good), opts()), 'LS_CAPTURE_URL', /plain http is allowed only to a loopback address/);
      await rejects(fetchCapture(`ftp://127.0.0.1/c.pcapng`, sha(good), opts()), 'LS_CAPTURE_URL', /ftp scheme is not supported/);
      assert.equal(connections, 0);
    } finally {
      trap.close();
    }
    const plain = createHttpServer((_q, res) => res.end(good));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    try {
      const p = await fetchCapture(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/c.pcapng`, sha(good), opts());
      assert.deepEqual(new Uint8Array(readFileSync(p)), good);
    } finally {
      plain.close();
    }
  });
});
