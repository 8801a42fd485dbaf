/**
 * Compiles `@ip-location-db/asn` (asn-ipv4-num.csv, asn-ipv6-num.csv) into
 * data/asn-table.bin, the ASN table leakspec ships.
 *
 *   npm run build && node dist/scripts/build-asn-table.js
 *
 * Fails when the result is not under 9 MB, or when it does not decode back
 * to the same ranges.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildAsnTableInput, buildDateFromVersion } from '../src/geo/asn-csv.js';
import { encodeAsnTable, openAsnTable, type AsnTableInput } from '../src/geo/asn-table-format.js';
import { packageRoot } from '../src/paths.js';

/** The file is stored uncompressed, to be read in place (npm's tarball compresses it to about 40%). */
const MAX_BYTES = 9 * 1024 * 1024;

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@ip-location-db/asn/package.json'));
}

function words(v: bigint): number[] {
  return [96n, 64n, 32n, 0n].map((shift) => Number((v >> shift) & 0xffffffffn));
}

/** Decodes every block of what was written and compares each range, ASN and organisation with the input. */
function verify(input: AsnTableInput, bin: Buffer, file: string): void {
  const t = openAsnTable(bin, file);
  const v4 = t.v4Ranges();
  const v6 = t.v6Ranges();
  if (v4.length !== input.v4.length || v6.length !== input.v6.length) throw new Error('range count differs after decoding');
  const sameEntry = (entry: number, want: { asn: number; org: string }): boolean => t.asn(entry) === want.asn && t.org(entry) === want.org;
  input.v4.forEach((r, i) => {
    const got = v4[i];
    if (got.start !== r.start || got.end !== r.end || !sameEntry(got.entry, input.entries[r.entry])) {
      throw new Error(`IPv4 range ${i} differs after decoding`);
    }
  });
  input.v6.forEach((r, i) => {
    const got = v6[i];
    if (got.start.join() !== words(r.start).join() || got.end.join() !== words(r.end).join() || !sameEntry(got.entry, input.entries[r.entry])) {
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
  const bin = encodeAsnTable(input);
  const out = join(packageRoot(), 'data', 'asn-table.bin');
  verify(input, bin, out);
  if (bin.length >= MAX_BYTES) throw new Error(`the table is ${bin.length} bytes, over the 9 MB budget`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bin);
  process.stdout.write(
    `${out}: ${bin.length} bytes (${gzipSync(bin).length} gzipped, as in the npm tarball); ` +
      `${input.v4.length} IPv4 and ${input.v6.length} IPv6 ranges, ${input.entries.length} (ASN, organisation) pairs, ` +
      `${input.trimmed} overlapping range(s) trimmed; ` +
      `${meta.name}, built ${meta.build_date}\n`,
  );
}

main();
