/**
 * Runs one bench measurement in a child process pinned to one core
 * (`taskset`, when installed) and measures its wall time and peak resident
 * memory (GNU `/usr/bin/time -v`, when installed; else peak RSS is unknown).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { cpus } from 'node:os';

/** What one child run took. */
export interface Measured {
  /** Wall-clock seconds. */
  seconds: number;
  /** User plus system CPU seconds of the child, or null when unknown. */
  cpuSeconds: number | null;
  /** Peak resident set size in bytes, or null when it cannot be measured. */
  peakRss: number | null;
  stdout: string;
  stderr: string;
  status: number | null;
}

const TIME = '/usr/bin/time';
const TASKSET = '/usr/bin/taskset';

/** Whether a program is on the PATH. */
export function hasProgram(name: string): boolean {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}

/** How runs are pinned and measured, for the report. */
export function measureMethod(): string {
  const pin = existsSync(TASKSET) ? `pinned to CPU ${cpus().length - 1} with taskset` : 'not pinned (taskset missing)';
  const rss = existsSync(TIME) ? 'peak RSS from /usr/bin/time -v' : 'peak RSS unknown (/usr/bin/time missing)';
  return `${pin}; ${rss}`;
}

/**
 * Runs `cmd args` once; stdout goes to `stdoutFile` when given (else it is
 * captured); `pin: false` leaves every core to it. Throws when the program fails.
 */
export function measure(cmd: string, args: string[], stdoutFile?: string, pin = true): Measured {
  let argv = [cmd, ...args];
  const timed = existsSync(TIME);
  if (timed) argv = [TIME, '-v', ...argv];
  if (pin && existsSync(TASKSET)) argv = [TASKSET, '-c', String(cpus().length - 1), ...argv];
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'pipe';
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', out, 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (typeof out === 'number') closeSync(out);
  const stderr = r.stderr ?? '';
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${stderr.slice(-2000)}`);
  }
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const cpuSeconds = user && sys ? Number(user[1]) + Number(sys[1]) : null;
  return { seconds, cpuSeconds, peakRss: m ? Number(m[1]) * 1024 : null, stdout: r.stdout ?? '', stderr, status: r.status };
}
