/** Waiting that gives up when a recording is aborted (timeout or interrupt). */
import { RecordFailure } from './record-error.js';

/** Why a recording was aborted: its reason, as a RecordFailure. */
export function abortReason(signal: AbortSignal): RecordFailure {
  const r: unknown = signal.reason;
  if (r instanceof RecordFailure) return r;
  return new RecordFailure(r instanceof Error ? r.message : 'recording aborted');
}

/**
 * Settles like `p`, or rejects with the abort reason as soon as `signal`
 * fires, whichever comes first. `p` itself is not cancelled: cleanup after
 * an abort is the driver's `cleanup`.
 */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Sleeps `ms`, rejecting with the abort reason when the signal fires first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return untilAborted(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal).finally(() => clearTimeout(timer));
}
