import assert from 'node:assert/strict';
import { check, dnsFlow, finding, flow, offenderIds, rule, zzhcFlow } from './factories.js';

describe('policy: no-plaintext', () => {
  it('passes encrypted TLS 1.3 traffic with no rules at all', () => {
    const r = check('no-plaintext', [flow()]);
    assert.equal(r.status, 'passed');
    assert.equal(r.summary, 'ok');
    assert.equal(r.message, '');
  });

  it('fails an http flow carrying data that no rule allows in plaintext', () => {
    const f = zzhcFlow({ findings: [] });
    const r = check('no-plaintext', [f]);
    assert.equal(r.status, 'failed');
    assert.deepEqual(offenderIds(r), [f.id]);
    assert.match(r.offenders[0].reason, /carries application data unencrypted .*no allow rule with plaintext: true/);
  });

  it('passes that flow when its first matching rule sets plaintext: true', () => {
    const f = zzhcFlow({ findings: [] });
    const r = check('no-plaintext', [f], { allow: [rule({ to: ['zzhc.vnet.cn'], protocols: ['http'], plaintext: true })] });
    assert.equal(r.status, 'passed');
  });

  it('fails it when the first matching rule lacks plaintext: true, even if a later one sets it', () => {
    const f = zzhcFlow({ findings: [] });
    const allow = [
      rule({ name: 'no plaintext', to: ['*.vnet.cn'], protocols: ['http'] }),
      rule({ name: 'plaintext', to: ['zzhc.vnet.cn'], protocols: ['http'], plaintext: true }),
    ];
    const r = check('no-plaintext', [f], { allow });
    assert.deepEqual(offenderIds(r), [f.id]);
    assert.match(r.offenders[0].reason, /rule "no plaintext" does not set plaintext: true/);
    assert.equal(r.offenders[0].rule?.name, 'no plaintext');
  });

  it('does not count a plaintext rule whose protocols exclude the flow', () => {
    const f = zzhcFlow({ findings: [] });
    const r = check('no-plaintext', [f], { allow: [rule({ to: ['zzhc.vnet.cn'], plaintext: true })] });
    assert.equal(r.status, 'failed');
  });

  it('fails an identifier in an unencrypted flow whatever the rules say', () => {
    const f = zzhcFlow();
    const allow = [rule({ to: ['zzhc.vnet.cn'], protocols: ['http'], plaintext: true, data: ['imei'] })];
    const r = check('no-plaintext', [f], { allow });
    assert.deepEqual(offenderIds(r), [f.id]);
    assert.match(r.offenders[0].reason, /sends identifiers unencrypted: imei \(base64\)/);
    assert.equal(r.offenders[0].findings.length, 1);
  });

  it('fails an undeclared identifier in plaintext too', () => {
    const f = zzhcFlow({ findings: [finding({ identifier: 'undeclared:imei', form: 'raw' })] });
    const allow = [rule({ to: ['zzhc.vnet.cn'], protocols: ['http'], plaintext: true })];
    assert.match(check('no-plaintext', [f], { allow }).summary, /1 flow sends plaintext: zzhc\.vnet\.cn \(202\.97\.1\.1:80, CN\)/);
  });

  it('exempts infrastructure protocols carrying no identifier', () => {
    assert.equal(check('no-plaintext', [dnsFlow()]).status, 'passed');
  });

  it('stops exempting DNS once it carries an identifier', () => {
    const f = dnsFlow({ findings: [finding({ where: 'dns', form: 'hex' })] });
    const r = check('no-plaintext', [f]);
    assert.deepEqual(offenderIds(r), [f.id]);
  });

  it('does not exempt a protocol removed from infrastructure', () => {
    assert.equal(check('no-plaintext', [dnsFlow()], { policy: { infrastructure: ['dhcp', 'ntp'] } }).status, 'failed');
  });

  it('fails TLS below min-tls that no plaintext rule allows, and passes it at min-tls', () => {
    const old = flow({ tls_version: '1.0' });
    const r = check('no-plaintext', [old], { allow: [rule()] });
    assert.deepEqual(offenderIds(r), [old.id]);
    assert.match(r.offenders[0].reason, /TLS 1\.0 below min-tls 1\.2/);
    assert.equal(check('no-plaintext', [old], { policy: { minTls: '1.0' } }).status, 'passed');
  });

  it('fails a TLS flow of unknown version under min-tls 1.2 (fail-closed)', () => {
    assert.equal(check('no-plaintext', [flow({ tls_version: null })]).status, 'failed');
  });

  it('allows opaque payloads under opaque: allow and fails them under opaque: fail', () => {
    const f = flow({ protocol: 'tcp', encrypted: 'opaque', tls_version: null, names: [], server: { ip: '185.1.2.3', port: 5228 } });
    assert.equal(check('no-plaintext', [f], { policy: { opaque: 'allow' } }).status, 'passed');
    const r = check('no-plaintext', [f], { policy: { opaque: 'fail' } });
    assert.deepEqual(offenderIds(r), [f.id]);
    assert.match(r.offenders[0].reason, /opaque/);
  });

  it('fails an identifier read in the clear inside an opaque payload even under opaque: allow', () => {
    const f = flow({ protocol: 'tcp', encrypted: 'opaque', tls_version: null, findings: [finding()] });
    assert.equal(check('no-plaintext', [f], { policy: { opaque: 'allow' } }).status, 'failed');
  });

  it('fails a cleartext flow not inspected whole under uninspected: fail, and passes it under allow', () => {
    const f = zzhcFlow({ findings: [], uninspected: ['tcp_gap'] });
    const allow = [rule({ to: ['zzhc.vnet.cn'], protocols: ['http'], plaintext: true })];
    const fail = check('no-plaintext', [f], { allow, policy: { uninspected: 'fail' } });
    assert.deepEqual(offenderIds(fail), [f.id]);
    assert.match(fail.offenders[0].reason, /not inspected whole \(tcp_gap\)/);
    assert.equal(check('no-plaintext', [f], { allow, policy: { uninspected: 'allow' } }).status, 'passed');
  });

  it('applies uninspected: fail to infrastructure flows too', () => {
    assert.equal(check('no-plaintext', [dnsFlow({ uninspected: ['dns_truncated'] })]).status, 'failed');
  });

  it('never counts findings in an encrypted flow (a HAR https entry)', () => {
    const f = flow({ tls_version: null, findings: [finding({ where: 'http-body' })] });
    assert.equal(check('no-plaintext', [f], { format: 'har' }).status, 'passed');
  });

  it('counts findings in a HAR http entry', () => {
    const f = zzhcFlow({ findings: [finding({ where: 'http-body' })] });
    assert.equal(check('no-plaintext', [f], { format: 'har' }).status, 'failed');
  });

  it('ignores an unencrypted flow that carried no application data', () => {
    const f = zzhcFlow({ findings: [], has_payload: false, protocol: 'tcp' });
    assert.equal(check('no-plaintext', [f]).status, 'passed');
  });
});
