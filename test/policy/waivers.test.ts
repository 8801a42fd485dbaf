import assert from 'node:assert/strict';
import { check, flow, offenderIds, waiver, zzhcFlow } from './factories.js';

describe('policy: waivers', () => {
  it('waives a matching offence through the whole expires day', () => {
    const f = zzhcFlow();
    const r = check('no-cross-border', [f], { waivers: [waiver({ expires: '2027-01-31' })], today: '2027-01-31' });
    assert.equal(r.status, 'passed');
    assert.equal(r.summary, 'ok');
    assert.deepEqual(r.offenders, []);
    assert.deepEqual(r.waived.map((e) => e.flow), [f.id]);
    assert.deepEqual(r.waived[0].waiver, {
      reason: 'activation client removed in 00WW_3_22D',
      ticket: 'PRIV-123',
      expires: '2027-01-31',
      loc: { file: '/specs/nokia-7-plus.yaml', line: 48, col: 9 },
    });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.unusedWaivers, []);
  });

  it('fails the day after expiry, naming the waiver file:line, ticket and expiry, and waives nothing', () => {
    const f = zzhcFlow();
    const r = check('no-cross-border', [f], { waivers: [waiver({ expires: '2027-01-31' })], today: '2027-02-01' });
    assert.equal(r.status, 'failed');
    assert.deepEqual(offenderIds(r), [f.id]);
    assert.deepEqual(r.waived, []);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].code, 'LS_WAIVER_EXPIRED');
    for (const text of ['/specs/nokia-7-plus.yaml:48', 'PRIV-123', '2027-01-31']) {
      assert.ok(r.errors[0].message.includes(text), `error names ${text}: ${r.errors[0].message}`);
      assert.ok(r.message.includes(text), `message names ${text}`);
    }
    assert.match(r.summary, /^1 flow crosses the border: .*; waiver at \/specs\/nokia-7-plus\.yaml:48 \(PRIV-123\)/);
  });

  it('fails with an expired waiver even when it matches nothing any more', () => {
    const r = check('no-cross-border', [flow()], { waivers: [waiver({ expires: '2025-12-31' })], today: '2026-01-01' });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.offenders, []);
    assert.equal(r.errors[0].code, 'LS_WAIVER_EXPIRED');
    assert.match(r.summary, /waiver at \/specs\/nokia-7-plus\.yaml:48 \(PRIV-123\) for no-cross-border to zzhc\.vnet\.cn expired on 2025-12-31/);
    assert.match(r.message, /scenario: first boot activation at \/specs\/nokia-7-plus\.yaml:30/);
  });

  it('says "no ticket" for an expired waiver without one', () => {
    const r = check('no-cross-border', [], { waivers: [waiver({ ticket: null, expires: '2020-01-01' })], today: '2026-01-01' });
    assert.match(r.errors[0].message, /\(no ticket\)/);
  });

  it('lists an active waiver that matched nothing as unused, without failing', () => {
    const w = waiver({ to: ['gone.example.cn'] });
    const r = check('no-cross-border', [flow()], { waivers: [w], today: '2026-06-01' });
    assert.equal(r.status, 'passed');
    assert.deepEqual(r.unusedWaivers, [{ to: ['gone.example.cn'], loc: w.loc, expires: '2027-01-31' }]);
  });

  it('counts a waiver as unused when its flow exists but does not offend', () => {
    const r = check('no-cross-border', [zzhcFlow({ country: 'NO' })], { waivers: [waiver()] });
    assert.equal(r.unusedWaivers.length, 1);
  });

  it('applies only to its own assertion', () => {
    const f = zzhcFlow();
    const r = check('no-plaintext', [f], { waivers: [waiver({ assertion: 'no-cross-border' })] });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.unusedWaivers, []);
    // An expired waiver of another assertion does not fail this one.
    const other = check('no-plaintext', [flow()], { waivers: [waiver({ expires: '2020-01-01' })] });
    assert.equal(other.status, 'passed');
  });

  it('covers only the flows its `to` matches, by name, address or ASN', () => {
    const a = zzhcFlow();
    const b = zzhcFlow({ names: ['other.vnet.cn'], server: { ip: '202.97.9.9', port: 80 }, asn: 4809 });
    const byName = check('no-cross-border', [a, b], { waivers: [waiver()] });
    assert.deepEqual(offenderIds(byName), [b.id]);
    assert.deepEqual(byName.waived.map((e) => e.flow), [a.id]);
    const byAsn = check('no-cross-border', [a, b], { waivers: [waiver({ to: ['AS4134'] })] });
    assert.deepEqual(offenderIds(byAsn), [b.id]);
    const byCidr = check('no-cross-border', [a, b], { waivers: [waiver({ to: ['202.97.0.0/16'] })] });
    assert.equal(byCidr.status, 'passed');
  });

  it('shows waived flows in a failure message, marked with date, ticket and reason', () => {
    const a = zzhcFlow();
    const b = zzhcFlow({ names: ['other.vnet.cn'], server: { ip: '202.97.9.9', port: 80 } });
    const r = check('no-cross-border', [a, b], { waivers: [waiver()] });
    assert.equal(r.status, 'failed');
    assert.ok(r.message.includes('waived until 2027-01-31 (PRIV-123): activation client removed in 00WW_3_22D'));
    assert.ok(r.message.indexOf('other.vnet.cn') < r.message.indexOf('waived until'), 'offenders come before waived flows');
  });

  it('treats an expiry that is not a date as expired', () => {
    const r = check('no-cross-border', [zzhcFlow()], { waivers: [waiver({ expires: 'someday' })] });
    assert.equal(r.status, 'failed');
    assert.equal(r.errors[0].code, 'LS_WAIVER_EXPIRED');
  });
});
