/**
 * A tiny device image for the container tests, built locally without pulling
 * anything: a root file system holding node, tcpdump, the shared libraries
 * `ldd` lists for them, and the device script, turned into an image with
 * `docker import`. Its entrypoint captures eth0 into /data/capture.pcap with
 * tcpdump and logs "device ready" (as an emulator started with `-tcpdump`
 * would). The tag holds a hash of the contents, so it is built once.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../support/paths.js';
import { DEVICE_SCRIPT } from './support.js';

function run(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** The files a dynamically linked program needs: itself and every library ldd lists (the loader too). */
function closure(program: string): string[] {
  const files = [program];
  for (const m of run('ldd', [program]).matchAll(/(\/\S+) \(0x/g)) files.push(m[1]);
  return files;
}

/** Builds (or finds) the image and returns its tag. */
export function deviceImage(): string {
  const node = realpathSync(process.execPath);
  const tcpdump = realpathSync(run('sh', ['-c', 'command -v tcpdump']).trim());
  const files = [...new Set([...closure(node), ...closure(tcpdump)])];
  const h = createHash('sha256').update(DEVICE_SCRIPT);
  for (const f of files) h.update(`${f}:${statSync(f).size}:${statSync(f).mtimeMs}\n`);
  const tag = `leakspec-test-device:${h.digest('hex').slice(0, 16)}`;
  if (spawnSync('docker', ['image', 'inspect', tag], { stdio: 'ignore' }).status === 0) return tag;

  const root = join(tempDir('leakspec-device-rootfs-'), 'root');
  const put = (path: string, from: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    copyFileSync(realpathSync(from), join(root, path));
  };
  for (const f of files) put(f, f);
  put('/usr/bin/node', node);
  put('/usr/bin/tcpdump', tcpdump);
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\n');
  mkdirSync(join(root, 'app'), { recursive: true });
  writeFileSync(join(root, 'app', 'device.js'), DEVICE_SCRIPT);
  for (const d of ['data', 'tmp', 'root']) mkdirSync(join(root, d), { recursive: true });
  const tar = join(dirname(root), 'rootfs.tar');
  run('tar', ['-C', root, '-cf', tar, '.']);
  const entry = JSON.stringify(['/usr/bin/node', '/app/device.js', 'serve', 'eth0', '/data/capture.pcap']);
  run('docker', ['import', '--change', `ENTRYPOINT ${entry}`, tar, tag]);
  return tag;
}

/** The address containers on Docker's default bridge reach the host at: its gateway, else the bridge interface's address. */
export function bridgeGateway(): string {
  const format = '{{range .IPAM.Config}}{{.Gateway}}{{end}} {{index .Options "com.docker.network.bridge.name"}}';
  const [gw, bridge] = run('docker', ['network', 'inspect', 'bridge', '--format', format]).replace(/\s+$/, '').split(' ');
  if (gw) return gw;
  // (os.networkInterfaces leaves out a bridge that no container uses yet: it is down.)
  const addr = /inet (\d+\.\d+\.\d+\.\d+)\//.exec(run('ip', ['-4', '-o', 'addr', 'show', 'dev', bridge || 'docker0']));
  if (!addr) throw new Error('cannot find the address of the default Docker bridge');
  return addr[1];
}
