import assert from 'node:assert/strict';
import { check, dnsFlow, flow, offenderIds, rule, zzhcFlow } from './factories.js';

const transferCN = { countries: ['CN'], countryNames: ['CN'], basis: 'SCC 2021/914' };

describe('policy: no-cross-border', () => {
  it('passes a server in a home country', () => {
    assert.equal(check('no-cross-border', [flow({ country: 'NO' })]).status, 'passed');
  });

  it('passes LOCAL servers whatever home holds', () => {
    assert.equal(check('no-cross-border', [dnsFlow()], { policy: { home: ['DE'], homeNames: ['DE'] } }).status, 'passed');
  });

  it('fails a server abroad matched by no rule, naming the country', () => {
    const f = zzhcFlow();
    const r = check('no-cross-border', [f]);
    assert.deepEqual(offenderIds(r), [f.id]);
    assert.match(r.offenders[0].reason, /server in CN \(China\), outside home \(EEA\), and no allow rule with a transfer to CN/);
  });

  it('fails a server abroad whose rule has no transfer', () => {
    const f = zzhcFlow();
    const r = check('no-cross-border', [f], { allow: [rule({ to: ['zzhc.vnet.cn'], protocols: ['http'] })] });
    assert.match(r.offenders[0].reason, /rule "zzhc\.vnet\.cn" has no transfer to CN/);
  });

  it('passes when the matched rule transfers to that country, and fails for another', () => {
    const allow = [rule({ to: ['AS4134'], protocols: ['any'], transfer: transferCN })];
    assert.equal(check('no-cross-border', [zzhcFlow()], { allow }).status, 'passed');
    const us = flow({ country: 'US', asn: 4134 });
    assert.deepEqual(offenderIds(check('no-cross-border', [us], { allow })), [us.id]);
  });

  it('uses the transfer of the first matching rule only', () => {
    const allow = [
      rule({ name: 'no transfer', to: ['*.vnet.cn'], protocols: ['http'] }),
      rule({ name: 'transfer', to: ['zzhc.vnet.cn'], protocols: ['http'], transfer: transferCN }),
    ];
    assert.equal(check('no-cross-border', [zzhcFlow()], { allow }).status, 'failed');
  });

  it('accepts codes the resolver expanded from EU-ADEQUACY', () => {
    // EU-ADEQUACY arrives as codes; JP, CH and GB are among them.
    const adequacy = { countries: ['AD', 'AR', 'CA', 'FO', 'GG', 'IL', 'IM', 'JP', 'JE', 'NZ', 'KR', 'CH', 'GB', 'UY', 'US'], countryNames: ['EU-ADEQUACY'], basis: 'adequacy' };
    const allow = [rule({ to: ['*.example.jp'], transfer: adequacy })];
    const jp = flow({ names: ['api.example.jp'], country: 'JP' });
    assert.equal(check('no-cross-border', [jp], { allow }).status, 'passed');
    const cn = flow({ names: ['cn.example.jp'], country: 'CN' });
    assert.equal(check('no-cross-border', [cn], { allow }).status, 'failed');
  });

  it('follows the home list it is given', () => {
    const us = flow({ country: 'US' });
    assert.equal(check('no-cross-border', [us], { policy: { home: ['US'], homeNames: ['US'] } }).status, 'passed');
  });

  it('fails an unknown country under unknown-country: fail and passes it under allow', () => {
    const f = flow({ country: 'unknown', asn: null, as_org: null });
    const r = check('no-cross-border', [f], { policy: { unknownCountry: 'fail' } });
    assert.deepEqual(offenderIds(r), [f.id]);
    assert.match(r.offenders[0].reason, /unknown-country: fail/);
    assert.equal(check('no-cross-border', [f], { policy: { unknownCountry: 'allow' } }).status, 'passed');
  });

  it('does not let a transfer rule pass an unknown country under unknown-country: fail', () => {
    const f = flow({ country: 'unknown' });
    const allow = [rule({ transfer: { countries: ['US'], countryNames: ['US'], basis: 'x' } })];
    assert.equal(check('no-cross-border', [f], { allow }).status, 'failed');
  });

  it('does not exempt infrastructure: DNS to a resolver abroad fails', () => {
    const f = dnsFlow({ server: { ip: '8.8.8.8', port: 53 }, country: 'US', asn: 15169, as_org: 'GOOGLE' });
    assert.deepEqual(offenderIds(check('no-cross-border', [f])), [f.id]);
    const allow = [rule({ to: ['8.8.8.8'], protocols: ['dns'], transfer: { countries: ['US'], countryNames: ['US'], basis: 'DPF' } })];
    assert.equal(check('no-cross-border', [f], { allow }).status, 'passed');
  });

  it('counts flows that carried no application data', () => {
    const f = zzhcFlow({ has_payload: false, findings: [], protocol: 'tcp' });
    assert.equal(check('no-cross-border', [f]).status, 'failed');
  });
});
