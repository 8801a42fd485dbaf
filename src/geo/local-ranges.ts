/**
 * Special-purpose address space, decided before any database is asked.
 *
 * `local`: private, shared, loopback, link-local, multicast, IPv6
 * unique-local and site-local, limited broadcast and unspecified (DHCP uses
 * the last two). Reported as the country `LOCAL`.
 *
 * `reserved`: reserved, documentation, benchmarking and unallocated space.
 * Reported as `unknown` whatever a database says (databases do place some of
 * it: the embedded one puts 2001:db8::/32 in JP).
 */
import { effectiveAddress, parseCidr, parseIp, prefixMatches, type Cidr, type IpBytes } from './ip-address.js';

/** How special-purpose space is treated: `public` means "ask the database". */
export type RangeClass = 'local' | 'reserved' | 'public';

interface Rule {
  cidr: Cidr;
  cls: RangeClass;
  what: string;
}

function rule(cidr: string, cls: Rule['cls'], what: string): Rule {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`bad built-in range ${cidr}`);
  return { cidr: parsed, cls, what };
}

/** IPv4 rules, first match wins (so single addresses come before their blocks). */
const V4_RULES: readonly Rule[] = [
  rule('0.0.0.0/32', 'local', 'unspecified'),
  rule('255.255.255.255/32', 'local', 'limited broadcast'),
  rule('0.0.0.0/8', 'reserved', '"this network"'),
  rule('10.0.0.0/8', 'local', 'private'),
  rule('100.64.0.0/10', 'local', 'shared address space'),
  rule('127.0.0.0/8', 'local', 'loopback'),
  rule('169.254.0.0/16', 'local', 'link-local'),
  rule('172.16.0.0/12', 'local', 'private'),
  rule('192.0.2.0/24', 'reserved', 'documentation (TEST-NET-1)'),
  rule('192.168.0.0/16', 'local', 'private'),
  rule('198.18.0.0/15', 'reserved', 'benchmarking'),
  rule('198.51.100.0/24', 'reserved', 'documentation (TEST-NET-2)'),
  rule('203.0.113.0/24', 'reserved', 'documentation (TEST-NET-3)'),
  rule('224.0.0.0/4', 'local', 'multicast'),
  rule('240.0.0.0/4', 'reserved', 'reserved for future use'),
];

/**
 * IPv6 rules, first match wins. IPv4-mapped and NAT64 addresses never get
 * here (they are classified as their IPv4 address). Anything outside the
 * global unicast block 2000::/3 that no rule names is unallocated.
 */
const V6_RULES: readonly Rule[] = [
  rule('::/128', 'local', 'unspecified'),
  rule('::1/128', 'local', 'loopback'),
  rule('fc00::/7', 'local', 'unique-local'),
  rule('fe80::/10', 'local', 'link-local'),
  rule('fec0::/10', 'local', 'site-local (deprecated)'),
  rule('ff00::/8', 'local', 'multicast'),
  rule('2001:db8::/32', 'reserved', 'documentation'),
  rule('3fff::/20', 'reserved', 'documentation'),
  rule('2000::/3', 'public', 'global unicast'),
];

function classifyWith(rules: readonly Rule[], addr: IpBytes): { cls: RangeClass; what: string } | null {
  for (const r of rules) {
    if (prefixMatches(addr, r.cidr.network, r.cidr.bits)) return { cls: r.cls, what: r.what };
  }
  return null;
}

/**
 * Classifies address bytes. IPv4-mapped (::ffff:a.b.c.d) and NAT64
 * (64:ff9b::a.b.c.d) addresses are classified as their IPv4 address.
 */
export function classifyBytes(addr: IpBytes): RangeClass {
  const a = effectiveAddress(addr);
  if (a.length === 4) return classifyWith(V4_RULES, a)?.cls ?? 'public';
  return classifyWith(V6_RULES, a)?.cls ?? 'reserved';
}

/** Classifies address text; text that is not an address is `reserved` (reported as unknown). */
export function classifyAddress(ip: string): RangeClass {
  const b = parseIp(ip);
  return b ? classifyBytes(b) : 'reserved';
}

/** A short description of the special range holding the address ("private", "multicast"), or null. */
export function describeRange(ip: string): string | null {
  const b = parseIp(ip);
  if (!b) return null;
  const a = effectiveAddress(b);
  const hit = classifyWith(a.length === 4 ? V4_RULES : V6_RULES, a);
  if (hit && hit.cls !== 'public') return hit.what;
  return a.length === 16 && !hit ? 'unallocated' : null;
}
