import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/paths.js';
import { requireTool } from '../support/tools.js';
import { selfSigned, send, startServer, type SelfSigned, type TestServer } from '../runner/https-server.js';
import { specYaml } from './captures.js';
import { readJUnit, write } from './cli.js';
import { fleetCapture, leakspecAsync } from './fleet-support.js';

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

interface ScenarioOut {
  name: string;
  error: { code: string; message: string } | null;
  analyses: Array<{ capture: { file: string; sha256: string } }>;
  assertions: Array<{ status: string }>;
}

describe('leakspec run with remote captures (end to end)', function () {
  let tls: SelfSigned;
  let server: TestServer;
  let dir: string;
  const good = fleetCapture(0);

  before(async function () {
    requireTool(this, 'openssl');
    tls = selfSigned();
    server = await startServer(tls, { '/good.pcapng': send(good), '/wrong.pcapng': send(fleetCapture(2)), '/big.pcapng': send(fleetCapture(1)) });
    dir = tempDir();
  });
  after(async () => server?.close());

  it('downloads, verifies and caches captures; failures fail only their scenario, with file:line', async function () {
    const remote = (url: string, digest: string): string => `{ url: "${url}", sha256: "${digest}" }`;
    const spec = specYaml({
      remote: remote(`${server.base}/good.pcapng?token=s3cret`, sha(good)),
      mismatch: remote(`${server.base}/wrong.pcapng`, sha('expected')),
      missing: remote(`${server.base}/missing.pcapng`, sha('missing')),
      'too big': remote(`${server.base}/big.pcapng`, sha('big')),
      insecure: remote('http://192.0.2.7/c.pcapng', sha('insecure')),
    });
    write(join(dir, 'specs', 'phone.yaml'), spec);
    const cache = join(dir, 'cache');
    const env = { NODE_EXTRA_CA_CERTS: tls.certFile, LEAKSPEC_CACHE: cache, LEAKSPEC_MAX_CAPTURE_BYTES: String(good.length + 100), LEAKSPEC_RETRY_DELAY_MS: '10' };
    const r = await leakspecAsync(['run', join(dir, 'specs'), '--out', join(dir, 'out'), '--jobs', '1'], env);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    const by = new Map<string, ScenarioOut>(report.suites[0].scenarios.map((s: ScenarioOut) => [s.name, s]));
    const ok = by.get('remote')!;
    assert.equal(ok.error, null, JSON.stringify(ok.error));
    assert.ok(ok.assertions.every((a) => a.status === 'passed'), JSON.stringify(ok.assertions));
    assert.equal(ok.analyses[0].capture.sha256, sha(good));
    assert.equal(ok.analyses[0].capture.file, `${server.base}/good.pcapng?…`, 'the report names the URL, without its query');
    assert.ok(existsSync(join(cache, sha(good))));
    const expectErr = (name: string, code: string, text: RegExp): void => {
      const s = by.get(name)!;
      assert.equal(s.error?.code, code, `${name}: ${JSON.stringify(s.error)}`);
      assert.match(s.error!.message, text);
      assert.match(s.error!.message, new RegExp(`phone\\.yaml:\\d+:\\d+: scenario '${name}'`));
      assert.ok(s.assertions.every((a) => a.status === 'failed'));
    };
    expectErr('mismatch', 'LS_CAPTURE_DIGEST', /does not match the spec's/);
    expectErr('missing', 'LS_CAPTURE_DOWNLOAD', /HTTP 404/);
    expectErr('too big', 'LS_CAPTURE_DOWNLOAD', /byte cap/);
    expectErr('insecure', 'LS_CAPTURE_URL', /plain http is allowed only to a loopback address/);
    const junit = readJUnit(join(dir, 'out', 'junit.xml'));
    const failed = junit.suites[0].cases.find((c) => c.name === 'mismatch \u203a no-plaintext')!;
    assert.equal(failed.failure?.type, 'LS_CAPTURE_DIGEST');
    assert.ok(!JSON.stringify(report).includes('s3cret'), 'query tokens stay out of reports');
    assert.equal(server.hits.get('/good.pcapng'), 1);

    // Second run: the verified copy in the cache is used, with no request.
    const again = await leakspecAsync(['run', join(dir, 'specs'), '--out', join(dir, 'out2'), '--grep', 'remote'], env);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.equal(server.hits.get('/good.pcapng'), 1);
  });
});
