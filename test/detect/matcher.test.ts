import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { compileMatcher } from '../../src/detect/matcher.js';
import type { IdentifierDecl } from '../../src/detect/types.js';
import { b64, filler, hitKeys, prng } from './helpers.js';

const IMEI: IdentifierDecl = { name: 'imei', category: 'device-id', value: '490154203237518' };
const ICCID: IdentifierDecl = { name: 'iccid', category: 'subscriber-id', value: '89470000000000000017' };
const HOME: IdentifierDecl = { name: 'location', category: 'location', value: null, location: { lat: 59.9139, lon: 10.7522, radiusM: 2000 } };

describe('detect: compileMatcher', () => {
  it('reports each identifier with its category, form, offset and length', () => {
    const m = compileMatcher([IMEI, ICCID]);
    const data = Buffer.from('imei=490154203237518&iccid=89470000000000000017');
    assert.deepEqual(m.scan(data), [
      { identifier: 'imei', category: 'device-id', form: 'imei-14', offset: 5, length: 14 },
      { identifier: 'imei', category: 'device-id', form: 'raw', offset: 5, length: 15 },
      { identifier: 'iccid', category: 'subscriber-id', form: 'raw', offset: 27, length: 20 },
    ]);
  });

  it('finds the design case: IMEI and ICCID in a base64-wrapped JSON POST body', () => {
    const body = b64(JSON.stringify({ imei: IMEI.value, iccid: ICCID.value, cell: 219769344 }));
    const m = compileMatcher([IMEI, ICCID]);
    const hits = m.scan(Buffer.from(`POST / HTTP/1.1\r\nHost: zzhc.vnet.cn\r\n\r\n${body}`));
    const forms = new Set(hits.map((h) => `${h.identifier}:${h.form}`));
    assert.ok(forms.has('imei:base64'));
    assert.ok(forms.has('iccid:base64'));
  });

  it('does not search location identifiers and counts its patterns', () => {
    const m = compileMatcher([HOME]);
    assert.equal(m.patternCount, 0);
    assert.deepEqual(m.warnings, []);
    assert.deepEqual(m.scan(Buffer.from('{"lat":59.9139,"lon":10.7522}')), []);
    assert.ok(compileMatcher([IMEI]).patternCount > 30);
  });

  it('keeps short values out and says so in warnings', () => {
    const m = compileMatcher([
      { name: 'pin', category: 'other', value: '123' },
      { name: 'code', category: 'other', value: 'ab12' },
    ]);
    assert.equal(m.warnings.length, 2);
    assert.match(m.warnings[0], /"pin" is not searched/);
    assert.match(m.warnings[1], /"code" is searched as written only/);
    const hits = m.scan(Buffer.from(`123 ab12 AB12 ${b64('ab12')} 61623132`));
    assert.deepEqual(hitKeys(hits), ['code|raw|4|4']);
  });

  it('reports once per identifier and end byte, but every identifier sharing a value', () => {
    const twin: IdentifierDecl = { name: 'imei2', category: 'device-id', value: IMEI.value };
    const hits = compileMatcher([IMEI, twin]).scan(Buffer.from(`x${IMEI.value}`));
    assert.deepEqual(hitKeys(hits), ['imei2|imei-14|1|14', 'imei2|raw|1|15', 'imei|imei-14|1|14', 'imei|raw|1|15']);
    // raw, phone-noplus and phone-national all end at the last digit: one hit, the longest.
    const phone: IdentifierDecl = { name: 'msisdn', category: 'subscriber-id', value: '+4791234567' };
    assert.deepEqual(hitKeys(compileMatcher([phone]).scan(Buffer.from('n=+4791234567'))), ['msisdn|raw|2|11']);
  });

  it('does not match an undeclared IMEI-looking number or a near miss', () => {
    const m = compileMatcher([IMEI, ICCID]);
    const other = ['356938035643809', '490154203337518', '89470000000000000027', b64('490154203337518')];
    assert.deepEqual(m.scan(Buffer.from(other.join(','))), []);
  });

  it('does not see into compressed bytes (decoding is the caller\'s job)', () => {
    const m = compileMatcher([IMEI]);
    assert.deepEqual(m.scan(gzipSync(Buffer.from(`imei=${IMEI.value}`))), []);
  });

  it('counts every pushed byte in position and in offsets, CR/LF included', () => {
    const m = compileMatcher([ICCID]);
    const s = m.stream();
    const rand = prng(7);
    const a = filler(rand, 1000);
    assert.deepEqual(s.push(a), []);
    assert.equal(s.position, 1000);
    const hits = s.push(Buffer.from(`\r\n8947000000\r\n0000000017`));
    assert.equal(s.position, 1024);
    assert.deepEqual(hitKeys(hits), ['iccid|raw|1002|22']);
  });

  it('streams are independent of each other', () => {
    const m = compileMatcher([ICCID]);
    const s1 = m.stream();
    const s2 = m.stream();
    s1.push(Buffer.from('8947000000'));
    assert.deepEqual(s2.push(Buffer.from('0000000017')), []);
    assert.equal(s1.push(Buffer.from('0000000017')).length, 1);
  });
});
