/** Child processes of a recording: output to the log, exit awaited, abortable, always killable. */
import { spawn, type ChildProcess } from 'node:child_process';
import { abortReason } from './abort.js';
import { prefixedWriter } from './log-buffer.js';
import { RecordFailure } from './record-error.js';
import type { LogSink } from './types.js';

/** How a process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Text of the last stderr output kept for messages (4 KiB). */
const STDERR_TAIL = 4096;

/** A started child process. */
export interface Proc {
  readonly pid: number;
  /** Settles when the process has exited (never rejects). */
  readonly exited: Promise<Exit>;
  /** Whether it has exited. */
  readonly done: boolean;
  /** The last 4 KiB of its stderr. */
  stderrTail(): string;
  /** Sends a signal to it, or to its process group when started `group: true`. */
  kill(signal: NodeJS.Signals): void;
}

/** Options of `startProcess`. */
export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Working folder (relative program paths resolve against it). */
  cwd?: string;
  log: LogSink;
  /** Prefix of its lines in the log (`[tcpdump] `). */
  prefix: string;
  /** Own process group (a terminal's Ctrl-C does not reach it; `kill` signals the group). */
  group?: boolean;
  /** Called with each stderr chunk (to watch for "listening on"). */
  onStderr?: (chunk: string) => void;
}

/** `exited with 3` / `was killed by SIGKILL`. */
export function describeExit(e: Exit): string {
  return e.signal ? `was killed by ${e.signal}` : `exited with ${e.code}`;
}

/**
 * Starts a program (no shell). Rejects with a RecordFailure when it cannot be
 * started at all (not found, not executable).
 */
export async function startProcess(argv: string[], opts: StartOptions): Promise<Proc> {
  const child: ChildProcess = spawn(argv[0], argv.slice(1), {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.group === true,
  });
  let tail = '';
  let done = false;
  const out = prefixedWriter(opts.log, opts.prefix);
  child.stdout!.on('data', out);
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-STDERR_TAIL);
    out(text);
    opts.onStderr?.(text);
  });
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e: NodeJS.ErrnoException) => {
      done = true;
      const why = e.code === 'ENOENT' ? 'not found' : e.code === 'EACCES' ? 'not executable' : e.message;
      reject(new RecordFailure(`cannot run '${argv[0]}': ${why}`, { cause: e }));
    });
  });
  const pid = child.pid!;
  return {
    pid,
    exited,
    get done() {
      return done;
    },
    stderrTail: () => tail,
    kill(signal) {
      if (done) return;
      try {
        if (opts.group) process.kill(-pid, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    },
  };
}

/**
 * Stops a process: `signal` first, SIGKILL after `graceMs`. Returns how it
 * ended and whether it needed the SIGKILL.
 */
export async function stopProcess(p: Proc, signal: NodeJS.Signals, graceMs: number): Promise<Exit & { forced: boolean }> {
  if (p.done) return { ...(await p.exited), forced: false };
  p.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  const first = await Promise.race([p.exited, late]);
  clearTimeout(timer);
  if (first !== 'late') return { ...first, forced: false };
  p.kill('SIGKILL');
  return { ...(await p.exited), forced: true };
}

/**
 * Runs a program to its end. Resolves when it exits 0; otherwise rejects with
 * a RecordFailure naming `what`, the exit and the end of its stderr. On abort
 * it is killed (SIGKILL after 2 s of SIGTERM) before the abort is reported.
 */
export async function runToEnd(argv: string[], what: string, signal: AbortSignal, opts: StartOptions): Promise<void> {
  const p = await startProcess(argv, opts);
  const onAbort = (): void => void stopProcess(p, 'SIGTERM', 2000);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const exit = await p.exited;
    if (signal.aborted) throw abortReason(signal);
    if (exit.code !== 0) {
      const err = p.stderrTail().trim();
      throw new RecordFailure(`${what} ${describeExit(exit)}${err ? `: ${lastLines(err)}` : ''}`);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function lastLines(text: string): string {
  return text.split('\n').slice(-6).join('\n');
}
