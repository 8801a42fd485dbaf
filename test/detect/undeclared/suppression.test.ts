import assert from 'node:assert/strict';
import { DETECTOR_KINDS } from '../../../src/detect/undeclared/index.js';
import type { IdentifierDecl } from '../../../src/detect/types.js';
import { matched, withLuhn } from './helpers.js';

const IMEI = withLuhn('35693803564380');
const OTHER_IMEI = withLuhn('49015420323751');

function decl(name: string, value: string, category: IdentifierDecl['category'] = 'device-id'): IdentifierDecl {
  return { name, category, value };
}

describe('detect/undeclared: declared values are not reported again', () => {
  it('an IMEI declared as is, or without its check digit', () => {
    const text = `a=${IMEI}&b=${OTHER_IMEI}`;
    assert.deepEqual(matched(['imei'], text, [decl('imei', IMEI)]), [OTHER_IMEI]);
    assert.deepEqual(matched(['imei'], text, [decl('imei', IMEI.slice(0, 14))]), [OTHER_IMEI]);
    assert.deepEqual(matched(['imei'], text, [decl('imei', `${IMEI.slice(0, 8)}-${IMEI.slice(8)}`)]), [OTHER_IMEI], 'digits only');
  });

  it('a value declared under any name (compares text, not the name)', () => {
    assert.deepEqual(matched(['imei'], `s=${IMEI}`, [decl('serial', IMEI)]), []);
  });

  it('a MAC in another spelling or case', () => {
    const text = 'm=3c-5a-b4-01-23-45 n=aa:bb:cc:dd:ee:01';
    assert.deepEqual(matched(['mac'], text, [decl('wifi-bssid', '3C5AB4012345')]), ['aa:bb:cc:dd:ee:01']);
    assert.deepEqual(matched(['mac'], text, [decl('mac', '3C:5A:B4:01:23:45')]), ['aa:bb:cc:dd:ee:01']);
  });

  it('an e-mail address in another case, raw or URL-encoded', () => {
    const d = [decl('email', 'Jo@Example.org', 'contact')];
    assert.deepEqual(matched(['email'], 'a=jo@example.org b=jo%40example.org c=ann@example.org', d), ['ann@example.org']);
  });

  it('a phone number declared with spaces, without +, or nationally', () => {
    const text = 'tel=+4791234567&alt=+4798765432';
    assert.deepEqual(matched(['phone'], text, [decl('msisdn', '+47 912 34 567', 'subscriber-id')]), ['+4798765432']);
    assert.deepEqual(matched(['phone'], text, [decl('msisdn', '4791234567', 'subscriber-id')]), ['+4798765432']);
    assert.deepEqual(matched(['phone'], text, [decl('phone-number', '912 34 567', 'subscriber-id')]), ['+4798765432']);
  });

  it('ICCID and IMSI declared values', () => {
    const iccid = withLuhn('8947000000000000001');
    assert.deepEqual(matched(['iccid', 'imsi'], `{"iccid":"${iccid}","imsi":"242016000000001"}`, [decl('iccid', iccid, 'subscriber-id'), decl('imsi', '242016000000001', 'subscriber-id')]), []);
  });

  it('a coordinate pair inside a declared location radius', () => {
    const home: IdentifierDecl = { name: 'location', category: 'location', value: null, location: { lat: 59.9139, lon: 10.7522, radiusM: 1000 } };
    const text = '{"lat":59.9140,"lon":10.7530} {"lat":60.3913,"lon":5.3221}';
    assert.deepEqual(matched(['location'], text, [home]), ['lat":60.3913,"lon":5.3221']);
  });

  it('a declared value does not hide other kinds or overlapping different values', () => {
    const text = `imei=${IMEI}&mail=jo@example.org`;
    assert.deepEqual(matched(DETECTOR_KINDS, text, [decl('imei', IMEI)]), ['jo@example.org']);
    assert.deepEqual(matched(['imei'], `x=${OTHER_IMEI}`, [decl('imei', IMEI)]), [OTHER_IMEI]);
  });

  it('short digit values do not suppress by their digits', () => {
    assert.deepEqual(matched(['phone'], 'tel=+4791234567', [decl('pin', '4567', 'other')]), ['+4791234567']);
  });
});
