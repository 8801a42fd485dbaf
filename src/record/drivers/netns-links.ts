/**
 * The plumbing of the `netns` driver: a namespace `ls-<id>` joined to the
 * host by a veth pair `ls-<id>h` (host side) / `ls-<id>n` (namespace side),
 * addressed from a free /30 in 10.231.0.0/16. The namespace gets no default
 * route: it reaches the host-side address and nothing else.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { RecordFailure } from '../record-error.js';

const run = promisify(execFile);

/** The private range the /30s come from. */
export const NETNS_RANGE = '10.231.0.0/16';

/** Names and addresses of one namespace. */
export interface NetnsPlan {
  ns: string;
  hostIf: string;
  nsIf: string;
  /** The host side's address (`10.231.x.y+1`): where the test's services listen. */
  hostAddr: string;
  /** The namespace side's address (`10.231.x.y+2`): the device's address in the capture. */
  deviceAddr: string;
}

/** Runs `ip ARGS`; a failure is a RecordFailure quoting ip's stderr. */
export async function ip(args: string[]): Promise<string> {
  try {
    const { stdout } = await run('ip', args, { encoding: 'utf8' });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; code?: string | number };
    if (err.code === 'ENOENT') throw new RecordFailure("the netns driver needs the 'ip' command (iproute2)");
    throw new RecordFailure(`'ip ${args.join(' ')}' failed: ${(err.stderr ?? String(e)).trim()}`);
  }
}

/** Third and fourth octets of the /30 blocks of 10.231/16 that host addresses already use. */
export function usedBlocks(ipAddrOutput: string): Set<string> {
  const used = new Set<string>();
  for (const m of ipAddrOutput.matchAll(/inet 10\.231\.(\d+)\.(\d+)\//g)) used.add(`${m[1]}.${Number(m[2]) & ~3}`);
  return used;
}

/** A free /30 (as its two usable addresses), picked at random among the unused. */
export function pickBlock(used: Set<string>, random: () => number = Math.random): { hostAddr: string; deviceAddr: string } {
  for (let tries = 0; tries < 1000; tries++) {
    const x = Math.floor(random() * 256);
    const y = Math.floor(random() * 64) * 4;
    if (used.has(`${x}.${y}`)) continue;
    return { hostAddr: `10.231.${x}.${y + 1}`, deviceAddr: `10.231.${x}.${y + 2}` };
  }
  throw new RecordFailure(`no free /30 left in ${NETNS_RANGE}`);
}

/** Plans the names and addresses for recording `id` (8 hex digits). */
export async function planNetns(id: string): Promise<NetnsPlan> {
  const used = usedBlocks(await ip(['-o', '-4', 'addr', 'show']));
  const ns = `ls-${id}`;
  return { ns, hostIf: `${ns}h`, nsIf: `${ns}n`, ...pickBlock(used) };
}

/**
 * Turns IPv6 off on both ends of the link before it comes up, so that the
 * capture holds only what the device sends (no router solicitations or
 * multicast reports of the link itself). Kernels without IPv6 need nothing.
 */
async function ipv4Only(p: NetnsPlan): Promise<void> {
  await writeFile(`/proc/sys/net/ipv6/conf/${p.hostIf}/disable_ipv6`, '1').catch(() => undefined);
  await run('ip', ['netns', 'exec', p.ns, 'sh', '-c', 'for f in /proc/sys/net/ipv6/conf/*/disable_ipv6; do echo 1 > "$f"; done 2>/dev/null; true']).catch(() => undefined);
}

/** Creates the namespace, the veth pair and the addresses (IPv4 only); brings the links up. */
export async function createNetns(p: NetnsPlan): Promise<void> {
  await ip(['netns', 'add', p.ns]);
  await ip(['link', 'add', p.hostIf, 'type', 'veth', 'peer', 'name', p.nsIf]);
  await ip(['link', 'set', p.nsIf, 'netns', p.ns]);
  await ipv4Only(p);
  await ip(['addr', 'add', `${p.hostAddr}/30`, 'dev', p.hostIf]);
  await ip(['link', 'set', p.hostIf, 'up']);
  await ip(['-n', p.ns, 'link', 'set', 'lo', 'up']);
  await ip(['-n', p.ns, 'addr', 'add', `${p.deviceAddr}/30`, 'dev', p.nsIf]);
  await ip(['-n', p.ns, 'link', 'set', p.nsIf, 'up']);
}

/**
 * Removes everything `createNetns` made, whatever state it got to: kills
 * every process left in the namespace, deletes it (which removes the veth
 * pair) and the host-side link if it is still there. Never throws.
 */
export async function destroyNetns(p: NetnsPlan): Promise<string[]> {
  const problems: string[] = [];
  const pids = await ip(['netns', 'pids', p.ns]).catch(() => '');
  for (const pid of pids.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const names = await ip(['netns', 'list']).catch(() => '');
  if (names.split('\n').some((l) => l.split(' ')[0] === p.ns)) {
    await ip(['netns', 'delete', p.ns]).catch((e: Error) => problems.push(e.message));
  }
  const links = await ip(['-o', 'link', 'show']).catch(() => '');
  if (links.includes(` ${p.hostIf}@`) || links.includes(` ${p.hostIf}:`)) {
    await ip(['link', 'delete', p.hostIf]).catch((e: Error) => problems.push(e.message));
  }
  return problems;
}
