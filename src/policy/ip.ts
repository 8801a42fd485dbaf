/**
 * IP address and CIDR matching for allow-rule and waiver targets, on top of
 * the geo stage's address parser (one parser for the whole project). Pure.
 */
import { mappedIpv4, parseCidr as parseBlock, parseIp as parseAddress, prefixMatches } from '../geo/index.js';

/** An address as bytes: 4 for IPv4, 16 for IPv6. IPv4-mapped IPv6 (::ffff:a.b.c.d) is returned as IPv4. */
export type IpBytes = Uint8Array;

/** A parsed CIDR block: the network bytes and the prefix length in bits. */
export interface Cidr {
  bytes: IpBytes;
  prefix: number;
}

/** Strips `[...]` brackets (URL form) and a `%zone` suffix from an IPv6 literal. */
function bare(text: string): string {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  return zone >= 0 ? s.slice(0, zone) : s;
}

/** Parses an IPv4 or IPv6 literal (brackets and zone allowed) to bytes, or null when it is not an address. */
export function parseIp(text: string): IpBytes | null {
  const b = parseAddress(bare(text));
  if (!b) return null;
  return mappedIpv4(b)?.slice() ?? b;
}

/** Whether two parsed addresses are the same address. */
export function sameIp(a: IpBytes, b: IpBytes): boolean {
  return a.length === b.length && prefixMatches(a, b, a.length * 8);
}

/** Parses `addr/prefix` (IPv4 or IPv6; a slash is required), or null when it is not a valid CIDR. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const block = parseBlock(`${bare(text.slice(0, slash))}/${text.slice(slash + 1).trim()}`);
  return block ? { bytes: block.network, prefix: block.bits } : null;
}

/** Whether `ip` lies inside `cidr` (an IPv4 address never lies in an IPv6 block, and vice versa). */
export function inCidr(ip: IpBytes, cidr: Cidr): boolean {
  return prefixMatches(ip, cidr.bytes, cidr.prefix);
}

/** Whether the text is an IPv6 address (after brackets and zone are stripped), for display filters. */
export function isIpv6Text(text: string): boolean {
  return parseAddress(bare(text))?.length === 16;
}
