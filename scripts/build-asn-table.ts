/**
 * Compiles `@ip-location-db/asn` (asn-ipv4-num.csv, asn-ipv6-num.csv) into
 * data/asn-table.bin.gz, the ASN table leakspec ships.
 *
 *   npm run build && node dist/scripts/build-asn-table.js
 *
 * Fails when the result is not under 5 MB, or when it does not decode back
 * to the same ranges.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { buildAsnTableInput, buildDateFromVersion } from '../src/geo/asn-csv.js';
import { decodeAsnTable, encodeAsnTable, type AsnTableInput } from '../src/geo/asn-table-format.js';
import { packageRoot } from '../src/paths.js';

const MAX_BYTES = 5 * 1024 * 1024;

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@ip-location-db/asn/package.json'));
}

function verify(input: AsnTableInput, gz: Buffer, file: string): void {
  const t = decodeAsnTable(gunzipSync(gz), file);
  if (t.v4Start.length !== input.v4.length || t.v6Entry.length !== input.v6.length) throw new Error('range count differs after decoding');
  input.v4.forEach((r, i) => {
    const e = t.v4Entry[i];
    const want = input.entries[r.entry];
    if (t.v4Start[i] !== r.start || t.v4End[i] !== r.end || t.asns[e] !== want.asn || t.orgs[e] !== want.org) {
      throw new Error(`IPv4 range ${i} differs after decoding`);
    }
  });
  input.v6.forEach((r, i) => {
    let s = 0n;
    let en = 0n;
    for (let k = 0; k < 4; k++) {
      s = (s << 32n) | BigInt(t.v6Start[i * 4 + k]);
      en = (en << 32n) | BigInt(t.v6End[i * 4 + k]);
    }
    if (s !== r.start || en !== r.end || t.asns[t.v6Entry[i]] !== input.entries[r.entry].asn) {
      throw new Error(`IPv6 range ${i} differs after decoding`);
    }
  });
}

function main(): void {
  const dir = packageDir();
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
  const meta = {
    name: `${pkg.name} ${pkg.version}`,
    version: pkg.version,
    build_date: buildDateFromVersion(pkg.version),
    license: 'CC BY 4.0 (RouteViews, DB-IP, NRO)',
    source: 'https://github.com/sapics/ip-location-db (npm @ip-location-db/asn)',
  };
  const input = buildAsnTableInput(
    readFileSync(join(dir, 'asn-ipv4-num.csv'), 'utf8'),
    readFileSync(join(dir, 'asn-ipv6-num.csv'), 'utf8'),
    meta,
  );
  const raw = encodeAsnTable(input);
  const gz = gzipSync(raw, { level: 9 });
  const out = join(packageRoot(), 'data', 'asn-table.bin.gz');
  verify(input, gz, out);
  if (gz.length >= MAX_BYTES) throw new Error(`the table is ${gz.length} bytes, over the 5 MB budget`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, gz);
  process.stdout.write(
    `${out}: ${gz.length} bytes (${raw.length} uncompressed); ` +
      `${input.v4.length} IPv4 and ${input.v6.length} IPv6 ranges, ${input.entries.length} (ASN, organisation) pairs, ` +
      `${input.trimmed} overlapping range(s) trimmed; ` +
      `${meta.name}, built ${meta.build_date}\n`,
  );
}

main();
