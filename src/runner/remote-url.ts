/**
 * Which capture URLs may be fetched: https anywhere; plain http only to a
 * loopback address literal (127.0.0.0/8, ::1). Checked before any connection.
 */
import { isIPv4 } from 'node:net';
import { ErrorCodes, LeakspecError } from '../errors.js';

/** True for a URL host that is a loopback address literal (names such as `localhost` are not). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIPv4(h)) return h.startsWith('127.');
  return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/**
 * Parses a capture URL and refuses anything but https, or http to loopback.
 * `redirect` marks a redirect target, which must be https.
 */
export function checkCaptureUrl(url: string, redirect = false): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new LeakspecError(ErrorCodes.CAPTURE_URL, `'${url}' is not a URL`);
  }
  if (u.protocol === 'https:') return u;
  if (u.protocol === 'http:' && !redirect && isLoopbackHost(u.hostname)) return u;
  const why = redirect
    ? 'a redirect must lead to an https URL'
    : u.protocol === 'http:'
      ? 'plain http is allowed only to a loopback address (127.0.0.0/8, ::1); use https'
      : `the ${u.protocol.replace(/:$/, '')} scheme is not supported; use https`;
  throw new LeakspecError(ErrorCodes.CAPTURE_URL, `refused ${redactUrl(u)}: ${why}`);
}

/** A URL as shown in messages and reports: no user info, and the query (often a signed token) elided. */
export function redactUrl(url: URL | string): string {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return String(url);
  }
  return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
}
