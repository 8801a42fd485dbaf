/**
 * Server address -> country, ASN and organisation.
 *
 * Order of precedence: an override (most specific prefix first); then the
 * special ranges (LOCAL, or unknown for reserved space); then the country
 * database (the embedded one, or `database`); the ASN from the database
 * record when it has one, else from the embedded ASN table. An address the
 * database does not place, or text that is not an address, is `unknown`.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ErrorCodes, LeakspecError } from '../errors.js';
import { embeddedAsnIndex, type AsnHit, type AsnIndex } from './asn-table.js';
import { effectiveAddress, parseIp, type IpBytes } from './ip-address.js';
import { classifyBytes } from './local-ranges.js';
import { openEmbeddedMmdb, openMmdbFile, type CountrySource } from './mmdb-source.js';
import { compileOverrides, matchOverride, type CompiledOverride } from './overrides.js';
import type { GeoDbInfo, GeoInfo, GeoLookup, GeoOptions } from './types.js';

const sources = new Map<string, CountrySource>();
const EMBEDDED_KEY = '\0embedded';
const RESULT_CACHE_MAX = 1 << 16;

/** The country source for `database` (or the embedded one), opened once per file version. */
function countrySource(database: string | undefined): CountrySource {
  let key = EMBEDDED_KEY;
  if (database !== undefined) {
    const file = resolve(database);
    try {
      const st = statSync(file);
      key = `${file}\0${st.mtimeMs}\0${st.size}`;
    } catch (e) {
      throw new LeakspecError(ErrorCodes.GEO_DB, `geolocation database ${database} cannot be read: ${(e as Error).message}`, {
        file: database,
        cause: e,
      });
    }
  }
  let src = sources.get(key);
  if (!src) {
    src = database === undefined ? openEmbeddedMmdb() : openMmdbFile(database);
    sources.set(key, src);
  }
  return src;
}

class Geo implements GeoLookup {
  private readonly cache = new Map<string, GeoInfo>();

  constructor(
    private readonly source: CountrySource,
    private readonly overrides: CompiledOverride[],
    private readonly asnIndex: () => AsnIndex,
  ) {}

  private asnOf(addr: IpBytes, fromDb: { asn: number | null; as_org: string | null } | null): AsnHit | null {
    if (fromDb && fromDb.asn !== null) return { asn: fromDb.asn, as_org: fromDb.as_org };
    return this.asnIndex().lookup(addr);
  }

  private resolveAddress(addr: IpBytes): GeoInfo {
    const cls = classifyBytes(addr);
    const hit = cls === 'public' ? this.source.get(addr) : null;
    const asn = cls === 'public' ? this.asnOf(addr, hit) : null;
    const over = matchOverride(this.overrides, addr);
    if (over) {
      if (over.asn === null || over.asn === asn?.asn) {
        return { country: over.country, asn: asn?.asn ?? null, as_org: asn?.as_org ?? null };
      }
      return { country: over.country, asn: over.asn, as_org: this.asnIndex().orgOf(over.asn) };
    }
    if (cls === 'local') return { country: 'LOCAL', asn: null, as_org: null };
    if (cls === 'reserved') return { country: 'unknown', asn: null, as_org: null };
    return { country: hit?.country ?? 'unknown', asn: asn?.asn ?? null, as_org: asn?.as_org ?? null };
  }

  lookup(ip: string): GeoInfo {
    const cached = this.cache.get(ip);
    if (cached) return { ...cached };
    const parsed = parseIp(ip);
    const result = parsed ? this.resolveAddress(effectiveAddress(parsed)) : { country: 'unknown', asn: null, as_org: null };
    if (this.cache.size >= RESULT_CACHE_MAX) this.cache.clear();
    this.cache.set(ip, result);
    return { ...result };
  }

  info(): GeoDbInfo & { asn?: GeoDbInfo } {
    return { ...this.source.info, asn: this.asnIndex().info() };
  }
}

/**
 * Opens geolocation: the embedded database, or `opts.database` (any
 * MaxMind-format .mmdb), with `opts.overrides` on top. Databases are opened
 * once per file and cached. Throws LeakspecError(GEO_DB) naming the file
 * when the database cannot be read, and for an invalid override.
 */
export function openGeo(opts: GeoOptions = {}): GeoLookup {
  const overrides = compileOverrides(opts.overrides);
  return new Geo(countrySource(opts.database), overrides, embeddedAsnIndex);
}
