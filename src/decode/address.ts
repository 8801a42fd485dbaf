/**
 * IP addresses as bytes inside packets: formatting (only when a flow is
 * created), parsing, and the private/local test used to pick a flow's
 * client. (Hashing and comparison per packet live in conn-table.ts.)
 */
import { isIP } from 'node:net';

/** Text form of the 4 or 16 address bytes at `bytes[off]`: dotted quad, or RFC 5952 IPv6 (IPv4-mapped as `::ffff:a.b.c.d`). */
export function formatAddress(bytes: Uint8Array, off: number, len: number): string {
  if (len === 4) return `${bytes[off]}.${bytes[off + 1]}.${bytes[off + 2]}.${bytes[off + 3]}`;
  if (isV4Mapped(bytes, off)) return `::ffff:${bytes[off + 12]}.${bytes[off + 13]}.${bytes[off + 14]}.${bytes[off + 15]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[off + i] << 8) | bytes[off + i + 1]);
  // The longest run of two or more zero groups (first one on a tie) becomes "::".
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number): string => g.toString(16);
  if (bestStart < 0) return groups.map(hex).join(':');
  const head = groups.slice(0, bestStart).map(hex).join(':');
  const tail = groups.slice(bestStart + bestLen).map(hex).join(':');
  return `${head}::${tail}`;
}

function isV4Mapped(b: Uint8Array, off: number): boolean {
  for (let i = 0; i < 10; i++) if (b[off + i] !== 0) return false;
  return b[off + 10] === 0xff && b[off + 11] === 0xff;
}

/** Parses an IPv4 or IPv6 literal to bytes, or null. (Embedded dotted quads allowed.) */
export function parseAddress(text: string): Uint8Array | null {
  const s = text.trim();
  const kind = isIP(s);
  if (kind === 4) return Uint8Array.from(s.split('.').map(Number));
  if (kind !== 6) return null;
  let t = s.toLowerCase();
  const zone = t.indexOf('%');
  if (zone >= 0) t = t.slice(0, zone);
  const out = new Uint8Array(16);
  const lastColon = t.lastIndexOf(':');
  let tail: number[] | null = null;
  if (t.indexOf('.', lastColon) >= 0) {
    tail = t.slice(lastColon + 1).split('.').map(Number);
    t = `${t.slice(0, lastColon + 1)}0:0`;
  }
  const halves = t.split('::');
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

/** The canonical text (as `formatAddress` writes it) of an address literal, or null. */
export function canonicalAddress(text: string): string | null {
  const b = parseAddress(text);
  return b ? formatAddress(b, 0, b.length) : null;
}

/**
 * Private or local scope: RFC 1918, CGNAT 100.64/10, loopback, link-local,
 * 0/8; IPv6 ULA fc00::/7, link-local fe80::/10, loopback, unspecified, and
 * IPv4-mapped addresses by their IPv4 part.
 */
export function isPrivateAddress(a: Uint8Array): boolean {
  if (a.length === 4) return isPrivateV4(a[0], a[1]);
  if ((a[0] & 0xfe) === 0xfc) return true;
  if (a[0] === 0xfe && (a[1] & 0xc0) === 0x80) return true;
  let zeros = 0;
  while (zeros < 10 && a[zeros] === 0) zeros++;
  if (zeros === 10 && a[10] === 0xff && a[11] === 0xff) return isPrivateV4(a[12], a[13]);
  if (zeros === 10 && a[10] === 0 && a[11] === 0 && a[12] === 0 && a[13] === 0 && a[14] === 0) return a[15] <= 1;
  return false;
}

function isPrivateV4(a: number, b: number): boolean {
  return a === 10 || a === 127 || a === 0 ||
    (a === 172 && (b & 0xf0) === 16) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && (b & 0xc0) === 64);
}
