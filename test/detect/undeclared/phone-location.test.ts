import assert from 'node:assert/strict';
import { hitsOf, matched } from './helpers.js';

describe('detect/undeclared: phone (E.164)', () => {
  const mustMatch: Array<[string, string, string]> = [
    ['compact', 'tel=+4791234567&x', '+4791234567'],
    ['JSON', '{"phone":"+14155550123"}', '+14155550123'],
    ['grouped with spaces', 'call +47 912 34 567 now', '+47 912 34 567'],
    ['grouped with dashes', 'n: +1-202-555-0123\r\n', '+1-202-555-0123'],
    ['French grouping', '"+33 1 23 45 67 89"', '+33 1 23 45 67 89'],
    ['one group after the code', '+47 91234567', '+47 91234567'],
    ['three-digit country code', 'msisdn=+3569912345678', '+3569912345678'],
    ['end of stream', '+442071838750', '+442071838750'],
    ['URL-encoded JSON', 'd=%7B%22tel%22%3A%22+4791234567%22%7D', '+4791234567'],
  ];
  for (const [what, text, want] of mustMatch) {
    it(`finds a phone number: ${what}`, () => assert.deepEqual(matched(['phone'], text), [want]));
  }

  it('finds %2B-encoded numbers with form url', () => {
    const hits = hitsOf('phone', 'tel=%2B4791234567&x');
    assert.equal(hits.length, 1);
    assert.deepEqual([hits[0].form, hits[0].offset, hits[0].length, hits[0].category], ['url', 4, 13, 'subscriber-id']);
  });

  const mustNot: Array<[string, string]> = [
    ['a time-zone offset', 'tz=+0100'],
    ['an ISO timestamp', '2024-01-01T10:00:00+01:00'],
    ['7 digits', 'n=+1234567'],
    ['16 digits', 'n=+1234567890123456'],
    ['an unassigned country code', 'n=+999123456789'],
    ['after a letter (URL-encoded space)', 'q=call+4791234567'],
    ['after a digit (a sum)', '1+4791234567'],
    ['inside base64', 'AAAA/+4791234567=='],
    ['followed by letters', '+4791234567abc'],
    ['a decimal', '+4791234567.5'],
    ['a repeated national part', 'score +100000000'],
    ['a price', 'delta +15.99 EUR'],
    ['the local part of an address', '+4791234567@sms.example.com'],
    ['grouping that does not start with the code', '+479 1234 5678'],
    ['too many digits when grouped', '+47 9123 4567 8901 2345'],
    ['a plus and a space', 'a + 4791234567'],
  ];
  for (const [what, text] of mustNot) {
    it(`no phone number: ${what}`, () => assert.deepEqual(matched(['phone'], text), []));
  }
});

describe('detect/undeclared: location', () => {
  const mustMatch: Array<[string, string, string]> = [
    ['JSON keys', '{"lat":59.9139,"lon":10.7522}', 'lat":59.9139,"lon":10.7522'],
    ['JSON, longitude first, strings', '{"longitude":"151.2093","latitude":"-33.8688"}', 'longitude":"151.2093","latitude":"-33.8688'],
    ['query string', 'GET /w?lat=59.914&lng=10.752&z=3 HTTP/1.1', 'lat=59.914&lng=10.752'],
    ['one value', '"ll":"59.9139,10.7522"', '59.9139,10.7522'],
    ['one value, %2C', 'center=59.9139%2C10.7522&z=3', '59.9139%2C10.7522'],
    ['one value at the end', 'll=59.9139,10.7522', '59.9139,10.7522'],
    ['a header value', 'X-Location: 59.9139,10.7522\r\n', '59.9139,10.7522'],
    ['in a request line', 'GET /m?ll=59.9139,10.7522 HTTP/1.1', '59.9139,10.7522'],
  ];
  for (const [what, text, want] of mustMatch) {
    it(`finds a pair: ${what}`, () => assert.deepEqual(matched(['location'], text), [want]));
  }

  const mustNot: Array<[string, string]> = [
    ['two decimals', '{"lat":59.91,"lon":10.75}'],
    ['out of range', '{"lat":95.1234,"lon":10.7522}'],
    ['keys in different objects', '[{"lat": 59.9139}, {"lon": 10.7522}]'],
    ['an SVG path', '<path d="M12.345,67.890L13.456,68.901"/>'],
    ['an SVG path with spaces', '<path d="M81.8894,26.6356 C79.113,34.9396 72.0049,42.0543 Z"/>'],
    ['SVG polyline points', '<polyline points="12.345,67.890 13.456,68.901"/>'],
    ['a GeoJSON array (lon,lat)', '"coordinates":[10.7522,59.9139]'],
    ['a list of numbers', 'v=1.234,5.678,9.012'],
    ['version strings', 'Version 1.2.3.4, 10.0.19041.1'],
    ['prices', 'total=12.99,13.50'],
    ['keys inside words', 'platform=59.9139&salon=10.7522'],
  ];
  for (const [what, text] of mustNot) {
    it(`no pair: ${what}`, () => assert.deepEqual(matched(['location'], text), []));
  }

  it('reports category location and identifier undeclared:location', () => {
    const [h] = hitsOf('location', 'll=59.9139,10.7522');
    assert.deepEqual(h, { identifier: 'undeclared:location', category: 'location', form: 'raw', offset: 3, length: 15 });
  });
});
