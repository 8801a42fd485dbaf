import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readJUnit, write } from '../e2e/cli.js';
import { tempDir } from '../support/paths.js';
import { TEST_IMEI, cli, cliAsync, recordSpec } from './support.js';

const PACKETS = new URL('../support/packets.js', import.meta.url).href;
const BYTES = new URL('../support/protocol-bytes.js', import.meta.url).href;

/** The user's recording program: writes a capture (a plaintext POST of the IMEI and a TLS flow) to LEAKSPEC_CAPTURE. */
const WRITER = `
import { writeFileSync } from 'node:fs';
import { TcpSession, writePcap } from '${PACKETS}';
import { httpRequest, httpResponse, tlsClientHello, tlsServerHello, tlsApplicationData } from '${BYTES}';
const out = process.env.LEAKSPEC_CAPTURE;
function capture() {
  const t0 = 1767225600;
  const body = 'imei=${TEST_IMEI}';
  const http = new TcpSession({ ip: '10.0.2.15', port: 40001 }, { ip: '10.0.2.2', port: 8080 }, { ts: t0 });
  http.handshake().send(true, httpRequest({ method: 'POST', target: '/activate', headers: [['Host', 'device-api.local'], ['Content-Length', String(body.length)]], body }))
    .send(false, httpResponse({ status: 200, headers: [['Content-Length', '2']], body: 'ok' })).close();
  const tls = new TcpSession({ ip: '10.0.2.15', port: 40002 }, { ip: '10.0.2.2', port: 8443 }, { ts: t0 + 1 });
  tls.handshake().send(true, tlsClientHello({ sni: 'activation.example.com' })).send(false, tlsServerHello({ version: '1.3' }))
    .send(true, tlsApplicationData(200, 5)).close();
  return writePcap([...http.records, ...tls.records]);
}
const mode = process.argv[2];
if (mode === 'write') writeFileSync(out, capture());
else if (mode === 'header-only') writeFileSync(out, writePcap([]));
else if (mode === 'zero-bytes') writeFileSync(out, '');
else if (mode === 'nothing') process.exit(0);
else if (mode === 'fail') { process.stderr.write('adb: device emulator-5554 not found\\n'); process.exit(3); }
else if (mode === 'until-sigint') {
  process.on('SIGINT', () => { writeFileSync(out, capture()); process.exit(0); });
  setInterval(() => {}, 1000);
  process.stdout.write('capturing\\n');
}
`;

function spec(dir: string, name: string, command: string[], steps: unknown[] = []): string {
  return recordSpec(dir, 'Command Device', name, { command, ...(steps.length ? { steps } : {}) });
}

