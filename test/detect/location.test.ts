import assert from 'node:assert/strict';
import { findCoordinatePairs, haversineMeters } from '../../src/detect/coordinates.js';
import { createLocationScanner, LOCATION_OVERLAP } from '../../src/detect/location.js';
import type { Hit, IdentifierDecl } from '../../src/detect/types.js';
import { hitKeys } from './helpers.js';

const OSLO: IdentifierDecl = { name: 'location', category: 'location', value: null, location: { lat: 59.9139, lon: 10.7522, radiusM: 2000 } };

function scanAll(text: string, decls: IdentifierDecl[] = [OSLO]): Hit[] {
  const s = createLocationScanner(decls);
  return [...s.push(Buffer.from(text, 'latin1')), ...s.flush()];
}

describe('detect: coordinate pairs', () => {
  it('measures great-circle distance (Oslo-Bergen is about 305 km)', () => {
    const d = haversineMeters(59.9139, 10.7522, 60.3913, 5.3221);
    assert.ok(d > 300_000 && d < 310_000, String(d));
    assert.equal(haversineMeters(1, 2, 1, 2), 0);
  });

  it('finds a pair under JSON keys, either order, numbers or strings, nested objects between', () => {
    const text = '{"latitude": "59.9200", "acc": {"h": 1}, "lng": 10.7600}';
    const hits = scanAll(text);
    assert.deepEqual(hitKeys(hits), [`location|coordinates|2|${text.length - 3}`]);
    assert.equal(scanAll('{"lon":10.7500,"gps_lat":59.9150}').length, 1);
  });

  it('does not pair keys from different JSON objects', () => {
    assert.deepEqual(scanAll('[{"lat": 59.9139, "id": 1}, {"lon": 10.7522}]'), []);
  });

  it('finds a pair in a query string, and not across two query strings', () => {
    const url = 'GET /track?id=7&lat=59.9140&lon=10.7530 HTTP/1.1';
    const hits = scanAll(url);
    assert.equal(hits.length, 1);
    assert.equal(hits[0].offset, url.indexOf('lat='));
    assert.equal(hits[0].length, 'lat=59.9140&lon=10.7530'.length);
    assert.deepEqual(scanAll('GET /a?lat=59.9140 HTTP/1.1\r\nReferer: /b?lon=10.7530\r\n'), []);
  });

  it('finds lat,lon written in one value, with a space or as %2C', () => {
    assert.equal(scanAll('"ll":"59.9139,10.7522"').length, 1);
    assert.equal(scanAll('q=59.914, 10.752&x=1').length, 1);
    assert.equal(scanAll('center=59.9139%2C10.7522&z=3').length, 1);
  });

  it('does not match outside the radius, out of range, or with fewer than three decimals', () => {
    assert.deepEqual(scanAll('{"lat":60.3913,"lon":5.3221}'), [], 'Bergen is outside 2 km of Oslo');
    assert.deepEqual(scanAll('{"lat":59.95,"lon":10.75}'), [], 'two decimals');
    assert.deepEqual(scanAll('59.91,10.75'), []);
    assert.deepEqual(findCoordinatePairs('95.1234,10.7522 45.1234,190.1234'), []);
    assert.deepEqual(scanAll('version 1.59.9139,10.7522'), [], 'part of a dotted number');
  });

  it('reports only locations whose radius holds the pair', () => {
    const wide: IdentifierDecl = { name: 'office', category: 'location', value: null, location: { lat: 60.3913, lon: 5.3221, radiusM: 400_000 } };
    const hits = scanAll('{"lat":59.9139,"lon":10.7522}', [OSLO, wide, { name: 'imei', category: 'device-id', value: '490154203237518' }]);
    assert.deepEqual(hits.map((h) => h.identifier).sort(), ['location', 'office']);
    assert.deepEqual(scanAll('{"lat":59.9139,"lon":10.7522}', [wide]).length, 1);
    assert.deepEqual(scanAll('{"lat":59.9139,"lon":12.7522}', [OSLO, wide]), []);
  });

  it('streams: same hits at every split position, none twice, offsets in the stream', () => {
    const pad = 'x'.repeat(300);
    const text = `${pad}{"lat":59.9139,"lon":10.7522} ${pad} q=59.9140,10.7523`;
    const expected = hitKeys(scanAll(text));
    assert.equal(expected.length, 2);
    for (let cut = 0; cut <= text.length; cut++) {
      const s = createLocationScanner([OSLO]);
      const got = [...s.push(Buffer.from(text.slice(0, cut))), ...s.push(Buffer.from(text.slice(cut))), ...s.flush()];
      assert.deepEqual(hitKeys(got), expected, `cut ${cut}`);
    }
  });

  it('decides a pair only once its last number is complete', () => {
    const s = createLocationScanner([OSLO]);
    assert.deepEqual(s.push(Buffer.from('59.9139,10.752')), []);
    const hits = s.push(Buffer.from('2 '));
    assert.deepEqual(hitKeys(hits), ['location|coordinates|0|15']);
    assert.deepEqual(s.flush(), []);
    assert.equal(s.position, 16);
  });

  it('byte-by-byte pushes find the same pairs as one push', () => {
    const text = 'a=1&lat=59.9139&lng=10.7522&b=2\n{"latitude":59.91391,"longitude":10.75221}';
    const s = createLocationScanner([OSLO]);
    const got: Hit[] = [];
    for (const b of Buffer.from(text)) got.push(...s.push(Uint8Array.of(b)));
    got.push(...s.flush());
    assert.deepEqual(hitKeys(got), hitKeys(scanAll(text)));
    assert.equal(got.length, 2);
  });

  it('keeps an overlap larger than the longest pair', () => {
    const pair = '{"lat": 59.9139,' + ' '.repeat(150) + '"lon": 10.7522}';
    assert.ok(LOCATION_OVERLAP > pair.length);
    assert.equal(scanAll(pair).length, 1);
  });
});
