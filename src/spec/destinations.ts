/** Syntax of `to` entries (allow rules, waivers) and of addresses in a spec. */
import { isIP } from 'node:net';

/** What a `to` entry names. */
export type DestinationKind = 'host' | 'wildcard' | 'ip' | 'cidr' | 'asn';

/** A `to` entry's kind, or the reason it is not valid. */
export type DestinationCheck = { ok: true; kind: DestinationKind } | { ok: false; reason: string };

const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** Whether `name` is a syntactically valid DNS host name (labels of letters, digits, '-', '_'). */
export function isHostName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  // an all-digit last label reads as a (bad) IPv4 address, never a host
  if (labels.length > 1 && /^[0-9]+$/.test(labels[labels.length - 1])) return false;
  return labels.every((label) => LABEL.test(label));
}

/** Checks an IP or CIDR (`10.0.0.0/8`, `2001:db8::/32`). */
export function checkCidr(text: string): { ok: true; kind: 'ip' | 'cidr' } | { ok: false; reason: string } {
  const slash = text.indexOf('/');
  if (slash < 0) return isIP(text) ? { ok: true, kind: 'ip' } : { ok: false, reason: 'not an IP address or CIDR' };
  const family = isIP(text.slice(0, slash));
  const bits = text.slice(slash + 1);
  if (family === 0) return { ok: false, reason: 'the CIDR does not start with an IP address' };
  const max = family === 4 ? 32 : 128;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits) || Number(bits) > max) {
    return { ok: false, reason: `the prefix length must be 0..${max}` };
  }
  return { ok: true, kind: 'cidr' };
}

/** Classifies one `to` entry: host, `*.wildcard`, IP, CIDR or ASN (`AS4134`). */
export function checkDestination(entry: string): DestinationCheck {
  if (/^AS[0-9]+$/.test(entry)) {
    return Number(entry.slice(2)) <= 4294967295 ? { ok: true, kind: 'asn' } : { ok: false, reason: 'AS number out of range' };
  }
  if (/^as[0-9]+$/i.test(entry)) return { ok: false, reason: `write ASNs in capitals ('${entry.toUpperCase()}')` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) return { ok: false, reason: 'write the host name only, not a URL' };
  if (entry.includes('/') || isIP(entry) !== 0) {
    const cidr = checkCidr(entry);
    return cidr.ok ? { ok: true, kind: cidr.kind } : cidr;
  }
  if (entry.startsWith('*.')) {
    return isHostName(entry.slice(2))
      ? { ok: true, kind: 'wildcard' }
      : { ok: false, reason: 'a wildcard is `*.` followed by a host name' };
  }
  if (entry.includes('*')) return { ok: false, reason: 'a wildcard may only be a leading `*.` (`*.example.com`)' };
  if (/:[0-9]+$/.test(entry)) return { ok: false, reason: 'write the host without a port (use `ports`)' };
  if (entry.endsWith('.')) return { ok: false, reason: 'write the host name without a trailing dot' };
  return isHostName(entry) ? { ok: true, kind: 'host' } : { ok: false, reason: 'not a host name, wildcard, IP, CIDR or ASN' };
}
