/**
 * Country (and optional ASN) from a MaxMind-format database: the embedded
 * `@ip-location-db/geo-whois-asn-country-mmdb` or a user's .mmdb.
 *
 * The country is read from `country_code` (ip-location-db), else
 * `country.iso_code` (GeoIP2/GeoLite2 Country and City), else
 * `registered_country.iso_code`; the ASN from `autonomous_system_number`
 * and `autonomous_system_organization` when the record has them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { Reader, Response } from 'maxmind';
import { ErrorCodes, LeakspecError } from '../errors.js';
import { isCountryCode } from './countries.js';
import { formatIp, type IpBytes } from './ip-address.js';
import type { GeoDbInfo } from './types.js';

/**
 * maxmind's `Reader` is mmdb-lib's, re-exported. Loading mmdb-lib itself,
 * resolved from maxmind's folder as maxmind resolves it, skips the rest of
 * maxmind (file watching, an LRU cache, node:assert): a third of a geo
 * lookup's start-up cost. test/geo/geo-db.test.ts checks that both are the
 * same class.
 */
export function mmdbReaderClass(): typeof Reader {
  const fromMaxmind = createRequire(createRequire(import.meta.url).resolve('maxmind'));
  return (fromMaxmind('mmdb-lib') as { Reader: typeof Reader }).Reader;
}

let readerClass: typeof Reader | null = null;

/** What a database record says about an address. */
export interface MmdbHit {
  /** Upper-case alpha-2 code, or null when the record has none (or an unassigned one). */
  country: string | null;
  asn: number | null;
  as_org: string | null;
}

/** An opened database. */
export interface CountrySource {
  /** The record for an address (IPv4-mapped addresses already unwrapped), or null when the database does not place it. */
  get(addr: IpBytes): MmdbHit | null;
  info: GeoDbInfo;
}

/** The npm package holding the embedded database, and its file. */
export const EMBEDDED_PACKAGE = '@ip-location-db/geo-whois-asn-country-mmdb';
const EMBEDDED_FILE = 'geo-whois-asn-country.mmdb';

/** The licence of the embedded data, stated as its sources state it. */
export const EMBEDDED_LICENSE =
  'CC BY 4.0, NRO (per the package README: the RIR data it is built from); the npm package metadata says CC0-1.0';

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function field(rec: Record<string, unknown>, outer: string, inner: string): unknown {
  const o = rec[outer];
  return o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[inner] : undefined;
}

/** Reads country and ASN from a decoded record of any of the supported layouts. */
export function readRecord(rec: unknown): MmdbHit | null {
  if (rec === null || typeof rec !== 'object') return null;
  const r = rec as Record<string, unknown>;
  const raw = str(r.country_code) ?? str(field(r, 'country', 'iso_code')) ?? str(field(r, 'registered_country', 'iso_code'));
  const upper = raw?.toUpperCase() ?? null;
  const asnRaw = r.autonomous_system_number;
  const asn = typeof asnRaw === 'number' && Number.isInteger(asnRaw) && asnRaw >= 0 ? asnRaw : null;
  return {
    country: upper !== null && isCountryCode(upper) ? upper : null,
    asn,
    as_org: asn === null ? null : str(r.autonomous_system_organization),
  };
}

function dateOf(epoch: Date): string {
  return Number.isNaN(epoch.getTime()) ? 'unknown' : epoch.toISOString().slice(0, 10);
}

function geoDbError(file: string, why: string, cause?: unknown): LeakspecError {
  return new LeakspecError(ErrorCodes.GEO_DB, `geolocation database ${file} cannot be read: ${why}`, { file, cause });
}

/** Opens database bytes; LeakspecError(GEO_DB) naming `file` when they are not a usable MaxMind DB. */
export function openMmdbBytes(bytes: Buffer, file: string, info?: Omit<GeoDbInfo, 'build_date'>): CountrySource {
  let reader: Reader<Response>;
  try {
    readerClass ??= mmdbReaderClass();
    reader = new readerClass<Response>(bytes);
  } catch (e) {
    throw geoDbError(file, (e as Error).message, e);
  }
  const m = reader.metadata;
  if (![24, 28, 32].includes(m.recordSize) || (m.ipVersion !== 4 && m.ipVersion !== 6) || !(m.nodeCount > 0)) {
    throw geoDbError(file, `unsupported metadata (record size ${m.recordSize}, IP version ${m.ipVersion})`);
  }
  if (m.searchTreeSize + 16 > bytes.length) throw geoDbError(file, 'the search tree is larger than the file');
  const ipv4Only = m.ipVersion === 4;
  return {
    info: {
      name: info?.name ?? `${m.databaseType || 'MaxMind DB'} (${basename(file)})`,
      build_date: dateOf(m.buildEpoch),
      license: info?.license ?? 'not stated in the database (user-supplied)',
    },
    get(addr: IpBytes): MmdbHit | null {
      if (ipv4Only && addr.length !== 4) return null;
      try {
        return readRecord(reader.get(formatIp(addr)));
      } catch (e) {
        throw geoDbError(file, `a record cannot be decoded (${(e as Error).message})`, e);
      }
    },
  };
}

/** Opens a user's .mmdb file. */
export function openMmdbFile(file: string): CountrySource {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw geoDbError(file, (e as Error).message, e);
  }
  return openMmdbBytes(bytes, file);
}

/** Opens the embedded database (resolved from the installed npm package). */
export function openEmbeddedMmdb(): CountrySource {
  const require = createRequire(import.meta.url);
  let pkgFile: string;
  try {
    pkgFile = require.resolve(`${EMBEDDED_PACKAGE}/package.json`);
  } catch (e) {
    throw geoDbError(EMBEDDED_PACKAGE, 'the package is not installed', e);
  }
  const file = join(dirname(pkgFile), EMBEDDED_FILE);
  let version = '';
  try {
    version = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version?: string }).version ?? '';
  } catch {
    /* the name is still known without the version */
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw geoDbError(file, (e as Error).message, e);
  }
  return openMmdbBytes(bytes, file, { name: `${EMBEDDED_PACKAGE} ${version}`.trim(), license: EMBEDDED_LICENSE });
}
