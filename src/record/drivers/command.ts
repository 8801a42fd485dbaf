/**
 * `command`: the user's program records. It gets the path to write in
 * LEAKSPEC_CAPTURE. Without steps, it runs to its end; with steps, the steps
 * run (exec on the host) while it runs, then it gets SIGINT (its whole
 * process group) and is waited for, as tcpdump expects.
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { untilAborted } from '../abort.js';
import { describeExit, runToEnd, startProcess, stopProcess, type Proc } from '../process.js';
import { RecordFailure } from '../record-error.js';
import type { CommandConfig, Driver, DriverContext, DriverSession } from '../types.js';

/** How long a command may take to finish after SIGINT before it is killed (and the recording fails). */
export const COMMAND_STOP_GRACE_MS = 30_000;

class CommandSession implements DriverSession {
  private proc: Proc | null = null;
  private readonly file: string;
  private steps = 0;

  constructor(
    private readonly config: CommandConfig,
    private readonly ctx: DriverContext,
  ) {
    this.file = join(ctx.workDir, 'capture');
  }

  private get name(): string {
    return `command '${this.config.argv.join(' ')}'`;
  }

  async start(): Promise<void> {
    this.proc = await startProcess(this.config.argv, {
      env: { ...process.env, LEAKSPEC_CAPTURE: this.file },
      cwd: this.ctx.cwd,
      log: this.ctx.log,
      prefix: '[command] ',
      group: true,
    });
  }

  async exec(argv: string[]): Promise<void> {
    this.steps++;
    if (this.proc?.done) throw this.failed(await this.proc.exited, 'before the steps ended');
    await runToEnd(argv, `'${argv[0]}'`, this.ctx.signal, { cwd: this.ctx.cwd, log: this.ctx.log, prefix: `[${argv[0]}] ` });
  }

  async collect(dest: string): Promise<void> {
    const proc = this.proc!;
    let exit;
    if (this.steps === 0 || proc.done) {
      exit = await untilAborted(proc.exited, this.ctx.signal);
      if (exit.code !== 0) throw this.failed(exit);
    } else {
      exit = await stopProcess(proc, 'SIGINT', COMMAND_STOP_GRACE_MS);
      if (exit.forced) throw new RecordFailure(`${this.name} did not end within ${COMMAND_STOP_GRACE_MS / 1000} s of SIGINT and was killed`);
      const stopped = exit.code === 0 || exit.code === 130 || exit.signal === 'SIGINT';
      if (!stopped) throw this.failed(exit);
    }
    try {
      await rename(this.file, dest);
    } catch {
      throw new RecordFailure(`${this.name} ${describeExit(exit)} without writing the capture to LEAKSPEC_CAPTURE (${this.file})`);
    }
  }

  private failed(exit: { code: number | null; signal: NodeJS.Signals | null }, when = ''): RecordFailure {
    const err = this.proc!.stderrTail().trim().split('\n').slice(-6).join('\n');
    return new RecordFailure(`${this.name} ${describeExit(exit)}${when ? ` ${when}` : ''}${err ? `; its stderr ends:\n${err}` : ''}`);
  }

  async cleanup(): Promise<void> {
    if (this.proc && !this.proc.done) await stopProcess(this.proc, 'SIGTERM', 2000);
  }
}

/** The `command` driver. */
export const commandDriver: Driver<CommandConfig> = {
  name: 'command',
  session: (config, ctx) => new CommandSession(config, ctx),
};
