import assert from 'node:assert/strict';
import { matched } from './helpers.js';
import { withLuhn, withoutLuhn } from './helpers.js';

const IMEI = withLuhn('49015420323751');
const IMEI2 = withLuhn('35693803564380');
const ICCID20 = withLuhn('8947000000000000001');
const ICCID19 = withLuhn('891004234814455936');

describe('detect/undeclared: IMEI', () => {
  it('the independent Luhn agrees with published examples', () => {
    assert.equal(IMEI, '490154203237518');
    assert.equal(IMEI2, '356938035643809');
  });

  const mustMatch: Array<[string, string]> = [
    ['query string', `GET /reg?imei=${IMEI}&v=2 HTTP/1.1`],
    ['JSON string', `{"deviceId":"${IMEI2}"}`],
    ['JSON number', `{"d":${IMEI2},"x":1}`],
    ['header', `X-Device: ${IMEI}\r\n`],
    ['after a percent-escape', `data=imei%3D${IMEI}%26x`],
    ['at the end of the stream', IMEI],
  ];
  for (const [what, text] of mustMatch) {
    it(`finds an IMEI: ${what}`, () => {
      const found = matched(['imei'], text);
      assert.equal(found.length, 1, text);
      assert.match(found[0], /^(490154203237518|356938035643809)$/);
    });
  }

  const mustNot: Array<[string, string]> = [
    ['14 digits', `imei=${IMEI.slice(0, 14)}`],
    ['16 digits', `id=${IMEI}1`],
    ['inside a 20-digit number', `n=12345${IMEI}`],
    ['failing Luhn (a 15-digit order number)', `order=${withoutLuhn('35000012345678')}`],
    ['failing Luhn (another)', `{"orderId":"${withoutLuhn('49015420323751')}"}`],
    ['Luhn-valid but an unassigned reporting body (17...)', `n=${withLuhn('17000000000000')}`],
    ['TAC 00', `n=${withLuhn('00123456789012')}`],
    ['one digit repeated', 'n=999999999999999'],
    ['a timestamp in ms (13 digits)', 'ts=1700000000000'],
    ['a timestamp in us (16 digits)', 'ts=1700000000000000'],
    ['inside a hex digest', `sha=ab${IMEI}cd`],
    ['the fraction of a decimal', `v=0.${IMEI}`],
    ['the integer part of a decimal', `v=${IMEI}.5`],
    ['after +, a phone number', `tel=+${IMEI2}`],
  ];
  for (const [what, text] of mustNot) {
    it(`no IMEI: ${what}`, () => assert.deepEqual(matched(['imei'], text), []));
  }
});

describe('detect/undeclared: ICCID', () => {
  it('finds 19- and 20-digit Luhn-valid numbers starting 89', () => {
    assert.deepEqual(matched(['iccid'], `{"iccid":"${ICCID20}"}`), [ICCID20]);
    assert.deepEqual(matched(['iccid'], `sim=${ICCID19}&x=1`), [ICCID19]);
    assert.deepEqual(matched(['iccid'], `${ICCID19}`), [ICCID19]);
  });

  const mustNot: Array<[string, string]> = [
    ['failing Luhn', `iccid=${withoutLuhn('8947000000000000001')}`],
    ['not starting 89', `n=${withLuhn('8847000000000000001')}`],
    ['18 digits', `n=${withLuhn('89470000000000000')}`],
    ['21 digits', `n=${withLuhn('89470000000000000001')}`],
    ['inside a longer number', `n=1${ICCID20}`],
    ['glued to letters', `n=x${ICCID20}`],
  ];
  for (const [what, text] of mustNot) {
    it(`no ICCID: ${what}`, () => assert.deepEqual(matched(['iccid'], text), []));
  }

  it('a 15-digit IMEI is not an ICCID and the reverse', () => {
    assert.deepEqual(matched(['iccid'], `x=${IMEI}`), []);
    assert.deepEqual(matched(['imei'], `x=${ICCID20}`), []);
  });
});

describe('detect/undeclared: IMSI', () => {
  const IMSI = '242016000000001';
  const mustMatch: Array<[string, string]> = [
    ['JSON string', `{"imsi":"${IMSI}"}`],
    ['JSON number with spaces', `{"imsi" : ${IMSI}}`],
    ['JSON key containing imsi', `{"subscriberImsi":"${IMSI}"}`],
    ['query string', `GET /a?imsi=${IMSI}&b=1 HTTP/1.1`],
    ['form body at the end', `mcc=242&IMSI=${IMSI}`],
    ['header', `X-IMSI: ${IMSI}\r\n`],
    ['URL-encoded JSON', `d=%7B%22imsi%22%3A%22${IMSI}%22%7D`],
    ['escaped JSON inside JSON', `{"p":"{\\"imsi\\":\\"${IMSI}\\"}"}`],
  ];
  for (const [what, text] of mustMatch) {
    it(`finds an IMSI: ${what}`, () => assert.deepEqual(matched(['imsi'], text), [IMSI], text));
  }

  const mustNot: Array<[string, string]> = [
    ['without a key', `{"id":"${IMSI}"}`],
    ['under another key', `{"msisdn":"${IMSI}"}`],
    ['14 digits', `imsi=${IMSI.slice(0, 14)}`],
    ['16 digits', `imsi=${IMSI}0`],
    ['a test-network MCC 001', 'imsi=001010123456789'],
    ['one digit repeated', 'imsi=222222222222222'],
    ['key far away', `imsi: yes, id=${IMSI}`],
  ];
  for (const [what, text] of mustNot) {
    it(`no IMSI: ${what}`, () => assert.deepEqual(matched(['imsi'], text), []));
  }

  it('a Luhn-valid value under an imsi key is an IMSI, not an IMEI', () => {
    const v = withLuhn('35201600000000');
    assert.deepEqual(matched(['imei'], `x=${v}`), [v], 'an IMEI without the key');
    assert.deepEqual(matched(['imei', 'imsi'], `imsi=${v}`), [v]);
    assert.deepEqual(matched(['imei'], `imsi=${v}`), []);
  });
});
