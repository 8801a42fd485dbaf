/**
 * The e-mail detector: a conservative subset of RFC 5322 addresses, found
 * from each `@` (form `raw`) and each `%40` (form `url`).
 *
 * - Local part: 1-64 characters among letters, digits and
 *   `.!#$%*+^_~-`, not starting or ending with `.`, without `..`; `%2B`
 *   inside counts as `+`. RFC 5322 also allows `=&?/'`{|}` there, but in
 *   traffic those delimit query strings, paths, quotes and templates, so
 *   the local part starts after them (`email=jo@example.org` finds
 *   `jo@example.org`), and after any other percent-escape
 *   (`email%3Djo%40example.org`). Leading dots are dropped.
 * - Domain: dot-separated labels of letters, digits and `-` (1-63 each,
 *   not starting or ending with `-`), at least two labels, a top-level
 *   label of 2-63 letters that is not a file extension (`icon@2x.png`,
 *   `app@3x.webp`); a trailing `.` (end of a sentence) is not part of it.
 *   So `user@host` and `pkg@1.2.3` are not addresses.
 * - Not inside a longer token: the local part does not follow `@` and the
 *   domain is not followed by `@`, `%40` or `_`; at most 254 bytes in all.
 * - Not the user part of a URL or an scp path: the local part does not
 *   follow `//` (`https://user@host.example`) or `//user:`
 *   (`ftp://user:pass@host.example`), and the domain is not followed by
 *   `:` and a letter or `/` (`git@github.com:org/repo`).
 */
import { codeAt, isAlnum, isEscapeOf, isLetter, isPercentEscape } from './chars.js';
import type { Candidate, Detector } from './kinds.js';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const MAX_ADDRESS = 254;

/** Top-level labels that are file extensions, not domains. */
const FILE_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'ico', 'bmp', 'avif', 'css', 'js', 'mjs', 'json', 'html', 'htm',
  'xml', 'txt', 'map', 'woff', 'woff2', 'ttf', 'otf', 'mp3', 'mp4', 'webm', 'wasm', 'pdf', 'zip',
]);

/** `.!#$*+^_~-`, letters and digits (`%` is handled as an escape). */
function isLocalChar(c: number): boolean {
  if (isAlnum(c)) return true;
  return c === 0x2e || c === 0x21 || c === 0x23 || c === 0x24 || c === 0x2a || c === 0x2b || c === 0x5e || c === 0x5f || c === 0x7e || c === 0x2d;
}

function isDomainChar(c: number): boolean {
  return isAlnum(c) || c === 0x2d || c === 0x2e;
}

/** True when the local part starting at `start` is the user (or password) of a URL. */
function inUrlUserinfo(text: string, start: number): boolean {
  const b = codeAt(text, start - 1);
  if (b === 0x2f) return codeAt(text, start - 2) === 0x2f;
  if (b !== 0x3a) return false;
  let j = start - 2;
  while (start - 2 - j <= MAX_LOCAL && isLocalChar(codeAt(text, j))) j--;
  return codeAt(text, j) === 0x2f && codeAt(text, j - 1) === 0x2f;
}

/** True when the domain ending at `e` goes on as an scp path (`host:org/repo`). */
function scpPath(text: string, e: number): boolean {
  if (codeAt(text, e) !== 0x3a) return false;
  const c = codeAt(text, e + 1);
  return isLetter(c) || c === 0x2f;
}

/** Start of the local part ending just before `p`, or -1. */
function localStart(text: string, p: number): number {
  let j = p - 1;
  while (p - 1 - j <= MAX_LOCAL) {
    const c = codeAt(text, j);
    if (isLocalChar(c) || isEscapeOf(text, j, '2B')) j--;
    else break;
  }
  if (p - 1 - j > MAX_LOCAL) return -1;
  let start = isPercentEscape(text, j) ? j + 3 : j + 1;
  while (start < p && codeAt(text, start) === 0x2e) start++;
  if (start >= p || codeAt(text, start - 1) === 0x40 || isEscapeOf(text, start - 3, '40')) return -1;
  return start;
}

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TLD = /^[A-Za-z]{2,63}$/;

function validDomain(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const l of labels) if (!LABEL.test(l)) return false;
  const tld = labels[labels.length - 1];
  return TLD.test(tld) && !FILE_EXTENSIONS.has(tld.toLowerCase());
}

/** The candidate for an `@` (length `tl`: 1, or 3 for `%40`) at `p`, or null. */
export function emailAt(text: string, p: number, tl: number): Candidate | null {
  const start = localStart(text, p);
  if (start < 0) return null;
  const local = text.slice(start, p);
  if (local.endsWith('.') || local.includes('..')) return null;
  const q = p + tl;
  let runEnd = q;
  while (runEnd - q <= MAX_DOMAIN && isDomainChar(codeAt(text, runEnd))) runEnd++;
  if (runEnd - q > MAX_DOMAIN) return null;
  let e = runEnd;
  while (e > q && codeAt(text, e - 1) === 0x2e) e--;
  const after = codeAt(text, runEnd);
  if (after === 0x40 || after === 0x5f || isEscapeOf(text, runEnd, '40')) return null;
  if (e - start > MAX_ADDRESS || inUrlUserinfo(text, start) || scpPath(text, e)) return null;
  if (!validDomain(text.slice(q, e))) return null;
  const form = tl === 1 && !local.includes('%') ? 'raw' : 'url';
  return { kind: 'email', form, start, end: e, need: runEnd + 2 };
}

/** E-mail addresses, found from each `@` and `%40`. */
export const emailDetector: Detector = {
  kinds: ['email'],
  find(text, enabled, out: Candidate[]) {
    if (!enabled.has('email')) return;
    for (let p = text.indexOf('@'); p >= 0; p = text.indexOf('@', p + 1)) {
      const c = emailAt(text, p, 1);
      if (c) out.push(c);
    }
    for (let p = text.indexOf('%'); p >= 0; p = text.indexOf('%', p + 1)) {
      if (!isEscapeOf(text, p, '40')) continue;
      const c = emailAt(text, p, 3);
      if (c) out.push(c);
    }
  },
};
