import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { crc32, gzipSync } from 'node:zlib';
import { buildAsnTableInput, buildDateFromVersion, parseAsnCsvLine } from '../../src/geo/asn-csv.js';
import { AsnIndex, asnTablePath, embeddedAsnIndex, loadAsnTable } from '../../src/geo/asn-table.js';
import { encodeAsnTable, openAsnTable } from '../../src/geo/asn-table-format.js';
import fc from 'fast-check';
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
    const index = new AsnIndex(openAsnTable(encodeAsnTable(input), 'mem'));
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

  it('finds the same ranges as a linear search, across many blocks (IPv4 and IPv6)', () => {
    let seed = 20260617;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const v4rows: string[] = [];
    for (let at = rnd(1000), i = 0; i < 700 && at < 2 ** 32 - 5000; i++) {
      const size = rnd(4) === 0 ? 0 : rnd(3000);
      v4rows.push(`${at},${at + size},${1 + rnd(40)},${rnd(5) === 0 ? '' : `Org ${rnd(60)}, "x"`.replace(/"/g, '""').replace(/^(.*)$/, '"$1"')}`);
      at += size + 1 + (rnd(2) === 0 ? 0 : rnd(5000));
    }
    const v6rows: string[] = [];
    let at6 = 1n << 125n;
    for (let i = 0; i < 400; i++) {
      const size = rnd(3) === 0 ? (1n << BigInt(64 + rnd(40))) - 1n : BigInt(rnd(100000));
      v6rows.push(`${at6},${at6 + size},${1 + rnd(40)},Org6 ${rnd(30)}`);
      at6 += size + 1n + (rnd(2) === 0 ? 0n : BigInt(rnd(1000)) << BigInt(rnd(90)));
    }
    const input = buildAsnTableInput(v4rows.join('\n'), v6rows.join('\n'), META);
    assert.ok(input.v4.length > 300 && input.v6.length > 300, 'several blocks of each family');
    const encoded = encodeAsnTable(input);
    const index = new AsnIndex(openAsnTable(encoded, 'mem'));
    /* the same bytes at an odd address: columns are copied instead of viewed in place */
    const shifted = Buffer.alloc(encoded.length + 1);
    encoded.copy(shifted, 1);
    const unaligned = new AsnIndex(openAsnTable(shifted.subarray(1), 'unaligned'));
    const want4 = (v: number): [number, string | null] | null => {
      const r = input.v4.find((x) => x.start <= v && v <= x.end);
      return r ? [input.entries[r.entry].asn, input.entries[r.entry].org || null] : null;
    };
    const want6 = (v: bigint): [number, string | null] | null => {
      const r = input.v6.find((x) => x.start <= v && v <= x.end);
      return r ? [input.entries[r.entry].asn, input.entries[r.entry].org || null] : null;
    };
    const ip4 = (n: number): string => [24, 16, 8, 0].map((sh) => String((n >>> sh) & 255)).join('.');
    const ip6 = (n: bigint): string => n.toString(16).padStart(32, '0').replace(/(.{4})(?!$)/g, '$1:');
    for (const r of input.v4) {
      for (const v of [r.start - 1, r.start, r.end, r.end + 1, (r.start + r.end) >>> 1]) {
        if (v < 0) continue;
        assert.deepEqual(at(index, ip4(v)), want4(v), ip4(v));
        assert.deepEqual(at(unaligned, ip4(v)), want4(v), ip4(v));
      }
    }
    for (const r of input.v6) {
      for (const v of [r.start - 1n, r.start, r.end, r.end + 1n, (r.start + r.end) / 2n]) {
        assert.deepEqual(at(index, ip6(v)), want6(v), ip6(v));
        assert.deepEqual(at(unaligned, ip6(v)), want6(v), ip6(v));
      }
    }
    assert.equal(at(index, '0.0.0.0'), want4(0));
    assert.equal(at(index, '255.255.255.255'), null);
    assert.equal(at(index, '::'), null);
  });

  it('rejects a damaged table file with LS_GEO_DB naming the file', () => {
    const dir = tempDir();
    const good = encodeAsnTable(buildAsnTableInput('1,2,3,x\n', '', META));
    const flipped = Buffer.from(good);
    flipped[flipped.length - 8] ^= 1;
    const cases: [string, Buffer][] = [
      ['empty.bin', Buffer.alloc(0)],
      ['old-format.bin', gzipSync(Buffer.from('LSASNTB1'))],
      ['bad-magic.bin', Buffer.concat([Buffer.from('XXXXXXXX'), good.subarray(8)])],
      ['truncated.bin', good.subarray(0, good.length - 4)],
      ['trailing.bin', Buffer.concat([good, Buffer.alloc(4)])],
      ['flipped-bit.bin', flipped],
    ];
    for (const [name, bytes] of cases) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      assert.throws(() => loadAsnTable(file), (e: unknown) => e instanceof LeakspecError && e.code === ErrorCodes.GEO_DB && e.message.includes(file), name);
    }
    assert.throws(() => loadAsnTable(join(dir, 'missing.bin')), { code: ErrorCodes.GEO_DB });
  });

  it('a damaged block that passes the checksum fails its lookups with LS_GEO_DB', () => {
    const good = encodeAsnTable(buildAsnTableInput('16777216,16777471,13335,Cloudflare\n16777472,16777480,7,Seven\n', '', META));
    /* the IPv4 stream is the last section before the IPv6 counts (3 words, no IPv6 ranges): its bytes are gap, size (2 bytes), entry, then gap, size, entry, and a byte of padding */
    const stream = good.length - 12 - 8;
    assert.deepEqual([...good.subarray(stream, stream + 8)], [0, 255, 1, 0, 0, 8, 1, 0], 'layout as expected');
    const bad = Buffer.from(good);
    bad[stream + 6] = 99; /* the second range's entry: beyond the entries */
    bad.writeUInt32LE(crc32(bad.subarray(12)), 8);
    const index = new AsnIndex(openAsnTable(bad, 'damaged.bin'));
    assert.deepEqual(at(index, '0.255.255.255'), null, 'below every block: nothing to decode');
    assert.throws(() => at(index, '1.0.0.1'), (e: unknown) => e instanceof LeakspecError && e.code === ErrorCodes.GEO_DB && e.message.includes('damaged.bin') && /entry 99/.test(e.message));
  });

  it('damage that keeps the checksum right fails with LS_GEO_DB or not at all, never another error', () => {
    const rows4 = Array.from({ length: 300 }, (_, i) => `${i * 1000},${i * 1000 + (i % 7) * 100},${1 + (i % 13)},Org ${i % 17}`).join('\n');
    const rows6 = Array.from({ length: 200 }, (_, i) => `${(1n << 120n) + BigInt(i) * (1n << 80n)},${(1n << 120n) + BigInt(i) * (1n << 80n) + (1n << 64n) - 1n},${1 + (i % 5)},O6 ${i % 3}`).join('\n');
    const good = encodeAsnTable(buildAsnTableInput(rows4, rows6, META));
    const probes = ['0.0.1.0', '0.3.13.64', '0.4.147.224', '255.0.0.1', '100::', '100:0:1:2::', '100:0:50:ffff::', 'ffff::'].map((ip) => parseIp(ip) as Uint8Array);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: good.length - 13 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (flips) => {
        const bad = Buffer.from(good);
        for (const [at, x] of flips) bad[12 + at] ^= x;
        bad.writeUInt32LE(crc32(bad.subarray(12)), 8);
        try {
          const index = new AsnIndex(openAsnTable(bad, 'fuzz.bin'));
          for (const p of probes) index.lookup(p);
          index.table.v4Ranges();
          index.table.v6Ranges();
          for (let e = 0; e < index.table.entryCount; e++) index.table.org(e);
        } catch (e) {
          if (!(e instanceof LeakspecError && e.code === ErrorCodes.GEO_DB)) throw e;
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  describe('the shipped data/asn-table.bin', () => {
    it('exists, is under 9 MB and is dated from the source package version', () => {
      const size = readFileSync(asnTablePath()).length;
      assert.ok(size > 1_000_000 && size < 9 * 1024 * 1024, `size ${size}`);
      const info = embeddedAsnIndex().info();
      assert.equal(info.build_date, '2026-06-17');
      assert.match(info.name, /@ip-location-db\/asn/);
      assert.match(info.license, /CC BY 4\.0/);
    });

    it('decodes whole: every block and every organisation name checks out', () => {
      const t = embeddedAsnIndex().table;
      const v4 = t.v4Ranges();
      const v6 = t.v6Ranges();
      assert.equal(v4.length, t.v4Count);
      assert.equal(v6.length, t.v6Count);
      assert.ok(v4.length > 100_000 && v6.length > 10_000);
      for (let e = 0; e < t.entryCount; e++) t.org(e);
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
