import assert from 'node:assert/strict';
import { findRule, matchesAny, matchesTarget } from '../../src/policy/match.js';
import { inCidr, parseCidr, parseIp } from '../../src/policy/ip.js';
import { flow, rule } from './factories.js';

describe('policy: matchesTarget', () => {
  describe('host names', () => {
    it('matches a name exactly, case-insensitively, ignoring a trailing dot on either side', () => {
      const f = flow({ names: ['API.Example.NO.'] });
      assert.equal(matchesTarget('api.example.no', f), true);
      assert.equal(matchesTarget('api.example.no.', flow({ names: ['api.example.no'] })), true);
      assert.equal(matchesTarget('Api.Example.No', f), true);
    });

    it('does not match a sub- or superdomain of an exact name', () => {
      assert.equal(matchesTarget('example.no', flow({ names: ['api.example.no'] })), false);
      assert.equal(matchesTarget('api.example.no', flow({ names: ['example.no'] })), false);
      assert.equal(matchesTarget('example.no', flow({ names: ['badexample.no'] })), false);
    });

    it('matches when any of several names matches', () => {
      const f = flow({ names: ['cdn.other.net', 'api.example.no'] });
      assert.equal(matchesTarget('api.example.no', f), true);
    });
  });

  describe('wildcards', () => {
    it('matches every subdomain at any depth', () => {
      assert.equal(matchesTarget('*.hmdglobal.com', flow({ names: ['fota.hmdglobal.com'] })), true);
      assert.equal(matchesTarget('*.hmdglobal.com', flow({ names: ['a.b.c.hmdglobal.com'] })), true);
      assert.equal(matchesTarget('*.HMDGlobal.com', flow({ names: ['Fota.hmdglobal.COM.'] })), true);
    });

    it('does not match the apex, nor a name that merely ends the same way', () => {
      assert.equal(matchesTarget('*.hmdglobal.com', flow({ names: ['hmdglobal.com'] })), false);
      assert.equal(matchesTarget('*.hmdglobal.com', flow({ names: ['evilhmdglobal.com'] })), false);
      assert.equal(matchesTarget('*.hmdglobal.com', flow({ names: ['hmdglobal.com.evil.cn'] })), false);
    });
  });

  describe('names vs addresses', () => {
    it('matches on the names the analysis gave the flow, not on DNS names behind a shared CDN address', () => {
      // SNI evil.com on an address that DNS also resolved for a.com: the names are the SNI only.
      const f = flow({ names: ['evil.com'], names_source: 'sni', sni: 'evil.com', server: { ip: '151.101.1.1', port: 443 } });
      assert.equal(matchesTarget('a.com', f), false);
      assert.equal(matchesTarget('evil.com', f), true);
      // A rule written for the address does match: the spec lets addresses admit flows.
      assert.equal(matchesTarget('151.101.1.1', f), true);
    });

    it('matches DNS-derived names when that is where the names came from', () => {
      const f = flow({ names: ['a.com', 'a.com.cdn.net'], names_source: 'dns', sni: null });
      assert.equal(matchesTarget('a.com', f), true);
    });

    it('never matches a host entry against the server address', () => {
      assert.equal(matchesTarget('example.no', flow({ names: [], server: { ip: '185.1.2.3', port: 443 } })), false);
    });
  });

  describe('IP addresses', () => {
    it('matches an IPv4 server address', () => {
      const f = flow({ server: { ip: '202.97.1.1', port: 80 } });
      assert.equal(matchesTarget('202.97.1.1', f), true);
      assert.equal(matchesTarget('202.97.1.2', f), false);
    });

    it('compares IPv6 addresses normalised (compression, case, leading zeros)', () => {
      const f = flow({ server: { ip: '2001:db8::1', port: 443 } });
      assert.equal(matchesTarget('2001:0DB8:0:0:0:0:0:0001', f), true);
      assert.equal(matchesTarget('2001:db8::2', f), false);
      const g = flow({ server: { ip: '2001:DB8:0:0:1::', port: 443 } });
      assert.equal(matchesTarget('2001:db8::1:0:0:0', g), true);
    });

    it('treats an IPv4-mapped IPv6 address as the IPv4 address', () => {
      assert.equal(matchesTarget('202.97.1.1', flow({ server: { ip: '::ffff:202.97.1.1', port: 80 } })), true);
      assert.equal(matchesTarget('::ffff:202.97.1.1', flow({ server: { ip: '202.97.1.1', port: 80 } })), true);
    });

    it('matches an address literal among the names (an HTTP Host that is an IP)', () => {
      const f = flow({ names: ['202.97.1.1'], server: { ip: '', port: 80 } });
      assert.equal(matchesTarget('202.97.1.1', f), true);
    });
  });

  describe('CIDR blocks', () => {
    it('matches IPv4 blocks at and inside their bounds, not outside', () => {
      assert.equal(matchesTarget('202.96.0.0/13', flow({ server: { ip: '202.97.1.1', port: 80 } })), true);
      assert.equal(matchesTarget('202.96.0.0/13', flow({ server: { ip: '202.103.255.255', port: 80 } })), true);
      assert.equal(matchesTarget('202.96.0.0/13', flow({ server: { ip: '202.104.0.0', port: 80 } })), false);
      assert.equal(matchesTarget('0.0.0.0/0', flow({ server: { ip: '8.8.8.8', port: 53 } })), true);
      assert.equal(matchesTarget('8.8.8.8/32', flow({ server: { ip: '8.8.8.9', port: 53 } })), false);
    });

    it('matches IPv6 blocks, with non-byte-aligned prefixes', () => {
      assert.equal(matchesTarget('2001:db8::/32', flow({ server: { ip: '2001:db8:ffff::1', port: 443 } })), true);
      assert.equal(matchesTarget('2001:db8::/32', flow({ server: { ip: '2001:db9::1', port: 443 } })), false);
      assert.equal(matchesTarget('2001:db8:8000::/33', flow({ server: { ip: '2001:db8:8001::1', port: 443 } })), true);
      assert.equal(matchesTarget('2001:db8:8000::/33', flow({ server: { ip: '2001:db8:7fff::1', port: 443 } })), false);
    });

    it('never matches an IPv4 address against an IPv6 block or the reverse', () => {
      assert.equal(matchesTarget('::/0', flow({ server: { ip: '8.8.8.8', port: 53 } })), false);
      assert.equal(matchesTarget('0.0.0.0/0', flow({ server: { ip: '2001:db8::1', port: 53 } })), false);
    });

    it('parses and tests blocks directly', () => {
      const cidr = parseCidr('10.0.0.0/8');
      assert.ok(cidr);
      assert.equal(inCidr(parseIp('10.255.0.1')!, cidr), true);
      assert.equal(inCidr(parseIp('11.0.0.1')!, cidr), false);
      assert.equal(parseCidr('10.0.0.0/33'), null);
      assert.equal(parseCidr('10.0.0.0/x'), null);
      assert.equal(parseCidr('host.example/8'), null);
    });
  });

  describe('ASNs', () => {
    it('matches the flow ASN, case-insensitively', () => {
      const f = flow({ asn: 4134 });
      assert.equal(matchesTarget('AS4134', f), true);
      assert.equal(matchesTarget('as4134', f), true);
      assert.equal(matchesTarget('AS4809', f), false);
    });

    it('does not match a flow whose ASN is unknown', () => {
      assert.equal(matchesTarget('AS0', flow({ asn: null })), false);
    });
  });

  it('matches nothing for an empty or malformed entry', () => {
    const f = flow({ names: ['*'], server: { ip: '1.2.3.4', port: 1 } });
    assert.equal(matchesTarget('', f), false);
    assert.equal(matchesTarget('*.', f), false);
    assert.equal(matchesTarget('1.2.3.4/99', f), false);
  });

  it('matchesAny is true when any entry matches', () => {
    const f = flow({ names: ['x.example.no'], asn: 4134 });
    assert.equal(matchesAny(['nope.com', 'AS4134'], f), true);
    assert.equal(matchesAny(['nope.com', 'AS1'], f), false);
    assert.equal(matchesAny([], f), false);
  });
});

