/** IP address and CIDR parsing for allow-rule and waiver targets. Pure, no I/O. */
import { isIP } from 'node:net';

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

function parseV4(s: string): IpBytes {
  const out = new Uint8Array(4);
  const parts = s.split('.');
  for (let i = 0; i < 4; i++) out[i] = Number(parts[i]);
  return out;
}

function parseV6(s: string): IpBytes {
  const out = new Uint8Array(16);
  let text = s.toLowerCase();
  // An embedded dotted quad takes the last 32 bits.
  let tail: IpBytes | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    tail = parseV4(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const rest = halves.length > 1 && halves[1] !== '' ? halves[1].split(':') : [];
  const groups = [...head, ...new Array<string>(8 - head.length - rest.length).fill('0'), ...rest];
  for (let i = 0; i < 8; i++) {
    const v = parseInt(groups[i], 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  }
  if (tail) out.set(tail, 12);
  return out;
}

function isV4Mapped(b: IpBytes): boolean {
  if (b.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** Parses an IPv4 or IPv6 literal (brackets and zone allowed) to bytes, or null when it is not an address. */
export function parseIp(text: string): IpBytes | null {
  const s = bare(text);
  const kind = isIP(s);
  if (kind === 4) return parseV4(s);
  if (kind !== 6) return null;
  const b = parseV6(s);
  return isV4Mapped(b) ? b.slice(12) : b;
}

/** Whether two parsed addresses are the same address. */
export function sameIp(a: IpBytes, b: IpBytes): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Parses `addr/prefix` (IPv4 or IPv6), or null when it is not a valid CIDR. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const prefixText = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const addrText = bare(text.slice(0, slash));
  const kind = isIP(addrText);
  if (kind === 0) return null;
  let prefix = Number(prefixText);
  let bytes = kind === 4 ? parseV4(addrText) : parseV6(addrText);
  if (prefix > bytes.length * 8) return null;
  if (bytes.length === 16 && isV4Mapped(bytes) && prefix >= 96) {
    bytes = bytes.slice(12);
    prefix -= 96;
  }
  return { bytes, prefix };
}

/** Whether `ip` lies inside `cidr` (an IPv4 address never lies in an IPv6 block, and vice versa). */
export function inCidr(ip: IpBytes, cidr: Cidr): boolean {
  if (ip.length !== cidr.bytes.length) return false;
  const full = cidr.prefix >> 3;
  for (let i = 0; i < full; i++) if (ip[i] !== cidr.bytes[i]) return false;
  const bits = cidr.prefix & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (ip[full] & mask) === (cidr.bytes[full] & mask);
}

/** Whether the text is an IPv6 address (after brackets and zone are stripped), for display filters. */
export function isIpv6Text(text: string): boolean {
  return isIP(bare(text)) === 6;
}
