/** Geo stage: server address -> country, ASN, organisation. */

export interface GeoInfo {
  /** ISO 3166-1 alpha-2, "LOCAL" for private/loopback/link-local/..., or "unknown". */
  country: string;
  asn: number | null;
  as_org: string | null;
}

export interface GeoDbInfo {
  name: string;
  build_date: string;
  license: string;
}

export interface GeoOverride {
  cidr: string;
  country: string;
  asn?: number;
}

export interface GeoOptions {
  /** A MaxMind-format .mmdb to use instead of the embedded database. */
  database?: string;
  overrides?: GeoOverride[];
}

export interface GeoLookup {
  lookup(ip: string): GeoInfo;
  /** The country database in use (and the ASN table, in `asn`). */
  info(): GeoDbInfo & { asn?: GeoDbInfo };
}
