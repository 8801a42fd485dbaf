import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalAddress, formatAddress, isPrivateAddress, parseAddress } from '../../src/decode/address.js';

describe('decode/address', () => {
  it('IPv6 text is RFC 5952 canonical (checked against the WHATWG URL serializer)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.nat(255), (b, z) => {
        // Zero some groups so that runs of zeros are common.
        for (let g = 0; g < 8; g++) if (z & (1 << g)) b[g * 2] = b[g * 2 + 1] = 0;
        const text = formatAddress(b, 0, 16);
        const isMapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
        if (!isMapped) assert.equal(text, new URL(`http://[${text}]/`).hostname.slice(1, -1));
        assert.deepEqual(parseAddress(text), b);
      }),
      { numRuns: 500 },
    );
    assert.equal(formatAddress(parseAddress('2001:db8:0:0:1:0:0:1') as Uint8Array, 0, 16), '2001:db8::1:0:0:1');
    assert.equal(formatAddress(new Uint8Array(16), 0, 16), '::');
    assert.equal(formatAddress(parseAddress('::ffff:192.0.2.1') as Uint8Array, 0, 16), '::ffff:192.0.2.1');
  });

  it('IPv4 text and canonical forms of device addresses', () => {
    assert.equal(formatAddress(Uint8Array.of(10, 0, 2, 15), 0, 4), '10.0.2.15');
    assert.equal(canonicalAddress(' FE80:0:0::1 '), 'fe80::1');
    assert.equal(canonicalAddress('not an address'), null);
  });

  it('private and local addresses', () => {
    for (const a of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '127.0.0.1', '169.254.1.1', 'fd00::1', 'fe80::1', '::1', '::ffff:192.168.0.1']) {
      assert.equal(isPrivateAddress(parseAddress(a) as Uint8Array), true, a);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2001:db8::1', '::ffff:8.8.8.8', 'ff02::1']) {
      assert.equal(isPrivateAddress(parseAddress(a) as Uint8Array), false, a);
    }
  });
});
