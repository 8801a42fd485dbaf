/** The `http` step: one request to the device's control API, sent with undici. */
import { request } from 'undici';
import { abortReason } from './abort.js';
import { RecordFailure, messageOf } from './record-error.js';
import type { LogSink } from './types.js';

/** Timeouts of an `http` step: connecting, waiting for the response head, and for each body chunk. */
export const HTTP_STEP_TIMEOUTS_MS = { connect: 10_000, headers: 60_000, body: 60_000 } as const;

/** Characters of a failed response's body quoted in the error message. */
const BODY_QUOTE = 300;

const CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  UND_ERR_CONNECT_TIMEOUT: `no connection within ${HTTP_STEP_TIMEOUTS_MS.connect / 1000} s`,
  UND_ERR_HEADERS_TIMEOUT: `no response within ${HTTP_STEP_TIMEOUTS_MS.headers / 1000} s`,
  UND_ERR_BODY_TIMEOUT: `the response body stalled for ${HTTP_STEP_TIMEOUTS_MS.body / 1000} s`,
  UND_ERR_SOCKET: 'the connection closed early',
};

function reasonOf(e: unknown): string {
  const err = e as { code?: string; cause?: { code?: string } };
  const code = err?.code ?? err?.cause?.code;
  return (code && CODES[code]) || messageOf(e);
}

/**
 * Sends the request; resolves when the answer is 2xx or 3xx (the body is read
 * and logged, capped), else throws a RecordFailure that says what happened.
 */
export async function httpStep(step: { method: string; url: string; body: string | null }, signal: AbortSignal, log: LogSink): Promise<void> {
  const what = `${step.method} ${step.url}`;
  let res;
  try {
    res = await request(step.url, {
      method: step.method as 'GET',
      body: step.body ?? undefined,
      headersTimeout: HTTP_STEP_TIMEOUTS_MS.headers,
      bodyTimeout: HTTP_STEP_TIMEOUTS_MS.body,
      signal,
    });
  } catch (e) {
    if (signal.aborted) throw abortReason(signal);
    throw new RecordFailure(`${what}: ${reasonOf(e)}`, { cause: e });
  }
  let text: string;
  try {
    text = await res.body.text();
  } catch (e) {
    if (signal.aborted) throw abortReason(signal);
    throw new RecordFailure(`${what}: reading the response failed: ${reasonOf(e)}`, { cause: e });
  }
  log.write(`[http] ${what} -> ${res.statusCode}\n${text.slice(0, 4096)}${text.length > 4096 ? '\n[...]' : ''}\n`);
  if (res.statusCode >= 400) {
    const quote = text.trim().slice(0, BODY_QUOTE);
    throw new RecordFailure(`${what} answered ${res.statusCode}${quote ? `: ${quote}` : ''}`);
  }
}
