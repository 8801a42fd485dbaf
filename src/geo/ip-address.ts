/**
 * IP address text -> bytes, without throwing: bad text gives `null`.
 *
 * IPv4 is 4 bytes, IPv6 16. IPv4 is strict dotted decimal (no leading zeros,
 * which some resolvers read as octal). IPv6 accepts `::`, an embedded IPv4
 * tail and a zone (`fe80::1%eth0`, the zone is dropped).
 */

/** The address bytes, 4 for IPv4 and 16 for IPv6. */
export type IpBytes = Uint8Array;

/** Parses dotted-decimal IPv4 text, or returns null. */
export function parseIpv4(text: string): IpBytes | null {
  const out = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; /* '.' ends the last part */
    if (c === 46) {
      if (digits === 0 || part > 3) return null;
      out[part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return null; /* leading zero */
      value = value * 10 + (c - 48);
      digits++;
      if (value > 255) return null;
    } else {
      return null;
    }
  }
  return part === 4 ? out : null;
}

function parseGroups(text: string, out: number[]): boolean {
  if (text === '') return true;
  const parts = text.split(':');
  for (const p of parts) {
    if (p.length === 0 || p.length > 4 || !/^[0-9a-fA-F]+$/.test(p)) return false;
    out.push(parseInt(p, 16));
  }
  return true;
}

/** Parses IPv6 text (with `::`, an IPv4 tail and an optional zone), or returns null. */
export function parseIpv6(text: string): IpBytes | null {
  const pct = text.indexOf('%');
  let s = pct >= 0 ? text.slice(0, pct) : text;
  if (pct === 0 || pct === text.length - 1 || s.length < 2 || s.length > 45) return null;
  const tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) > lastColon) {
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (!v4) return null;
    tail.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    const upTo = s.slice(0, lastColon + 1);
    s = upTo.endsWith('::') ? upTo : s.slice(0, lastColon);
  }
  const head: number[] = [];
  const rest: number[] = [];
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return null;
    if (!parseGroups(s.slice(0, dbl), head) || !parseGroups(s.slice(dbl + 2), rest)) return null;
    if (head.length + rest.length + tail.length > 7) return null;
  } else if (!parseGroups(s, head) || head.length + tail.length !== 8) {
    return null;
  }
  const groups = [...head];
  const fill = 8 - head.length - rest.length - tail.length;
  for (let i = 0; i < fill; i++) groups.push(0);
  groups.push(...rest, ...tail);
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[i * 2] = groups[i] >> 8;
    out[i * 2 + 1] = groups[i] & 0xff;
  }
  return out;
}

/** Parses IPv4 or IPv6 text; null for anything else. Never throws. */
export function parseIp(text: unknown): IpBytes | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) return null;
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function isZero(b: IpBytes, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), else null. */
export function mappedIpv4(b: IpBytes): IpBytes | null {
  if (b.length !== 16 || !isZero(b, 0, 10) || b[10] !== 0xff || b[11] !== 0xff) return null;
  return b.subarray(12, 16);
}

/** The IPv4 address inside a NAT64 well-known-prefix address (64:ff9b::/96, RFC 6052), else null. */
export function nat64Ipv4(b: IpBytes): IpBytes | null {
  if (b.length !== 16 || b[0] !== 0 || b[1] !== 0x64 || b[2] !== 0xff || b[3] !== 0x9b) return null;
  return isZero(b, 4, 12) ? b.subarray(12, 16) : null;
}

/** The address a lookup should use: IPv4-mapped and NAT64 addresses become their IPv4 address. */
export function effectiveAddress(b: IpBytes): IpBytes {
  return mappedIpv4(b) ?? nat64Ipv4(b) ?? b;
}

/** An IPv4 address as an unsigned 32-bit number. */
export function ipv4ToNumber(b: IpBytes): number {
  return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}

/** Canonical text: dotted decimal, or eight uncompressed hex groups (what the mmdb reader parses fastest). */
export function formatIp(b: IpBytes): string {
  if (b.length === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
  return groups.join(':');
}

/** True when the first `bits` bits of `addr` equal those of `prefix` (same family). */
export function prefixMatches(addr: IpBytes, prefix: IpBytes, bits: number): boolean {
  if (addr.length !== prefix.length) return false;
  const whole = bits >> 3;
  for (let i = 0; i < whole; i++) if (addr[i] !== prefix[i]) return false;
  const rem = bits & 7;
  if (rem === 0) return true;
  const mask = (0xff << (8 - rem)) & 0xff;
  return (addr[whole] & mask) === (prefix[whole] & mask);
}

/** A parsed CIDR block: network bytes (host bits cleared) and prefix length. */
export interface Cidr {
  network: IpBytes;
  bits: number;
}

/**
 * Parses `addr/len` (or a bare address, meaning one host), or returns null.
 * Host bits are cleared. An IPv4-mapped IPv6 block of /96 or longer becomes
 * the IPv4 block, since lookups see mapped addresses as IPv4.
 */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const addr = parseIp(slash >= 0 ? text.slice(0, slash) : text);
  if (!addr) return null;
  const max = addr.length * 8;
  let bits = max;
  if (slash >= 0) {
    const lenText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(lenText)) return null;
    bits = Number(lenText);
    if (bits > max) return null;
  }
  let network = addr;
  const mapped = mappedIpv4(addr);
  if (mapped && bits >= 96) {
    network = mapped.slice();
    bits -= 96;
  }
  network = network.slice();
  for (let i = 0; i < network.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    network[i] &= (0xff << (8 - keep)) & 0xff;
  }
  return { network, bits };
}
