/**
 * Finding the next message head after a TCP gap: a line that is a plausible
 * request line (a known method, one target, HTTP/1.0 or HTTP/1.1) in the
 * client direction, or a status line (HTTP/1.x and three digits) in the
 * server direction, at the start of the bytes or just after a line feed.
 */
import type { Dir } from '../decode/types.js';
import { latin1 } from './bytes.js';
import { KNOWN_METHODS } from './http-head.js';

/** Longest line tested as a start line; an unfinished line longer than this is dropped. */
export const MAX_RESYNC_LINE = 8 * 1024;

const REQUEST_LINE = new RegExp(`^(?:${KNOWN_METHODS.join('|')}) [^ ]+ HTTP/1\\.[01]\\r?$`);
const STATUS_LINE = /^HTTP\/1\.[01] \d{3}(?: [^\r\n]*)?\r?$/;

/**
 * Where parsing may resume in `b` from `from`: `{ found: true, at }` with
 * `at` the start of a plausible start line for `dir`; else `{ found: false,
 * at }` with `at` the bytes that can be dropped (the last, unfinished line is
 * kept, unless it is longer than MAX_RESYNC_LINE).
 */
export function resyncPoint(b: Uint8Array, from: number, dir: Dir): { found: boolean; at: number } {
  const pattern = dir === 0 ? REQUEST_LINE : STATUS_LINE;
  let start = from;
  while (start < b.length) {
    const lf = b.indexOf(0x0a, start);
    if (lf < 0) break;
    // Start lines begin with an upper-case letter: test only those.
    if (lf - start <= MAX_RESYNC_LINE && b[start] >= 0x41 && b[start] <= 0x5a && pattern.test(latin1(b, start, lf))) {
      return { found: true, at: start };
    }
    start = lf + 1;
  }
  return { found: false, at: b.length - start > MAX_RESYNC_LINE ? b.length : start };
}
