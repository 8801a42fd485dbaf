import assert from 'node:assert/strict';
import { check, dnsFlow, finding, flow, offenderIds, rule } from './factories.js';

const imei = finding();
const iccid = finding({ identifier: 'iccid', category: 'subscriber-id', form: 'sha256-hex', frame: 15 });

describe('policy: identifiers-confined', () => {
  it('passes a flow without findings, with or without a rule', () => {
    assert.equal(check('identifiers-confined', [flow()]).status, 'passed');
  });

  it('passes findings whose name is in the rule data', () => {
    const f = flow({ findings: [imei] });
    assert.equal(check('identifiers-confined', [f], { allow: [rule({ data: ['imei'] })] }).status, 'passed');
  });

  it('passes findings whose category is in the rule data', () => {
    const f = flow({ findings: [imei, finding({ identifier: 'serial' })] });
    assert.equal(check('identifiers-confined', [f], { allow: [rule({ data: ['device-id'] })] }).status, 'passed');
  });

  it('fails only the findings not in the rule data, listing them', () => {
    const f = flow({ findings: [imei, iccid] });
    const r = check('identifiers-confined', [f], { allow: [rule({ name: 'activation', data: ['imei'] })] });
    assert.deepEqual(offenderIds(r), [f.id]);
    assert.deepEqual(r.offenders[0].findings.map((x) => x.identifier), ['iccid']);
    assert.match(r.offenders[0].reason, /carries iccid \(sha256-hex\), not in the data of rule "activation" \(imei\)/);
  });

  it('fails any finding when the rule allows no data', () => {
    assert.equal(check('identifiers-confined', [flow({ findings: [imei] })], { allow: [rule()] }).status, 'failed');
  });

  it('matches undeclared findings by their full name or their category, not by the bare kind', () => {
    const f = flow({ findings: [finding({ identifier: 'undeclared:imei' })] });
    assert.equal(check('identifiers-confined', [f], { allow: [rule({ data: ['undeclared:imei'] })] }).status, 'passed');
    assert.equal(check('identifiers-confined', [f], { allow: [rule({ data: ['device-id'] })] }).status, 'passed');
    assert.equal(check('identifiers-confined', [f], { allow: [rule({ data: ['imei'] })] }).status, 'failed');
  });

  it('fails any finding in a flow no rule matches', () => {
    const f = flow({ findings: [imei] });
    const r = check('identifiers-confined', [f], { allow: [rule({ to: ['other.example'], data: ['imei'] })] });
    assert.match(r.offenders[0].reason, /no allow rule admits it/);
  });

  it('fails any finding in an infrastructure flow, even one a rule with data matches', () => {
    const f = dnsFlow({ findings: [finding({ where: 'dns' })] });
    const allow = [rule({ to: ['10.0.2.3'], protocols: ['dns'], data: ['imei'] })];
    const r = check('identifiers-confined', [f], { allow });
    assert.deepEqual(offenderIds(r), [f.id]);
    assert.match(r.offenders[0].reason, /infrastructure flow \(dns\)/);
  });

  it('counts findings in encrypted HAR entries', () => {
    const f = flow({ tls_version: null, findings: [imei] });
    assert.equal(check('identifiers-confined', [f], { format: 'har', allow: [rule()] }).status, 'failed');
  });
});
