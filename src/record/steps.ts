/** Runs a recording's steps in order: exec through the driver, wait, http. */
import { sleep, untilAborted } from './abort.js';
import { describeStep } from './config.js';
import { httpStep } from './http-step.js';
import { RecordFailure, messageOf } from './record-error.js';
import type { DriverSession, LogSink, Step } from './types.js';

type StepRunner = (step: Step, session: DriverSession, signal: AbortSignal, log: LogSink) => Promise<void>;

const RUNNERS: Record<Step['kind'], StepRunner> = {
  exec: (step, session) => session.exec((step as Extract<Step, { kind: 'exec' }>).argv),
  wait: (step, _session, signal) => sleep((step as Extract<Step, { kind: 'wait' }>).ms, signal),
  http: (step, _session, signal, log) => httpStep(step as Extract<Step, { kind: 'http' }>, signal, log),
};

/**
 * Runs every step; the first that fails stops the recording with a
 * RecordFailure naming the step (`step 2 (exec adb shell ...)`: reason).
 */
export async function runSteps(steps: readonly Step[], session: DriverSession, signal: AbortSignal, log: LogSink): Promise<void> {
  for (const [i, step] of steps.entries()) {
    const label = `step ${i + 1} (${describeStep(step)})`;
    log.write(`[leakspec] ${label}\n`);
    try {
      await untilAborted(RUNNERS[step.kind](step, session, signal, log), signal);
    } catch (e) {
      if (signal.aborted) throw new RecordFailure(`${label}: ${messageOf(signal.reason)}`);
      throw new RecordFailure(`${label}: ${messageOf(e)}`, { cause: e });
    }
  }
}
