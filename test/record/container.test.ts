import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readJUnit } from '../e2e/cli.js';
import { tempDir } from '../support/paths.js';
import { requireTool } from '../support/tools.js';
import { bridgeGateway, deviceImage } from './device-image.js';
import { TEST_IMEI, recordSpec, cliAsync, containerLeftovers, requireContainers, selfSignedCert, startServices, until, type Services } from './support.js';

interface ContainerBlock {
  image: string;
  privileged?: boolean;
  env?: Record<string, string>;
  ready?: { log: string; timeout?: string };
  capture: string;
}

function spec(dir: string, name: string, container: ContainerBlock, steps: unknown[]): string {
  return recordSpec(dir, 'Container Device', name, { container, steps });
}

describe('record: container driver (testcontainers, a locally built image)', function () {
  let dir: string;
  let image: string;
  let host: string;
  let services: Services;
  let block: ContainerBlock;
  before(async function () {
    requireContainers(this);
    requireTool(this, 'openssl');
    requireTool(this, 'tcpdump');
    dir = tempDir('leakspec-record-container-');
    image = deviceImage();
    host = bridgeGateway();
    services = await startServices(host, selfSignedCert(dir, 'activation.example.com'));
    // Not privileged: tcpdump needs only NET_RAW, which containers have by default (and some CI hosts cannot grant every capability).
    block = { image, privileged: false, env: { DEVICE_NAME: 'test' }, ready: { log: 'device ready', timeout: '30s' }, capture: '/data/capture.pcap' };
  });
  after(async function () {
    await services?.close();
  });
  afterEach(function () {
    if (this.currentTest?.state !== 'pending') assert.deepEqual(containerLeftovers(), [], 'recording containers are stopped and removed');
  });

  it('records inside the container, copies the capture out; the run fails no-plaintext for exactly the HTTP flow', async function () {
    const leak = ['/usr/bin/node', '/app/device.js', 'leak', host, String(services.httpPort), String(services.tlsPort)];
    const file = spec(dir, 'boot', block, [{ exec: leak }, { wait: '200ms' }]);
    const out = join(dir, 'reports');
    const r = await cliAsync(['run', '--record', file, '--out', out]).done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.deepEqual(services.posts, [`imei=${TEST_IMEI}&model=test`], 'the device really sent its POST');
    assert.ok(statSync(join(dir, 'captures', 'boot.pcap')).size > 0);
    const c = readJUnit(join(out, 'junit.xml')).suites[0].cases[0];
    assert.ok(c.failure, 'no-plaintext must fail');
    assert.ok(c.failure.text.includes(`${host}:${services.httpPort}`), c.failure.text);
    assert.ok(!c.failure.text.includes(`:${services.tlsPort}`), `the TLS flow must not be blamed:\n${c.failure.text}`);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const flows = report.suites[0].scenarios[0].analyses[0].flows as Array<{ server: { port: number }; protocol: string; encrypted: boolean | string; sni: string | null }>;
    const tls = flows.find((f) => f.server.port === services.tlsPort);
    assert.ok(tls, 'the TLS flow is in the capture');
    assert.equal(tls.protocol, 'tls');
    assert.equal(tls.encrypted, true);
    assert.equal(tls.sni, 'activation.example.com');
  });

  it('a failing step fails the recording and saves the container logs next to the reports', async function () {
    const file = spec(dir, 'broken', block, [{ exec: ['/usr/bin/node', '-e', 'console.error("activity not found"); process.exit(3)'] }]);
    const out = join(dir, 'reports-broken');
    const r = await cliAsync(['record', file, '--out', out]).done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /step 1 \(exec \/usr\/bin\/node -e .*\): '\/usr\/bin\/node' exited with 3 in the container: activity not found/);
    const log = readFileSync(join(out, 'record', 'container-device-broken.log'), 'utf8');
    assert.match(log, /\[container\] device ready/);
    assert.match(log, /\[container\] .*listening on eth0/);
  });

  it('a ready line that never comes fails within its timeout', async function () {
    const file = spec(dir, 'never-ready', { ...block, ready: { log: 'boot completed', timeout: '2s' } }, []);
    const r = await cliAsync(['record', file, '--out', join(dir, 'reports-never')]).done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /container leakspec-test-device:\w+ did not log 'boot completed' within 2 s/);
  });

  it('a capture path that does not exist in the container fails the recording', async function () {
    const file = spec(dir, 'no-file', { ...block, capture: '/data/missing.pcap' }, []);
    const r = await cliAsync(['record', file, '--out', join(dir, 'reports-missing')]).done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /the container has no capture file at \/data\/missing\.pcap/);
    assert.ok(!existsSync(join(dir, 'captures', 'no-file.pcap')));
  });

  it('SIGINT during a recording stops and removes the container', async function () {
    const file = spec(dir, 'interrupted', block, [{ wait: '60s' }]);
    const { child, done } = cliAsync(['record', file, '--out', join(dir, 'reports-int')]);
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    await until(() => containerLeftovers().length > 0, 'the container to start');
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.signal, 'SIGINT', r.stdout + r.stderr + stdout);
  });
});
