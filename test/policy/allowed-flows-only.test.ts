import assert from 'node:assert/strict';
import { check, dnsFlow, flow, offenderIds, rule, zzhcFlow } from './factories.js';

describe('policy: allowed-flows-only', () => {
  it('passes flows matched by a rule', () => {
    assert.equal(check('allowed-flows-only', [flow()], { allow: [rule()] }).status, 'passed');
  });

  it('fails a flow no rule matches, with no rule in its evidence', () => {
    const ok = flow();
    const bad = zzhcFlow();
    const r = check('allowed-flows-only', [ok, bad], { allow: [rule()] });
    assert.deepEqual(offenderIds(r), [bad.id]);
    assert.equal(r.offenders[0].rule, null);
    assert.match(r.offenders[0].reason, /no allow rule matches it \(protocol http, port 80\)/);
    assert.equal(r.summary, '1 flow matches no allow rule: zzhc.vnet.cn (202.97.1.1:80, CN)');
  });

  it('fails a flow whose host matches but protocol or port does not', () => {
    const f = flow({ protocol: 'http', encrypted: false, server: { ip: '185.1.2.3', port: 80 } });
    assert.equal(check('allowed-flows-only', [f], { allow: [rule()] }).status, 'failed');
    assert.equal(check('allowed-flows-only', [flow()], { allow: [rule({ ports: [8443] })] }).status, 'failed');
  });

  it('does not let a wildcard rule admit the apex', () => {
    const apex = flow({ names: ['hmdglobal.com'] });
    assert.equal(check('allowed-flows-only', [apex], { allow: [rule({ to: ['*.hmdglobal.com'] })] }).status, 'failed');
  });

  it('admits by CIDR (v4 and v6) and by ASN', () => {
    const v4 = flow({ names: [], server: { ip: '202.97.1.1', port: 443 } });
    const v6 = flow({ names: [], server: { ip: '2400:da00::6666', port: 443 } });
    const byAsn = flow({ names: [], server: { ip: '203.0.113.9', port: 443 }, asn: 4134 });
    const allow = [rule({ to: ['202.96.0.0/13', '2400:da00::/32', 'AS4134'] })];
    assert.equal(check('allowed-flows-only', [v4, v6, byAsn], { allow }).status, 'passed');
    const outside = flow({ names: [], server: { ip: '2400:db00::1', port: 443 }, asn: 1 });
    assert.deepEqual(offenderIds(check('allowed-flows-only', [outside], { allow })), [outside.id]);
  });

  it('exempts infrastructure flows without a rule', () => {
    assert.equal(check('allowed-flows-only', [dnsFlow()]).status, 'passed');
  });

  it('fails an unknown protocol on the DNS port (protocol comes from the bytes, not the port)', () => {
    const f = dnsFlow({ protocol: 'udp', encrypted: 'opaque' });
    assert.equal(check('allowed-flows-only', [f]).status, 'failed');
  });
});
