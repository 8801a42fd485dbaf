import assert from 'node:assert/strict';
import { DETECTOR_CATEGORY, DETECTOR_KINDS } from '../../../src/detect/undeclared/index.js';
import { CATEGORIES } from '../../../src/detect/types.js';
import { DETECTORS } from '../../../src/spec/types.js';
import { base64Blob, matched } from './helpers.js';

/** Realistic text that holds no identifier of any kind. */
const TRAPS: Array<[string, string]> = [
  ['timestamps in ms and us', '{"ts":1700000000000,"t_us":1700000000000123,"date":"2024-01-01T10:00:00+01:00"}'],
  ['a 15-digit order number failing Luhn', 'order=356938035643808'],
  ['UUIDs', 'X-Request-Id: 550e8400-e29b-41d4-a716-446655440000\r\nid=123e4567-e89b-12d3-a456-426614174000'],
  ['IPv6 addresses', 'Host: [2001:db8::1]\r\nX-Addr: fe80::3c5a:b4ff:fe01:2345 2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
  ['a base64 blob', `data=${base64Blob(3000)}`],
  ['hex digests', 'etag="d41d8cd98f00b204e9800998ecf8427e" sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['version strings', 'User-Agent: Mozilla/5.0 (Linux; Android 10; Nokia 7 plus Build/QKQ1.190828.002) Chrome/120.0.6099.144 v1.2.3.4'],
  ['prices', 'total=$1,299.99&tax=12.50&items=3,4.999'],
  ['an HTTP date and cookie', 'Date: Tue, 15 Nov 1994 08:12:31 GMT\r\nSet-Cookie: sid=31d4d96e407aad42; Max-Age=3600'],
  ['retina images and packages', '<img src="logo@2x.png"> "react@18.2.0" @import url(a.css);'],
  ['a JWT', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'],
  ['long numbers', 'n=12345678901234567890123 ctr=000000000000000000'],
];

describe('detect/undeclared: false-alarm traps', () => {
  for (const [what, text] of TRAPS) {
    it(`finds nothing in ${what}`, () => assert.deepEqual(matched(DETECTOR_KINDS, text), []));
  }
});

describe('detect/undeclared: kinds', () => {
  it('are the detectors of the spec format, each with a category', () => {
    assert.deepEqual([...DETECTOR_KINDS], [...DETECTORS]);
    for (const k of DETECTOR_KINDS) assert.ok((CATEGORIES as readonly string[]).includes(DETECTOR_CATEGORY[k]), k);
    assert.deepEqual(
      DETECTOR_KINDS.map((k) => DETECTOR_CATEGORY[k]),
      ['device-id', 'subscriber-id', 'subscriber-id', 'device-id', 'contact', 'subscriber-id', 'location'],
    );
  });
});
