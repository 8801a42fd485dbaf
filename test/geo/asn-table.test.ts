import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildAsnTableInput, buildDateFromVersion, parseAsnCsvLine } from '../../src/geo/asn-csv.js';
import { AsnIndex, asnTablePath, embeddedAsnIndex, loadAsnTable } from '../../src/geo/asn-table.js';
import { decodeAsnTable, encodeAsnTable } from '../../src/geo/asn-table-format.js';
import { parseIp } from '../../src/geo/ip-address.js';
import { ErrorCodes, LeakspecError } from '../../src/errors.js';
import { tempDir } from '../support/paths.js';

const META = { name: 'test', version: '2.3.2026061719', build_date: '2026-06-17', license: 'CC BY 4.0', source: 'test' };

function ipv6Number(text: string): bigint {
  const b = parseIp(text) as Uint8Array;
  return BigInt('0x' + Buffer.from(b).toString('hex'));
}

function at(index: AsnIndex, ip: string): [number, string | null] | null {
  const hit = index.lookup(parseIp(ip) as Uint8Array);
  return hit ? [hit.asn, hit.as_org] : null;
}

describe('geo: ASN table', () => {
  it('parses CSV rows, with quoted organisations holding commas and quotes', () => {
    assert.deepEqual(parseAsnCsvLine('16777216,16777471,13335,"Cloudflare, Inc."'), {
      start: 16777216n, end: 16777471n, asn: 13335, org: 'Cloudflare, Inc.',
    });
    assert.equal(parseAsnCsvLine('1,2,201907,"LLC ""SPUTNIK"""')?.org, 'LLC "SPUTNIK"');
    assert.equal(parseAsnCsvLine('1,2,3,')?.org, '');
    assert.equal(parseAsnCsvLine('1,2,3,"open'), null);
    assert.equal(parseAsnCsvLine('1,2,3,a"b'), null);
    assert.equal(parseAsnCsvLine('2,1,3,x'), null);
    assert.equal(parseAsnCsvLine('x,1,3,x'), null);
    assert.equal(buildDateFromVersion('2.3.2026061719'), '2026-06-17');
    assert.throws(() => buildDateFromVersion('1.0.0'));
  });

  it('round-trips a table and finds range edges, IPv4 and IPv6', () => {
    const v4 = ['16777216,16777471,13335,"Cloudflare, Inc."', '16777472,16777727,13335,"Cloudflare, Inc."', '134744064,134744319,15169,Google LLC', '4294967040,4294967295,7,Last'].join('\n');
    const a = ipv6Number('2001:4860::');
    const b = ipv6Number('2001:4860:ffff:ffff:ffff:ffff:ffff:ffff');
    const c = ipv6Number('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00');
    const v6 = `${a},${b},15169,Google LLC\n${c},${c + 255n},8,"Top, end"\n`;
    const input = buildAsnTableInput(v4, v6, META);
    assert.equal(input.v4.length, 3, 'adjacent ranges of the same ASN merge');
    const index = new AsnIndex(decodeAsnTable(encodeAsnTable(input), 'mem'));
    assert.deepEqual(at(index, '1.0.0.0'), [13335, 'Cloudflare, Inc.']);
    assert.deepEqual(at(index, '1.0.1.255'), [13335, 'Cloudflare, Inc.']);
    assert.equal(at(index, '1.0.2.0'), null);
    assert.equal(at(index, '0.255.255.255'), null);
    assert.deepEqual(at(index, '8.8.8.8'), [15169, 'Google LLC']);
    assert.equal(at(index, '8.8.7.255'), null);
    assert.equal(at(index, '8.8.9.0'), null);
    assert.deepEqual(at(index, '255.255.255.255'), [7, 'Last']);
    assert.deepEqual(at(index, '2001:4860::'), [15169, 'Google LLC']);
    assert.deepEqual(at(index, '2001:4860:ffff:ffff:ffff:ffff:ffff:ffff'), [15169, 'Google LLC']);
    assert.equal(at(index, '2001:485f:ffff:ffff:ffff:ffff:ffff:ffff'), null);
    assert.equal(at(index, '2001:4861::'), null);
    assert.deepEqual(at(index, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), [8, 'Top, end']);
    assert.equal(at(index, '::'), null);
    assert.equal(index.orgOf(15169), 'Google LLC');
    assert.equal(index.orgOf(99), null);
  });

  it('trims a range that overlaps the previous one and rejects one inside another', () => {
    const trimmed = buildAsnTableInput('10,20,1,a\n15,30,2,b\n', '', META);
    assert.equal(trimmed.trimmed, 1);
    assert.deepEqual(trimmed.v4.map((r) => [r.start, r.end]), [[10, 20], [21, 30]]);
    assert.throws(() => buildAsnTableInput('10,20,1,a\n12,15,2,b\n', '', META), /inside/);
  });

  it('rejects a damaged table file with LS_GEO_DB naming the file', () => {
    const dir = tempDir();
    const good = encodeAsnTable(buildAsnTableInput('1,2,3,x\n', '', META));
    const cases: [string, Buffer][] = [
      ['not-gzip.bin.gz', Buffer.from('hello')],
      ['bad-magic.bin.gz', gzipSync(Buffer.from('XXXXXXXX'))],
      ['truncated.bin.gz', gzipSync(good.subarray(0, good.length - 2))],
      ['trailing.bin.gz', gzipSync(Buffer.concat([good, Buffer.from([0])]))],
    ];
    for (const [name, bytes] of cases) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      assert.throws(() => loadAsnTable(file), (e: unknown) => e instanceof LeakspecError && e.code === ErrorCodes.GEO_DB && e.message.includes(file), name);
    }
    assert.throws(() => loadAsnTable(join(dir, 'missing.bin.gz')), { code: ErrorCodes.GEO_DB });
  });

  describe('the shipped data/asn-table.bin.gz', () => {
    it('exists, is under 5 MB and is dated from the source package version', () => {
      const size = readFileSync(asnTablePath()).length;
      assert.ok(size > 1_000_000 && size < 5 * 1024 * 1024, `size ${size}`);
      const info = embeddedAsnIndex().info();
      assert.equal(info.build_date, '2026-06-17');
      assert.match(info.name, /@ip-location-db\/asn/);
      assert.match(info.license, /CC BY 4\.0/);
    });

    it('gives AS15169 Google for 8.8.8.8 and 2001:4860:4860::8888', () => {
      const index = embeddedAsnIndex();
      for (const ip of ['8.8.8.8', '2001:4860:4860::8888']) {
        const hit = at(index, ip);
        assert.equal(hit?.[0], 15169, ip);
        assert.match(hit?.[1] ?? '', /Google/, ip);
      }
    });

    it('agrees with the source CSV rows it was built from (sampled, edges included)', function () {
      let dir: string;
      try {
        dir = dirname(createRequire(import.meta.url).resolve('@ip-location-db/asn/package.json'));
      } catch {
        process.stdout.write('      (skipped: the dev dependency @ip-location-db/asn is not installed)\n');
        return this.skip();
      }
      const index = embeddedAsnIndex();
      const check = (file: string, toIp: (n: bigint) => string): void => {
        if (!existsSync(join(dir, file))) return;
        const lines = readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l !== '');
        const step = Math.max(1, Math.floor(lines.length / 2000));
        for (let i = 0; i < lines.length; i += step) {
          const row = parseAsnCsvLine(lines[i]);
          assert.ok(row, lines[i]);
          const prevEnd = i > 0 ? (parseAsnCsvLine(lines[i - 1])?.end ?? -1n) : -1n;
          const probes = [row.end, (row.start + row.end) / 2n];
          if (row.start > prevEnd) probes.push(row.start); /* a trimmed overlap keeps the earlier row's ASN */
          for (const n of probes) assert.equal(at(index, toIp(n))?.[0], row.asn, `${file}:${i + 1} at ${toIp(n)}`);
        }
      };
      check('asn-ipv4-num.csv', (n) => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.'));
      check('asn-ipv6-num.csv', (n) => n.toString(16).padStart(32, '0').replace(/(.{4})(?!$)/g, '$1:'));
    });
  });
});