describe('policy: findRule', () => {
  it('returns the first rule that matches, not a later one', () => {
    const first = rule({ name: 'first', to: ['*.example.no'] });
    const second = rule({ name: 'second', to: ['api.example.no'], plaintext: true });
    assert.equal(findRule(flow(), [first, second]), first);
    assert.equal(findRule(flow(), [second, first]), second);
  });

  it('skips rules whose protocols do not hold the flow protocol', () => {
    const tlsOnly = rule({ name: 'tls only' });
    const http = rule({ name: 'http', protocols: ['http'] });
    const f = flow({ protocol: 'http', encrypted: false });
    assert.equal(findRule(f, [tlsOnly, http]), http);
    assert.equal(findRule(f, [tlsOnly]), null);
  });

  it('accepts any protocol under `any`', () => {
    const any = rule({ protocols: ['any'] });
    assert.equal(findRule(flow({ protocol: 'mqtt', encrypted: false }), [any]), any);
  });

  it('skips rules whose ports do not hold the server port; null ports match any', () => {
    const p8443 = rule({ name: '8443', ports: [8443] });
    const anyPort = rule({ name: 'any port' });
    assert.equal(findRule(flow(), [p8443, anyPort]), anyPort);
    assert.equal(findRule(flow({ server: { ip: '185.1.2.3', port: 8443 } }), [p8443, anyPort]), p8443);
    assert.equal(findRule(flow(), [p8443]), null);
  });

  it('does not hold the protocol list against a flow that carried no application data', () => {
    const tls = rule();
    const synOnly = flow({ protocol: 'tcp', encrypted: false, tls_version: null, has_payload: false, names_source: 'dns' });
    assert.equal(findRule(synOnly, [tls]), tls);
    // With data, an unrecognised tcp payload is held to the protocol list.
    assert.equal(findRule({ ...synOnly, has_payload: true }, [tls]), null);
    // And ports still apply.
    assert.equal(findRule(synOnly, [rule({ ports: [8443] })]), null);
  });

  it('returns null without rules', () => {
    assert.equal(findRule(flow(), []), null);
  });
});
