/** The one error of the record stage: a recording that failed, timed out or gave no capture. */
import { ErrorCodes, LeakspecError } from '../errors.js';

/** A failed recording, code LS_RECORD_FAILED. The message says what failed and why. */
export class RecordFailure extends LeakspecError {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(ErrorCodes.RECORD_FAILED, message, opts);
    this.name = 'RecordFailure';
  }
}

/** The message of any thrown value, for wrapping in a RecordFailure. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
