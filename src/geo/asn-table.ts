/**
 * The embedded ASN table (data/asn-table.bin.gz): loaded once, lazily, and
 * searched by binary search over sorted ranges. IPv6 addresses are compared
 * as four 32-bit words, without BigInt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ErrorCodes, LeakspecError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { decodeAsnTable, type AsnTable } from './asn-table-format.js';
import { ipv4ToNumber, type IpBytes } from './ip-address.js';
import type { GeoDbInfo } from './types.js';

/** An ASN and its organisation (null when the source names none). */
export interface AsnHit {
  asn: number;
  as_org: string | null;
}

/** Path of the shipped table. */
export function asnTablePath(): string {
  return join(packageRoot(), 'data', 'asn-table.bin.gz');
}

/** Reads and decodes a gzip-compressed table; LeakspecError(GEO_DB) naming the file when it cannot. */
export function loadAsnTable(file: string): AsnTable {
  let raw: Buffer;
  try {
    raw = gunzipSync(readFileSync(file));
  } catch (e) {
    throw new LeakspecError(ErrorCodes.GEO_DB, `ASN table ${file} cannot be read: ${(e as Error).message}`, { file, cause: e });
  }
  return decodeAsnTable(raw, file);
}

/** Index of the last range whose start is <= v (IPv4), or -1. */
function searchV4(starts: Uint32Array, v: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] <= v) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Compares the 4-word value at `arr[i*4..]` with `w`: negative, 0 or positive. */
function compareV6(arr: Uint32Array, i: number, w: Uint32Array): number {
  const base = i * 4;
  for (let k = 0; k < 4; k++) {
    const d = arr[base + k] - w[k];
    if (d !== 0) return d;
  }
  return 0;
}

function searchV6(starts: Uint32Array, w: Uint32Array): number {
  let lo = 0;
  let hi = starts.length / 4 - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (compareV6(starts, mid, w) <= 0) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** An ASN table ready for lookups. */
export class AsnIndex {
  private byAsn: Map<number, string> | null = null;
  private readonly words = new Uint32Array(4);

  constructor(readonly table: AsnTable) {}

  private hit(entry: number): AsnHit {
    const org = this.table.orgs[entry];
    return { asn: this.table.asns[entry], as_org: org === '' ? null : org };
  }

  /** The ASN holding the address (4 or 16 bytes), or null. */
  lookup(addr: IpBytes): AsnHit | null {
    const t = this.table;
    if (addr.length === 4) {
      const v = ipv4ToNumber(addr);
      const i = searchV4(t.v4Start, v);
      return i >= 0 && t.v4End[i] >= v ? this.hit(t.v4Entry[i]) : null;
    }
    if (addr.length !== 16) return null;
    const w = this.words;
    for (let k = 0; k < 4; k++) {
      w[k] = ((addr[k * 4] << 24) | (addr[k * 4 + 1] << 16) | (addr[k * 4 + 2] << 8) | addr[k * 4 + 3]) >>> 0;
    }
    const i = searchV6(t.v6Start, w);
    return i >= 0 && compareV6(t.v6End, i, w) >= 0 ? this.hit(t.v6Entry[i]) : null;
  }

  /** The organisation the table gives an ASN (its most used name), or null. */
  orgOf(asn: number): string | null {
    if (!this.byAsn) {
      /* entries are stored most used first, so the first name seen wins */
      const m = new Map<number, string>();
      this.table.asns.forEach((a, i) => {
        if (!m.has(a) && this.table.orgs[i] !== '') m.set(a, this.table.orgs[i]);
      });
      this.byAsn = m;
    }
    return this.byAsn.get(asn) ?? null;
  }

  /** Name, build date and licence of the table. */
  info(): GeoDbInfo {
    const { name, build_date, license } = this.table.meta;
    return { name, build_date, license };
  }
}

let shipped: AsnIndex | null = null;

/** The shipped table, loaded on first use. */
export function embeddedAsnIndex(): AsnIndex {
  shipped ??= new AsnIndex(loadAsnTable(asnTablePath()));
  return shipped;
}
