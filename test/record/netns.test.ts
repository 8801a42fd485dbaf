import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readJUnit, write } from '../e2e/cli.js';
import { tempDir } from '../support/paths.js';
import { requireTool } from '../support/tools.js';
import { DEVICE_SCRIPT, TEST_IMEI, recordSpec, cli, cliAsync, netnsLeftovers, requireNetns, selfSignedCert, startServices, until, type Services } from './support.js';

function spec(dir: string, name: string, steps: unknown[]): string {
  return recordSpec(dir, 'Netns Device', name, { netns: {}, steps });
}

describe('record: netns driver (real namespace, veth and tcpdump)', function () {
  let dir: string;
  let device: string;
  let services: Services;
  before(async function () {
    requireNetns(this);
    requireTool(this, 'openssl');
    dir = tempDir('leakspec-record-netns-');
    device = write(join(dir, 'device.cjs'), DEVICE_SCRIPT);
    // The namespace reaches only the host side of its veth link, whose address the driver picks at
    // run time: the servers listen on every host address, on ports that are free.
    services = await startServices('0.0.0.0', selfSignedCert(dir, 'activation.example.com'));
  });
  after(async function () {
    await services?.close();
  });
  afterEach(function () {
    if (this.currentTest?.state !== 'pending') assert.deepEqual(netnsLeftovers(), [], 'namespaces and veth links are cleaned up');
  });

  it('records a device in a namespace; the run fails no-plaintext for exactly the HTTP flow', async function () {
    const file = spec(dir, 'boot', [{ exec: [process.execPath, device, 'leak', 'env', String(services.httpPort), String(services.tlsPort)] }]);
    const out = join(dir, 'reports');
    const r = await cliAsync(['run', '--record', file, '--out', out]).done;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.deepEqual(services.posts, [`imei=${TEST_IMEI}&model=test`], 'the device really sent its POST');
    assert.equal(services.tlsData.length, 1, 'the device really used TLS');
    assert.ok(statSync(join(dir, 'captures', 'boot.pcap')).size > 0);

    const c = readJUnit(join(out, 'junit.xml')).suites[0].cases[0];
    assert.equal(c.name, 'boot \u203a no-plaintext');
    assert.ok(c.failure, 'no-plaintext must fail');
    assert.match(c.failure.text, new RegExp(`10\\.231\\.\\d+\\.\\d+:${services.httpPort}\\b`));
    assert.ok(!c.failure.text.includes(`:${services.tlsPort}`), `the TLS flow must not be blamed:\n${c.failure.text}`);
    assert.ok(c.failure.text.includes('imei'), c.failure.text);

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const flows = report.suites[0].scenarios[0].analyses[0].flows as Array<{ server: { port: number }; protocol: string; encrypted: boolean | string; findings: Array<{ identifier: string }>; country: string }>;
    const http = flows.find((f) => f.server.port === services.httpPort)!;
    const tls = flows.find((f) => f.server.port === services.tlsPort)!;
    assert.equal(http.protocol, 'http');
    assert.equal(http.encrypted, false);
    assert.deepEqual([...new Set(http.findings.map((f) => f.identifier))], ['imei']);
    assert.equal(tls.protocol, 'tls');
    assert.equal(tls.encrypted, true);
    assert.equal(tls.findings.length, 0);
    assert.equal(http.country, 'LOCAL');
  });

  it('a failing step fails the recording, writes the diagnostics log and removes the namespace', function () {
    const file = spec(dir, 'broken', [{ exec: ['sh', '-c', 'echo "device crashed" >&2; exit 7'] }]);
    const out = join(dir, 'reports-broken');
    const r = cli(['record', file, '--out', out]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAILED \(LS_RECORD_FAILED\): step 1 \(exec sh -c .*\): 'sh' exited with 7: device crashed/);
    const log = readFileSync(join(out, 'record', 'netns-device-broken.log'), 'utf8');
    assert.match(log, /namespace ls-[0-9a-f]{8}: host side ls-[0-9a-f]{8}h 10\.231\.\d+\.\d+\/30/);
    assert.match(log, /\[tcpdump\] .*listening on ls-[0-9a-f]{8}n/);
    assert.ok(!existsSync(join(dir, 'captures', 'broken.pcap')));
  });

  it('a step with no traffic gives an empty capture, which fails the recording', function () {
    const file = spec(dir, 'silent', [{ exec: ['true'] }]);
    const r = cli(['record', file, '--out', join(dir, 'reports-silent')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /the netns recording produced a capture with no packets/);
  });

  it('the namespace has no route beyond the host side', async function () {
    const file = spec(dir, 'routes', [{ exec: ['sh', '-c', 'ip route; ip route get 192.0.2.1 && exit 9 || exit 0'] }, { exec: [process.execPath, device, 'leak', 'env', String(services.httpPort), String(services.tlsPort)] }]);
    const r = await cliAsync(['record', file, '--out', join(dir, 'reports-routes')]).done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('SIGINT during a recording removes the namespace, its veth pair and tcpdump', async function () {
    const file = spec(dir, 'interrupted', [{ wait: '60s' }]);
    const { child, done } = cliAsync(['record', file, '--out', join(dir, 'reports-int')]);
    await until(() => netnsLeftovers().length > 0 && existsSync(join(dir, 'captures')), 'the namespace');
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.signal, 'SIGINT', r.stdout + r.stderr);
    assert.match(r.stderr, /interrupted by SIGINT; containers and namespaces were cleaned up/);
  });
});
