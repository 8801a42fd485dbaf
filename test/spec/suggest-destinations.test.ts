import assert from 'node:assert/strict';
import { checkDestination } from '../../src/spec/index.js';
import { closest, levenshtein } from '../../src/spec/suggest.js';

describe('spec: suggestions', () => {
  it('computes edit distances', () => {
    assert.equal(levenshtein('kitten', 'sitting'), 3);
    assert.equal(levenshtein('', 'abc'), 3);
    assert.equal(levenshtein('same', 'same'), 0);
  });

  it('suggests only close candidates', () => {
    assert.equal(closest('scenaros', ['scenarios', 'device']), 'scenarios');
    assert.equal(closest('TLS', ['tls', 'quic']), 'tls');
    assert.equal(closest('zzzz', ['tls', 'quic']), null);
    assert.equal(closest('ab', ['to']), null);
  });
});

describe('spec: destination syntax', () => {
  for (const [entry, kind] of [
    ['example.com', 'host'],
    ['*.example.com', 'wildcard'],
    ['203.0.113.7', 'ip'],
    ['2001:db8::1', 'ip'],
    ['203.0.113.0/24', 'cidr'],
    ['2001:db8::/32', 'cidr'],
    ['AS4134', 'asn'],
    ['localhost', 'host'],
  ] as const) {
    it(`accepts ${entry} as ${kind}`, () => assert.deepEqual(checkDestination(entry), { ok: true, kind }));
  }
  for (const entry of ['*', 'a.*.com', 'https://x.com', 'x.com:443', 'x.com.', '10.0.0.0/33', '-bad.com', 'sp ace.com', 'as4134', '10.0.0.300']) {
    it(`rejects ${entry}`, () => assert.equal(checkDestination(entry).ok, false));
  }
});
