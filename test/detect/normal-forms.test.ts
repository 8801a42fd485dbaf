import assert from 'node:assert/strict';
import { compileMatcher } from '../../src/detect/matcher.js';
import { luhnCheckDigit, normalForms } from '../../src/detect/normal-forms.js';
import type { IdentifierDecl } from '../../src/detect/types.js';
import { b64, digest, hex } from './helpers.js';

function formsFound(decls: IdentifierDecl[], text: string): string[] {
  return compileMatcher(decls)
    .scan(Buffer.from(` ${text} `))
    .filter((h) => h.offset === 1)
    .map((h) => h.form);
}

describe('detect: MAC addresses in every separator style and case', () => {
  const mac: IdentifierDecl = { name: 'mac', category: 'device-id', value: '00:00:5e:00:53:01' };
  const spellings: Array<[string, string]> = [
    ['raw', '00:00:5e:00:53:01'],
    ['upper', '00:00:5E:00:53:01'],
    ['mac-dash-lower', '00-00-5e-00-53-01'],
    ['mac-dash-upper', '00-00-5E-00-53-01'],
    ['mac-dot-lower', '0000.5e00.5301'],
    ['mac-dot-upper', '0000.5E00.5301'],
    ['mac-nosep-lower', '00005e005301'],
    ['mac-nosep-upper', '00005E005301'],
  ];

  for (const [form, text] of spellings) {
    it(`finds ${text} as ${form}, and its hex, base64 and digests`, () => {
      assert.deepEqual(formsFound([mac], text), [form]);
      const prefix = form === 'raw' || form === 'upper' ? (form === 'raw' ? '' : 'mac-colon-upper+') : `${form}+`;
      assert.deepEqual(formsFound([mac], hex(text)), [`${prefix}hex`]);
      assert.deepEqual(formsFound([mac], b64(text)), [`${prefix}base64`]);
      assert.deepEqual(formsFound([mac], digest('sha256', text).toString('hex')), [`${prefix}sha256-hex`]);
      assert.deepEqual(formsFound([mac], digest('md5', text).toString('hex').toUpperCase()), [`${prefix}md5-hex`]);
      assert.deepEqual(formsFound([mac], digest('sha1', text).toString('base64')), [`${prefix}sha1-base64`]);
    });
  }

  it('reads a Cisco-style value under wifi-bssid and a MAC-shaped value under any name', () => {
    const bssid: IdentifierDecl = { name: 'wifi-bssid', category: 'device-id', value: '0000.5E00.5301' };
    assert.deepEqual(formsFound([bssid], '00:00:5e:00:53:01'), ['mac-colon-lower']);
    const router: IdentifierDecl = { name: 'router', category: 'other', value: 'AA-BB-CC-00-11-22' };
    assert.deepEqual(formsFound([router], 'aabbcc001122'), ['mac-nosep-lower']);
  });

  it('takes 12 bare hex digits as a MAC only under a MAC name', () => {
    const forms = normalForms({ name: 'mac', category: 'device-id', value: 'AABBCC001122' });
    assert.deepEqual(forms.map((f) => f.text), ['aa:bb:cc:00:11:22', 'AA:BB:CC:00:11:22', 'aa-bb-cc-00-11-22', 'AA-BB-CC-00-11-22', 'aabb.cc00.1122', 'AABB.CC00.1122', 'aabbcc001122']);
    assert.deepEqual(normalForms({ name: 'token', category: 'account', value: 'AABBCC001122' }), []);
  });
});

describe('detect: IMEI with and without its check digit', () => {
  // 490154203237518 is the IMEI example of 3GPP TS 23.003 material; its Luhn digit is 8.
  it('computes the Luhn check digit', () => {
    assert.equal(luhnCheckDigit('49015420323751'), 8);
    assert.equal(luhnCheckDigit('35693803564380'), 9);
  });

  it('finds a 15-digit IMEI written with 14 digits, and the digests of the 14 digits', () => {
    const imei: IdentifierDecl = { name: 'imei', category: 'device-id', value: '490154203237518' };
    assert.deepEqual(formsFound([imei], '49015420323751'), ['imei-14']);
    assert.deepEqual(formsFound([imei], digest('sha256', '49015420323751').toString('hex')), ['imei-14+sha256-hex']);
    assert.deepEqual(formsFound([imei], b64('49015420323751')), ['imei-14+base64']);
  });

  it('finds a 14-digit declared IMEI written with its check digit, and as its digest', () => {
    const imei: IdentifierDecl = { name: 'imei2', category: 'device-id', value: '49015420323751' };
    assert.ok(formsFound([imei], '490154203237518').includes('imei-15'));
    assert.deepEqual(formsFound([imei], digest('md5', '490154203237518').toString('hex')), ['imei-15+md5-hex']);
  });

  it('reads an IMEI written with separators', () => {
    const imei: IdentifierDecl = { name: 'imei', category: 'device-id', value: '49-015420-323751-8' };
    assert.deepEqual(formsFound([imei], '490154203237518'), ['imei-14', 'imei-15']);
  });
});

describe('detect: phone numbers', () => {
  const phone: IdentifierDecl = { name: 'phone-number', category: 'subscriber-id', value: '+47 912 34 567' };
  const found: Array<[string, string]> = [
    ['+47 912 34 567', 'raw'],
    ['+4791234567', 'phone-e164'],
    ['004791234567', 'phone-00'],
    ['4791234567', 'phone-noplus'],
    ['091234567', 'phone-trunk0'],
    ['%2B4791234567', 'phone-e164+url'],
    [digest('sha256', '+4791234567').toString('hex'), 'phone-e164+sha256-hex'],
    [digest('sha1', '91234567').toString('hex'), 'phone-national+sha1-hex'],
    [b64('4791234567'), 'phone-noplus+base64'],
  ];
  for (const [text, form] of found) {
    it(`finds ${text.slice(0, 20)} as ${form}`, () => {
      assert.deepEqual(formsFound([phone], text), [form]);
    });
  }

  it('finds the national number alone, inside a longer text', () => {
    const hits = compileMatcher([phone]).scan(Buffer.from('tel=91234567;'));
    assert.deepEqual(
      hits.map((h) => [h.form, h.offset, h.length]),
      [['phone-national', 4, 8]],
    );
  });

  it('reads a value written with the 00 international prefix like one with +', () => {
    const p00: IdentifierDecl = { name: 'phone-number', category: 'subscriber-id', value: '0047 912-34-567' };
    assert.deepEqual(formsFound([p00], '+4791234567'), ['phone-e164']);
    assert.deepEqual(formsFound([p00], '91234567'), ['phone-national']);
  });

  it('reads an msisdn without + as international, with a three-digit country code', () => {
    const msisdn: IdentifierDecl = { name: 'msisdn', category: 'subscriber-id', value: '358401234567' };
    assert.deepEqual(formsFound([msisdn], '+358401234567'), ['phone-e164']);
    assert.deepEqual(formsFound([msisdn], '0401234567'), ['phone-trunk0']);
  });

  it('reads a phone-number without + as national, dropping a trunk 0', () => {
    const nat: IdentifierDecl = { name: 'phone-number', category: 'subscriber-id', value: '06 12 34 56 78' };
    assert.deepEqual(formsFound([nat], '0612345678'), ['phone-compact']);
    assert.deepEqual(formsFound([nat], '612345678'), ['phone-national']);
  });

  it('does not match a near miss or another number', () => {
    const m = compileMatcher([phone]);
    assert.deepEqual(m.scan(Buffer.from('+4791234667 91224567 004791334567 +4681234567')), []);
  });
});
