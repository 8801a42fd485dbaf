/** Record stage: make a scenario's capture again by driving the device (container, netns, command). */

/** A step of a recording, run in order after the driver has started. */
export type Step =
  /** A command (argument list): inside the container or namespace; on the host for `command`. */
  | { kind: 'exec'; argv: string[] }
  /** Wait this many milliseconds. */
  | { kind: 'wait'; ms: number; text: string }
  /** An HTTP request to the device's control API, sent from the host with undici. */
  | { kind: 'http'; method: string; url: string; body: string | null };

/** The `record.container` block, typed. */
export interface ContainerConfig {
  kind: 'container';
  image: string;
  privileged: boolean;
  env: Record<string, string>;
  /** Wait for this log line before the steps; null: start the steps at once. */
  ready: { log: string; timeoutMs: number } | null;
  /** Path of the capture file inside the container. */
  capture: string;
}

/** The `record.netns` block (it has no options). */
export interface NetnsConfig {
  kind: 'netns';
}

/** The `record.command` argument list. */
export interface CommandConfig {
  kind: 'command';
  argv: string[];
}

export type DriverConfig = ContainerConfig | NetnsConfig | CommandConfig;
export type DriverName = DriverConfig['kind'];

/** A scenario's `record` block, typed. */
export interface RecordConfig {
  driver: DriverConfig;
  steps: Step[];
}

/** What a driver gets for one recording. */
export interface DriverContext {
  /** Aborted on timeout or interrupt: every wait must give up when it fires. */
  signal: AbortSignal;
  /** Diagnostics (container logs, tcpdump and step output); saved when the recording fails. */
  log: LogSink;
  /** A private, empty folder on the capture's file system, removed afterwards. */
  workDir: string;
  /** Unique id of this recording (hex), used in names and labels. */
  id: string;
  /** The spec file's folder: the working folder of commands and host-side steps. */
  cwd: string;
}

/** Where drivers write diagnostics. */
export interface LogSink {
  write(text: string): void;
}

/**
 * One recording in progress. The recorder calls `start`, then `exec` for
 * each exec step, then `collect`; `cleanup` always, also after a failure, a
 * timeout or an interrupt, and it must be safe to call more than once.
 */
export interface DriverSession {
  start(): Promise<void>;
  /** Runs one exec step; throws RecordFailure when it fails. */
  exec(argv: string[]): Promise<void>;
  /** Ends the capture and writes it to `dest` (a path in the work folder). */
  collect(dest: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** A recording driver: one module under `drivers/`, one registry line. */
export interface Driver<C extends DriverConfig = DriverConfig> {
  name: C['kind'];
  /** Creates the session; has no side effects (those happen in `start`). */
  session(config: C, ctx: DriverContext): DriverSession;
}

/** The result of recording one scenario. */
export interface RecordOutcome {
  /** Absolute path of the spec file. */
  specFile: string;
  model: string;
  scenario: string;
  status: 'recorded' | 'failed' | 'skipped';
  driver: DriverName | null;
  /** Where the capture was written (recorded) or would have been. */
  capture: string | null;
  /** Size of the new capture in bytes. */
  bytes: number | null;
  /** Why the recording failed or was skipped. */
  error: { code: string; message: string } | null;
  /** The diagnostics file written for a failed recording. */
  logFile: string | null;
  /** Duration in milliseconds. */
  ms: number;
}

/** Options of a recording run. */
export interface RecordOptions {
  /** The reports folder: diagnostics of failed recordings go to `<outDir>/record/`. */
  outDir: string;
  /** Whole-recording timeout per scenario in milliseconds (default 30 min). */
  timeoutMs?: number;
  /** Progress lines (one per scenario) go here when given. */
  progress?: NodeJS.WritableStream;
}
