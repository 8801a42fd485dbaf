/**
 * `--geo-db` / `policy.geo.database`: a database other than the embedded
 * one, written by test/support/mmdb-writer.ts.
 */
import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Reader, type Response } from 'maxmind';
import { ErrorCodes, LeakspecError } from '../../src/errors.js';
import { openGeo } from '../../src/geo/index.js';
import { mmdbReaderClass } from '../../src/geo/mmdb-source.js';
import { tempDir } from '../support/paths.js';
import { writeMmdb, type MmdbWriteOptions } from '../support/mmdb-writer.js';

const EPOCH_2024_03_15 = Date.UTC(2024, 2, 15, 12, 0, 0) / 1000;

function writeDb(name: string, opts: MmdbWriteOptions): string {
  const file = join(tempDir('leakspec-geo-'), name);
  writeFileSync(file, writeMmdb(opts));
  return file;
}

describe('geo: a user-supplied MaxMind database', () => {
  it('reads databases with maxmind\'s own Reader class (loaded from mmdb-lib without the rest of maxmind)', () => {
    assert.equal(mmdbReaderClass(), Reader);
  });

  it('the test writer produces files the maxmind reader accepts (24, 28 and 32-bit records)', () => {
    for (const recordSize of [24, 28, 32] as const) {
      const buf = writeMmdb({
        recordSize,
        buildEpoch: EPOCH_2024_03_15,
        databaseType: 'Writer-Check',
        networks: [
          { cidr: '8.8.8.0/24', data: { country: { iso_code: 'SE' }, n: 70000, f: 1.5, list: [1, 'a', true] } },
          { cidr: '2a00:1450::/32', data: { country_code: 'NO' } },
        ],
      });
      const r = new Reader<Response>(buf);
      assert.equal(r.metadata.recordSize, recordSize);
      assert.equal(r.metadata.databaseType, 'Writer-Check');
      assert.equal(r.metadata.buildEpoch.toISOString(), '2024-03-15T12:00:00.000Z');
      assert.deepEqual(r.get('8.8.8.200'), { country: { iso_code: 'SE' }, n: 70000, f: 1.5, list: [1, 'a', true] });
      assert.deepEqual(r.get('2a00:1450:4001::1'), { country_code: 'NO' });
      assert.equal(r.get('8.8.9.1'), null);
    }
  });

  it('reads country.iso_code, and leaves what the file does not place unknown', () => {
    const file = writeDb('country-se.mmdb', {
      databaseType: 'Test-Country',
      buildEpoch: EPOCH_2024_03_15,
      networks: [
        { cidr: '8.8.8.0/24', data: { country: { iso_code: 'SE', names: { en: 'Sweden' } } } },
        { cidr: '10.0.0.0/8', data: { country: { iso_code: 'SE' } } },
      ],
    });
    const geo = openGeo({ database: file });
    assert.equal(geo.lookup('8.8.8.8').country, 'SE');
    assert.equal(geo.lookup('8.8.8.0').country, 'SE');
    assert.equal(geo.lookup('8.8.8.255').country, 'SE');
    assert.equal(geo.lookup('::ffff:8.8.8.8').country, 'SE');
    /* the embedded database places these; this file does not */
    assert.equal(geo.lookup('8.8.9.0').country, 'unknown');
    assert.equal(geo.lookup('8.8.7.255').country, 'unknown');
    assert.equal(geo.lookup('95.216.1.1').country, 'unknown');
    assert.equal(geo.lookup('2001:4860:4860::8888').country, 'unknown');
    /* LOCAL is decided before any database */
    assert.equal(geo.lookup('10.1.1.1').country, 'LOCAL');
    /* without ASN fields in the file, the ASN comes from the embedded table */
    assert.equal(geo.lookup('8.8.8.8').asn, 15169);
  });

  it('reports the name and build date of that file', () => {
    const file = writeDb('dated.mmdb', {
      databaseType: 'Test-Country',
      buildEpoch: EPOCH_2024_03_15,
      networks: [{ cidr: '8.8.8.0/24', data: { country_code: 'SE' } }],
    });
    const info = openGeo({ database: file }).info();
    assert.equal(info.build_date, '2024-03-15');
    assert.match(info.name, /Test-Country/);
    assert.match(info.name, /dated\.mmdb/);
    assert.equal(info.asn?.build_date, '2026-06-17');
  });

  it('reads country_code (any case) from a 28-bit-record file', () => {
    const file = writeDb('country-code-no.mmdb', {
      recordSize: 28,
      networks: [
        { cidr: '8.8.8.0/24', data: { country_code: 'no' } },
        { cidr: '2a00:1450::/32', data: { country_code: 'NO' } },
      ],
    });
    const geo = openGeo({ database: file });
    assert.equal(geo.lookup('8.8.8.8').country, 'NO');
    assert.equal(geo.lookup('2a00:1450:4001:80b::200e').country, 'NO');
    assert.equal(geo.lookup('2a00:1451::1').country, 'unknown');
  });

  it('falls back to registered_country, and treats unassigned codes as unknown', () => {
    const file = writeDb('registered.mmdb', {
      networks: [
        { cidr: '8.8.8.0/24', data: { registered_country: { iso_code: 'DK' } } },
        { cidr: '1.1.1.0/24', data: { country: { iso_code: 'ZZ' } } },
        { cidr: '1.0.0.0/24', data: { country_code: 'EU' } },
        { cidr: '9.9.9.0/24', data: { city: { names: { en: 'Nowhere' } } } },
      ],
    });
    const geo = openGeo({ database: file });
    assert.equal(geo.lookup('8.8.8.8').country, 'DK');
    assert.equal(geo.lookup('1.1.1.1').country, 'unknown');
    assert.equal(geo.lookup('1.0.0.1').country, 'unknown');
    assert.equal(geo.lookup('9.9.9.9').country, 'unknown');
  });

  it('takes the ASN from the file when its records have one (ASN-only files too)', () => {
    const file = writeDb('asn.mmdb', {
      databaseType: 'Test-ASN',
      networks: [
        { cidr: '8.8.8.0/24', data: { country_code: 'SE', autonomous_system_number: 64512, autonomous_system_organization: 'Lab AS' } },
        { cidr: '1.1.1.0/24', data: { autonomous_system_number: 13335 } },
      ],
    });
    const geo = openGeo({ database: file });
    assert.deepEqual(geo.lookup('8.8.8.8'), { country: 'SE', asn: 64512, as_org: 'Lab AS' });
    assert.deepEqual(geo.lookup('1.1.1.1'), { country: 'unknown', asn: 13335, as_org: null });
  });

  it('leaves IPv6 unknown with an IPv4-only file', () => {
    const file = writeDb('v4only.mmdb', {
      ipVersion: 4,
      recordSize: 32,
      networks: [{ cidr: '8.8.8.0/24', data: { country_code: 'SE' } }],
    });
    const geo = openGeo({ database: file });
    assert.equal(geo.lookup('8.8.8.8').country, 'SE');
    assert.equal(geo.lookup('::ffff:8.8.8.8').country, 'SE');
    assert.equal(geo.lookup('2001:4860:4860::8888').country, 'unknown');
  });

  it('places many networks correctly', () => {
    const countries = ['SE', 'NO', 'DK', 'FI', 'IS'];
    const networks = Array.from({ length: 300 }, (_, i) => ({
      cidr: `${20 + (i % 50)}.${(i * 7) % 256}.${i % 256}.0/24`,
      data: { country_code: countries[i % countries.length] },
    }));
    const seen = new Map(networks.map((n, i) => [n.cidr, countries[i % countries.length]]));
    const geo = openGeo({ database: writeDb('many.mmdb', { networks }) });
    for (const [cidr, country] of seen) {
      const base = cidr.slice(0, cidr.lastIndexOf('.'));
      assert.equal(geo.lookup(`${base}.1`).country, country, cidr);
      assert.equal(geo.lookup(`${base}.254`).country, country, cidr);
    }
  });

  it('sees a database file that changed at the same path', () => {
    const file = writeDb('changing.mmdb', { networks: [{ cidr: '8.8.8.0/24', data: { country_code: 'SE' } }] });
    assert.equal(openGeo({ database: file }).lookup('8.8.8.8').country, 'SE');
    writeFileSync(file, writeMmdb({ networks: [{ cidr: '8.8.8.0/24', data: { country_code: 'NO' } }, { cidr: '9.0.0.0/8', data: { country_code: 'NO' } }] }));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.equal(openGeo({ database: file }).lookup('8.8.8.8').country, 'NO');
  });

  it('throws LS_GEO_DB naming the file when a record cannot be decoded', () => {
    const buf = writeMmdb({ networks: [{ cidr: '8.8.8.0/24', data: { country_code: 'SE' } }] });
    const dataStart = new Reader<Response>(buf).metadata.searchTreeSize + 16;
    buf[dataStart] = 0xff; /* extended type byte follows: 0xff is no type */
    buf[dataStart + 1] = 0xff;
    const file = join(tempDir('leakspec-geo-'), 'corrupt.mmdb');
    writeFileSync(file, buf);
    const geo = openGeo({ database: file });
    assert.throws(
      () => geo.lookup('8.8.8.8'),
      (e: unknown) => e instanceof LeakspecError && e.code === ErrorCodes.GEO_DB && e.message.includes(file),
    );
  });
});
