/**
 * `policy.geo.overrides`: `{ cidr, country, asn? }` entries that win over
 * every database and over the LOCAL/reserved classification (a team may
 * declare its lab's public range). The most specific prefix wins.
 */
import { ErrorCodes, LeakspecError } from '../errors.js';
import { isCountryCode } from './countries.js';
import { parseCidr, prefixMatches, type Cidr, type IpBytes } from './ip-address.js';
import type { GeoOverride } from './types.js';

/** A validated override. */
export interface CompiledOverride extends Cidr {
  cidrText: string;
  country: string;
  asn: number | null;
}

function overrideError(message: string): LeakspecError {
  return new LeakspecError(ErrorCodes.GEO_DB, `geo override: ${message}`);
}

/**
 * Validates overrides and sorts them most specific first. Bad CIDR text, a
 * country that is neither an alpha-2 code nor LOCAL/unknown, or a bad ASN
 * throws LeakspecError(GEO_DB).
 */
export function compileOverrides(list: readonly GeoOverride[] | undefined): CompiledOverride[] {
  const out: CompiledOverride[] = [];
  for (const o of list ?? []) {
    const cidrText = typeof o?.cidr === 'string' ? o.cidr.trim() : '';
    const cidr = parseCidr(cidrText);
    if (!cidr) throw overrideError(`"${String(o?.cidr)}" is not a CIDR block (such as 192.0.2.0/24 or 2001:db8::/32)`);
    const raw = typeof o.country === 'string' ? o.country.trim() : '';
    const upper = raw.toUpperCase();
    const country = raw === 'unknown' ? 'unknown' : upper;
    if (country !== 'LOCAL' && country !== 'unknown' && !isCountryCode(country)) {
      throw overrideError(`country "${String(o.country)}" for ${cidrText} is not an ISO 3166-1 alpha-2 code, LOCAL or unknown`);
    }
    if (o.asn !== undefined && !(Number.isInteger(o.asn) && o.asn >= 0 && o.asn <= 0xffffffff)) {
      throw overrideError(`asn ${String(o.asn)} for ${cidrText} is not an AS number`);
    }
    out.push({ ...cidr, cidrText, country, asn: o.asn ?? null });
  }
  /* stable sort: among equal prefixes the first listed wins */
  return out.sort((a, b) => b.bits - a.bits);
}

/** The most specific override holding the address (IPv4-mapped already unwrapped), or null. */
export function matchOverride(list: readonly CompiledOverride[], addr: IpBytes): CompiledOverride | null {
  for (const o of list) if (prefixMatches(addr, o.network, o.bits)) return o;
  return null;
}
