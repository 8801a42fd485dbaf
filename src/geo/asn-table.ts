/**
 * The embedded ASN table (data/asn-table.bin): opened once, lazily, and
 * searched in place (see asn-table-format.ts): a lookup binary-searches the
 * block index and decodes one block of ranges. IPv6 addresses are compared
 * as four 32-bit words, without BigInt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes, LeakspecError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { openAsnTable, type AsnTable } from './asn-table-format.js';
import { ipv4ToNumber, type IpBytes } from './ip-address.js';
import type { GeoDbInfo } from './types.js';

/** An ASN and its organisation (null when the source names none). */
export interface AsnHit {
  asn: number;
  as_org: string | null;
}

/** Path of the shipped table. */
export function asnTablePath(): string {
  return join(packageRoot(), 'data', 'asn-table.bin');
}

/** Reads and opens a table file; LeakspecError(GEO_DB) naming the file when it cannot. */
export function loadAsnTable(file: string): AsnTable {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    throw new LeakspecError(ErrorCodes.GEO_DB, `ASN table ${file} cannot be read: ${(e as Error).message}`, { file, cause: e });
  }
  return openAsnTable(raw, file);
}

/** An ASN table ready for lookups. */
export class AsnIndex {
  private byAsn: Map<number, string> | null = null;
  private readonly words = new Uint32Array(4);

  constructor(readonly table: AsnTable) {}

  private hit(entry: number): AsnHit {
    const org = this.table.org(entry);
    return { asn: this.table.asn(entry), as_org: org === '' ? null : org };
  }

  /** The ASN holding the address (4 or 16 bytes), or null. */
  lookup(addr: IpBytes): AsnHit | null {
    if (addr.length === 4) {
      const entry = this.table.findV4(ipv4ToNumber(addr));
      return entry >= 0 ? this.hit(entry) : null;
    }
    if (addr.length !== 16) return null;
    const w = this.words;
    for (let k = 0; k < 4; k++) {
      w[k] = ((addr[k * 4] << 24) | (addr[k * 4 + 1] << 16) | (addr[k * 4 + 2] << 8) | addr[k * 4 + 3]) >>> 0;
    }
    const entry = this.table.findV6(w);
    return entry >= 0 ? this.hit(entry) : null;
  }

  /** The organisation the table gives an ASN (its most used name), or null. */
  orgOf(asn: number): string | null {
    if (!this.byAsn) {
      /* entries are stored most used first, so the first name seen wins */
      const m = new Map<number, string>();
      const t = this.table;
      for (let i = 0; i < t.entryCount; i++) {
        const a = t.asn(i);
        if (!m.has(a)) {
          const org = t.org(i);
          if (org !== '') m.set(a, org);
        }
      }
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

/** The shipped table, opened on first use. */
export function embeddedAsnIndex(): AsnIndex {
  shipped ??= new AsnIndex(loadAsnTable(asnTablePath()));
  return shipped;
}
