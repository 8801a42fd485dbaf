/** Ctrl-C and termination during a recording: abort it, let cleanup run, then end the process. */
import { constants } from 'node:os';

/** Signals that abort a recording. */
export const INTERRUPT_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Installs handlers for SIGINT, SIGTERM and SIGHUP that call `onSignal` (which
 * aborts the recording, so its cleanup runs). A second signal ends the
 * process at once. Returns the function that removes the handlers.
 */
export function catchInterrupts(onSignal: (signal: NodeJS.Signals) => void): () => void {
  let seen = 0;
  const handler = (signal: NodeJS.Signals): void => {
    seen++;
    if (seen > 1) {
      process.stderr.write(`leakspec: ${signal} again: exiting without waiting for cleanup\n`);
      process.exit(128 + (constants.signals[signal] ?? 2));
    }
    onSignal(signal);
  };
  for (const s of INTERRUPT_SIGNALS) process.on(s, handler);
  return () => {
    for (const s of INTERRUPT_SIGNALS) process.off(s, handler);
  };
}

/**
 * Ends the process the way the signal would have, now that cleanup is done
 * (the handlers must have been removed): the shell and CI see the usual
 * "killed by SIGINT" status.
 */
export function resendSignal(signal: NodeJS.Signals): void {
  process.kill(process.pid, signal);
}
