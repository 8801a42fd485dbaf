/**
 * `netns` (Linux, root): the steps run in a fresh network namespace while
 * tcpdump captures the namespace's side of its veth link. Steps get
 * LEAKSPEC_HOST_ADDR (the host side, where services under test listen),
 * LEAKSPEC_DEVICE_ADDR and LEAKSPEC_NETNS in their environment.
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { untilAborted } from '../abort.js';
import { describeExit, runToEnd, startProcess, stopProcess, type Proc } from '../process.js';
import { RecordFailure } from '../record-error.js';
import type { Driver, DriverContext, DriverSession, NetnsConfig } from '../types.js';
import { createNetns, destroyNetns, planNetns, type NetnsPlan } from './netns-links.js';

/** How long tcpdump may take to say it is listening, and to exit after SIGINT. */
export const TCPDUMP_WAIT_MS = 10_000;

class NetnsSession implements DriverSession {
  private plan: NetnsPlan | null = null;
  private tcpdump: Proc | null = null;
  private readonly file: string;

  constructor(private readonly ctx: DriverContext) {
    this.file = join(ctx.workDir, 'capture.pcap');
  }

  async start(): Promise<void> {
    if (process.platform !== 'linux') throw new RecordFailure('the netns driver runs on Linux only');
    if (process.getuid?.() !== 0) throw new RecordFailure('the netns driver needs root (it creates a network namespace and runs tcpdump)');
    this.plan = await planNetns(this.ctx.id);
    const p = this.plan;
    this.ctx.log.write(`[leakspec] namespace ${p.ns}: host side ${p.hostIf} ${p.hostAddr}/30, namespace side ${p.nsIf} ${p.deviceAddr}/30\n`);
    await createNetns(p);
    let listening!: () => void;
    const ready = new Promise<void>((resolve) => (listening = resolve));
    this.tcpdump = await startProcess(['ip', 'netns', 'exec', p.ns, 'tcpdump', '-i', p.nsIf, '-w', this.file, '-U', '--immediate-mode', '-n', '-Z', 'root'], {
      log: this.ctx.log,
      prefix: '[tcpdump] ',
      group: true,
      onStderr: (text) => {
        if (text.includes('listening on')) listening();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const outcome = await untilAborted(
      Promise.race([
        ready.then(() => 'ready' as const),
        this.tcpdump.exited.then((e) => e),
        new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), TCPDUMP_WAIT_MS))),
      ]),
      this.ctx.signal,
    ).finally(() => clearTimeout(timer));
    if (outcome === 'late') throw new RecordFailure(`tcpdump did not start listening within ${TCPDUMP_WAIT_MS / 1000} s`);
    if (outcome !== 'ready') throw new RecordFailure(`tcpdump ${describeExit(outcome)}: ${this.tcpdump.stderrTail().trim()}`);
  }

  async exec(argv: string[]): Promise<void> {
    const p = this.plan!;
    const env = { ...process.env, LEAKSPEC_HOST_ADDR: p.hostAddr, LEAKSPEC_DEVICE_ADDR: p.deviceAddr, LEAKSPEC_NETNS: p.ns };
    await runToEnd(['ip', 'netns', 'exec', p.ns, ...argv], `'${argv[0]}'`, this.ctx.signal, { env, cwd: this.ctx.cwd, log: this.ctx.log, prefix: `[${argv[0]}] ` });
  }

  async collect(dest: string): Promise<void> {
    const t = this.tcpdump!;
    if (t.done) throw new RecordFailure(`tcpdump ${describeExit(await t.exited)} during the steps: ${t.stderrTail().trim()}`);
    const exit = await stopProcess(t, 'SIGINT', TCPDUMP_WAIT_MS);
    if (exit.forced) throw new RecordFailure(`tcpdump did not exit within ${TCPDUMP_WAIT_MS / 1000} s of SIGINT and was killed`);
    if (exit.code !== 0) throw new RecordFailure(`tcpdump ${describeExit(exit)}: ${t.stderrTail().trim()}`);
    await rename(this.file, dest).catch(() => {
      throw new RecordFailure('tcpdump exited without writing a capture file');
    });
  }

  async cleanup(): Promise<void> {
    if (this.tcpdump && !this.tcpdump.done) await stopProcess(this.tcpdump, 'SIGTERM', 2000);
    if (this.plan) {
      const problems = await destroyNetns(this.plan);
      for (const pr of problems) this.ctx.log.write(`[leakspec] cleanup: ${pr}\n`);
    }
  }
}

/** The `netns` driver. */
export const netnsDriver: Driver<NetnsConfig> = {
  name: 'netns',
  session: (_config, ctx) => new NetnsSession(ctx),
};
