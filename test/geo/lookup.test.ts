import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes, LeakspecError } from '../../src/errors.js';
import { openGeo } from '../../src/geo/index.js';
import { tempDir } from '../support/paths.js';

function isGeoDbError(file?: string) {
  return (e: unknown): boolean => e instanceof LeakspecError && e.code === ErrorCodes.GEO_DB && (file === undefined || e.message.includes(file));
}

describe('geo: openGeo with the embedded database', () => {
  const geo = openGeo();

  it('places well-known addresses', () => {
    assert.equal(geo.lookup('8.8.8.8').country, 'US');
    assert.equal(geo.lookup('202.97.33.1').country, 'CN');
    assert.equal(geo.lookup('95.216.1.1').country, 'FI');
    assert.equal(geo.lookup('2001:4860:4860::8888').country, 'US');
  });

  it('gives the ASN and organisation from the embedded ASN table', () => {
    const g = geo.lookup('8.8.8.8');
    assert.equal(g.asn, 15169);
    assert.match(g.as_org ?? '', /Google/);
    assert.equal(geo.lookup('202.97.33.1').asn, 4134);
  });

  it('looks up IPv4-mapped and NAT64 addresses as their IPv4 address', () => {
    assert.deepEqual(geo.lookup('::ffff:8.8.8.8'), geo.lookup('8.8.8.8'));
    assert.deepEqual(geo.lookup('::ffff:808:808'), geo.lookup('8.8.8.8'));
    assert.deepEqual(geo.lookup('64:ff9b::8.8.8.8'), geo.lookup('8.8.8.8'));
    assert.equal(geo.lookup('::ffff:192.168.1.1').country, 'LOCAL');
  });

  it('returns a fresh object each time (callers may keep or change it)', () => {
    const a = geo.lookup('8.8.8.8');
    a.country = 'XX';
    assert.equal(geo.lookup('8.8.8.8').country, 'US');
  });

  it('reports the database name, build date and licence, and the ASN table', () => {
    const info = geo.info();
    assert.match(info.name, /geo-whois-asn-country/);
    assert.match(info.build_date, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(info.build_date, '2026-06-17');
    assert.match(info.license, /CC BY 4\.0/);
    assert.match(info.license, /CC0-1\.0/);
    assert.equal(info.asn?.build_date, '2026-06-17');
    assert.match(info.asn?.license ?? '', /RouteViews.*DB-IP.*NRO/);
  });
});

describe('geo: overrides', () => {
  it('wins over the database, the most specific prefix first', () => {
    const geo = openGeo({
      overrides: [
        { cidr: '8.8.0.0/16', country: 'se' },
        { cidr: '8.8.8.0/24', country: 'NO' },
        { cidr: '8.8.8.8/32', country: 'DE', asn: 64500 },
      ],
    });
    assert.equal(geo.lookup('8.8.1.1').country, 'SE');
    assert.equal(geo.lookup('8.8.8.1').country, 'NO');
    assert.equal(geo.lookup('8.8.8.1').asn, 15169, 'without asn, the ASN still comes from the table');
    assert.deepEqual(geo.lookup('8.8.8.8'), { country: 'DE', asn: 64500, as_org: null });
    assert.equal(geo.lookup('::ffff:8.8.8.8').country, 'DE');
    assert.equal(geo.lookup('8.9.0.0').country, 'US');
  });

  it('names the organisation of an override ASN that the table knows', () => {
    const geo = openGeo({ overrides: [{ cidr: '198.51.100.0/24', country: 'NO', asn: 15169 }] });
    const g = geo.lookup('198.51.100.10');
    assert.equal(g.country, 'NO');
    assert.equal(g.asn, 15169);
    assert.match(g.as_org ?? '', /Google/);
  });

  it('wins over LOCAL and reserved space too (a lab may declare its range)', () => {
    const geo = openGeo({
      overrides: [
        { cidr: '10.20.0.0/16', country: 'NO' },
        { cidr: '2001:db8:1::/48', country: 'SE' },
        { cidr: '192.0.2.7', country: 'unknown' },
      ],
    });
    assert.equal(geo.lookup('10.20.3.4').country, 'NO');
    assert.equal(geo.lookup('10.21.3.4').country, 'LOCAL');
    assert.equal(geo.lookup('2001:db8:1::9').country, 'SE');
    assert.equal(geo.lookup('2001:db8:2::9').country, 'unknown');
    assert.equal(geo.lookup('192.0.2.7').country, 'unknown');
  });

  it('rejects bad CIDR text, countries and ASNs with LS_GEO_DB', () => {
    for (const cidr of ['10.0.0.0/33', '10.0.0/8', 'example.com/24', '', '2001:db8::/129']) {
      assert.throws(() => openGeo({ overrides: [{ cidr, country: 'NO' }] }), isGeoDbError(), cidr);
    }
    assert.throws(() => openGeo({ overrides: [{ cidr: '10.0.0.0/8', country: 'Norway' }] }), isGeoDbError());
    assert.throws(() => openGeo({ overrides: [{ cidr: '10.0.0.0/8', country: 'QQ' }] }), isGeoDbError());
    assert.throws(() => openGeo({ overrides: [{ cidr: '10.0.0.0/8', country: 'NO', asn: -1 }] }), isGeoDbError());
    assert.throws(() => openGeo({ overrides: [{ cidr: '10.0.0.0/8', country: 'NO', asn: 1.5 }] }), isGeoDbError());
  });
});

describe('geo: unreadable databases', () => {
  it('throws LS_GEO_DB naming a missing file', () => {
    const file = join(tempDir(), 'missing.mmdb');
    assert.throws(() => openGeo({ database: file }), isGeoDbError(file));
  });

  it('throws LS_GEO_DB naming a file that is not a MaxMind DB', () => {
    const file = join(tempDir(), 'not-a-db.mmdb');
    writeFileSync(file, 'this is not a database\n'.repeat(100));
    assert.throws(() => openGeo({ database: file }), isGeoDbError(file));
  });
});