describe('record: command driver', function () {
  let dir: string;
  let writer: string;
  before(function () {
    dir = tempDir('leakspec-record-cmd-');
    writer = write(join(dir, 'writer.mjs'), WRITER);
  });

  it('records with the user program and `run --record` then fails no-plaintext for the plaintext flow', function () {
    // A relative program path is relative to the spec file's folder.
    const file = spec(dir, 'good', [process.execPath, '../writer.mjs', 'write']);
    const out = join(dir, 'reports-good');
    const r = cli(['run', '--record', file, '--out', out]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const capture = join(dir, 'captures', 'good.pcap');
    assert.ok(statSync(capture).size > 24, 'the capture was written to the scenario path');
    assert.match(r.stderr, /recorded .*good\.pcap \(\d+ bytes, command/);
    const c = readJUnit(join(out, 'junit.xml')).suites[0].cases[0];
    assert.equal(c.name, 'good \u203a no-plaintext');
    assert.ok(c.failure, 'no-plaintext must fail');
    assert.ok(c.failure.text.includes('10.0.2.2:8080'), c.failure.text);
    assert.ok(!c.failure.text.includes('8443'), `the TLS flow must not be blamed:\n${c.failure.text}`);
    assert.ok(c.failure.text.includes('imei'), c.failure.text);
  });

  it('a failing command fails the scenario with LS_RECORD_FAILED, its exit code and stderr, and keeps the old capture', function () {
    const old = write(join(dir, 'captures', 'failing.pcap'), 'previous capture');
    const file = spec(dir, 'failing', [process.execPath, writer, 'fail']);
    const out = join(dir, 'reports-failing');
    const r = cli(['record', file, '--out', out]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAILED \(LS_RECORD_FAILED\): command '.*writer\.mjs fail' exited with 3; its stderr ends:\n\s+adb: device emulator-5554 not found/);
    assert.equal(readFileSync(old, 'utf8'), 'previous capture', 'a failed recording leaves the old capture alone');
    const log = readFileSync(join(out, 'record', 'command-device-failing.log'), 'utf8');
    assert.match(log, /\[command\] adb: device emulator-5554 not found/);

    const run = cli(['run', '--record', file, '--out', out]);
    assert.equal(run.code, 1);
    const c = readJUnit(join(out, 'junit.xml')).suites[0].cases[0];
    assert.ok(c.failure);
    assert.match(c.failure.text, /LS_RECORD_FAILED/);
    assert.match(c.failure.text, /recording failed: command .* exited with 3/);
  });

  for (const [mode, why] of [
    ['header-only', /a capture with no packets/],
    ['zero-bytes', /an empty capture file \(0 bytes\)/],
    ['nothing', /without writing the capture to LEAKSPEC_CAPTURE/],
  ] as const) {
    it(`a capture that is ${mode} fails the recording (${why.source})`, function () {
      const file = spec(dir, mode, [process.execPath, writer, mode]);
      const r = cli(['record', file, '--out', join(dir, `reports-${mode}`)]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, why);
      assert.ok(!existsSync(join(dir, 'captures', `${mode}.pcap`)), 'no capture is written');
    });
  }

  describe('with steps', function () {
    let server: Server;
    let port: number;
    const got: string[] = [];
    before(async function () {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (d: Buffer) => (body += d.toString()));
        req.on('end', () => {
          got.push(`${req.method} ${req.url} ${body}`);
          res.statusCode = req.url === '/broken' ? 500 : 200;
          res.end(req.url === '/broken' ? 'emulator not booted' : 'started');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    after(function () {
      server.close();
    });

    // The CLI runs asynchronously here: the test's own HTTP server must keep answering.
    it('runs http, exec and wait steps while the command records, then stops it with SIGINT', async function () {
      const marker = join(dir, 'step-ran');
      const file = spec(dir, 'stepped', [process.execPath, writer, 'until-sigint'], [
        { http: { method: 'POST', url: `http://127.0.0.1:${port}/start`, body: '{"app":"setup"}' } },
        { exec: [process.execPath, '-e', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`] },
        { wait: '100ms' },
      ]);
      const r = await cliAsync(['record', file, '--out', join(dir, 'reports-stepped')]).done;
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(got, ['POST /start {"app":"setup"}']);
      assert.equal(readFileSync(marker, 'utf8'), 'ran');
      assert.ok(statSync(join(dir, 'captures', 'stepped.pcap')).size > 24);
      assert.match(r.stdout, /1 recorded, 0 failed/);
    });

    it('an http step answered 500 fails the recording, naming the step and quoting the answer', async function () {
      const file = spec(dir, 'http-500', [process.execPath, writer, 'until-sigint'], [{ http: { method: 'GET', url: `http://127.0.0.1:${port}/broken` } }]);
      const r = await cliAsync(['record', file, '--out', join(dir, 'reports-500')]).done;
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /step 1 \(http GET http:\/\/127\.0\.0\.1:\d+\/broken\): GET .* answered 500: emulator not booted/);
    });

    it('a failing exec step fails the recording with its exit code, and the command is stopped', function () {
      const file = spec(dir, 'exec-fails', [process.execPath, writer, 'until-sigint'], [{ exec: [process.execPath, '-e', 'console.error("no such activity"); process.exit(5)'] }]);
      const r = cli(['record', file, '--out', join(dir, 'reports-exec')]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /step 1 \(exec .*\): '.*node.*' exited with 5: no such activity/);
    });

    it('a recording over --timeout fails, saying it timed out', function () {
      const file = spec(dir, 'slow', [process.execPath, writer, 'until-sigint'], [{ wait: '60s' }]);
      const r = cli(['record', file, '--out', join(dir, 'reports-slow'), '--timeout', '1s']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /step 1 \(wait 60s\): the recording timed out after 1 s/);
    });
  });

  it('usage errors: a bad --timeout, and specs without a record block (exit 2)', function () {
    const file = spec(dir, 'good2', [process.execPath, writer, 'write']);
    assert.equal(cli(['record', file, '--timeout', 'soon']).code, 2);
    const plain = write(join(dir, 'plain', 'p.yaml'), readFileSync(file, 'utf8').replace(/\s+record: .*\n/, '\n'));
    const r = cli(['record', plain]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /no scenario has a record block/);
  });
});

