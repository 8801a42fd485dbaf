/** Helpers for the recording tests: the CLI as a child process, leftovers, services, environment checks. */
import { spawn, spawnSync } from 'node:child_process';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { write } from '../e2e/cli.js';

/** The test IMEI (Luhn-valid, from the 3GPP test range). */
export const TEST_IMEI = '490154203237518';

const ENTRY = fileURLToPath(new URL('./cli-entry.js', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the leakspec CLI in a child process and waits for it. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const r = spawnSync(process.execPath, [ENTRY, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: '1', LEAKSPEC_TODAY: '', ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI without waiting: for interrupting it. */
export function cliAsync(args: string[]): { child: ReturnType<typeof spawn>; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [ENTRY, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** Polls `check` every 100 ms until it returns true (or throws after `ms`, naming `what`). */
export async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function sh(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

/** Namespaces and links named `ls-*` (what the netns driver makes) that exist now. */
export function netnsLeftovers(): string[] {
  const ns = sh('ip', ['netns', 'list']).out.split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith('ls-'));
  const links = [...sh('ip', ['-o', 'link', 'show']).out.matchAll(/^\d+: (ls-[^:@\s]+)/gm)].map((m) => `link ${m[1]}`);
  return [...ns.map((n) => `netns ${n}`), ...links];
}

/** Containers (running or not) that carry the recording label. */
export function containerLeftovers(): string[] {
  const r = sh('docker', ['ps', '-a', '-q', '--filter', 'label=leakspec.recording']);
  return r.out.split('\n').filter(Boolean);
}

function skipOrFail(ctx: Mocha.Context, reason: string, strict: boolean, variable: string): void {
  if (strict) throw new Error(`${reason} (${variable}=1 requires it)`);
  process.stdout.write(`      (skipped: ${reason})\n`);
  ctx.skip();
}

/** Skips (printing why) unless this is Linux, root, and `ip netns` and tcpdump work; fails instead under LEAKSPEC_REQUIRE_TOOLS=1. */
export function requireNetns(ctx: Mocha.Context): void {
  const strict = process.env.LEAKSPEC_REQUIRE_TOOLS === '1';
  if (process.platform !== 'linux') return skipOrFail(ctx, 'network namespaces need Linux', strict, 'LEAKSPEC_REQUIRE_TOOLS');
  if (process.getuid?.() !== 0) return skipOrFail(ctx, 'the netns driver needs root', strict, 'LEAKSPEC_REQUIRE_TOOLS');
  if (!sh('sh', ['-c', 'command -v tcpdump']).ok) return skipOrFail(ctx, 'tcpdump is not installed', strict, 'LEAKSPEC_REQUIRE_TOOLS');
  const probe = `ls-probe-${process.pid}`;
  const ok = sh('ip', ['netns', 'add', probe]).ok && sh('ip', ['netns', 'delete', probe]).ok;
  if (!ok) skipOrFail(ctx, "'ip netns' does not work here", strict, 'LEAKSPEC_REQUIRE_TOOLS');
}

/** Skips (printing why) unless a Docker engine answers; fails instead under REQUIRE_CONTAINERS=1. */
export function requireContainers(ctx: Mocha.Context): void {
  const strict = process.env.REQUIRE_CONTAINERS === '1';
  if (!sh('sh', ['-c', 'command -v docker']).ok) return skipOrFail(ctx, 'the docker command is not installed', strict, 'REQUIRE_CONTAINERS');
  const info = sh('docker', ['info', '--format', '{{.ServerVersion}}']);
  if (!info.ok) skipOrFail(ctx, `no Docker engine answers (${info.out.trim().split('\n')[0]}); scripts/ci/setup-services.sh starts one`, strict, 'REQUIRE_CONTAINERS');
}

/** A self-signed certificate for `name`, made with openssl (an EC key: quick). */
export function selfSignedCert(dir: string, name: string): { key: Buffer; cert: Buffer } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const r = sh('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${name}`]);
  if (!r.ok) throw new Error(`openssl failed: ${r.out}`);
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/** The HTTP and TLS servers a device talks to in the tests, and what they received. */
export interface Services {
  httpPort: number;
  tlsPort: number;
  /** Request bodies the HTTP server received. */
  posts: string[];
  /** Bytes the TLS server received, decrypted. */
  tlsData: string[];
  close(): Promise<void>;
}

/** Starts an HTTP server and a TLS server on `host`, on free ports. */
export async function startServices(host: string, tlsCert: { key: Buffer; cert: Buffer }): Promise<Services> {
  const posts: string[] = [];
  const tlsData: string[] = [];
  const http: HttpServer = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      posts.push(body);
      res.end('ok');
    });
  });
  const tls: TlsServer = createTlsServer(tlsCert, (socket) => {
    socket.on('data', (d: Buffer) => {
      tlsData.push(d.toString());
      socket.end('bye');
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => http.listen(0, host, r));
  await new Promise<void>((r) => tls.listen(0, host, r));
  return {
    httpPort: (http.address() as AddressInfo).port,
    tlsPort: (tls.address() as AddressInfo).port,
    posts,
    tlsData,
    close: async () => {
      http.closeAllConnections();
      await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => tls.close(r))]);
    },
  };
}

/**
 * The device program for the netns and container tests (plain JavaScript, no
 * imports outside node). `leak HOST HTTP_PORT TLS_PORT` POSTs the IMEI over
 * plain HTTP and opens a TLS connection (HOST `env`: LEAKSPEC_HOST_ADDR).
 * `serve IFACE FILE` runs tcpdump on IFACE into FILE, logs "device ready" when
 * it listens, and stays up (a container's entrypoint).
 */
export const DEVICE_SCRIPT = `
const http = require('node:http');
const tls = require('node:tls');
const { spawn } = require('node:child_process');
const [mode, a, b, c] = process.argv.slice(2);
if (mode === 'serve') {
  const t = spawn('/usr/bin/tcpdump', ['-i', a, '-w', b, '-U', '--immediate-mode', '-n', '-p', '-Z', 'root'], { stdio: ['ignore', 'inherit', 'pipe'] });
  t.stderr.on('data', (d) => {
    process.stderr.write(d);
    if (String(d).includes('listening on')) console.log('device ready');
  });
  t.on('exit', (code) => { console.log('tcpdump exited ' + code); process.exit(1); });
  process.on('SIGTERM', () => { t.kill('SIGINT'); setTimeout(() => process.exit(0), 200); });
  setInterval(() => {}, 1000);
} else if (mode === 'leak') {
  const host = a === 'env' ? process.env.LEAKSPEC_HOST_ADDR : a;
  const body = 'imei=${TEST_IMEI}&model=test';
  const req = http.request({ host, port: Number(b), method: 'POST', path: '/activate', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': body.length } }, (res) => {
    res.resume();
    res.on('end', () => {
      const s = tls.connect({ host, port: Number(c), servername: 'activation.example.com', rejectUnauthorized: false }, () => s.write('hello over tls ${TEST_IMEI}'));
      s.on('data', () => s.end());
      s.on('close', () => setTimeout(() => process.exit(0), 300));
      s.on('error', (e) => { console.error('tls: ' + e.message); process.exit(4); });
    });
  });
  req.on('error', (e) => { console.error('http: ' + e.message); process.exit(3); });
  req.end(body);
} else {
  console.error('unknown mode ' + mode);
  process.exit(2);
}
`;

/**
 * Writes `<dir>/specs/<name>.yaml`: one scenario recorded with `record`,
 * its capture at `<dir>/captures/<name>.pcap`, testing no-plaintext for the
 * test IMEI. Returns the spec's path.
 */
export function recordSpec(dir: string, model: string, name: string, record: unknown): string {
  const yaml = [
    'leakspec: 1',
    'device:',
    `  model: ${model}`,
    '  identifiers:',
    `    imei: "${TEST_IMEI}"`,
    'scenarios:',
    `  - name: ${name}`,
    `    capture: ../captures/${name}.pcap`,
    '    expect: [no-plaintext]',
    `    record: ${JSON.stringify(record)}`,
    '',
  ].join('\n');
  return write(join(dir, 'specs', `${name}.yaml`), yaml);
}
