import assert from 'node:assert/strict';
import fc from 'fast-check';
import { effectiveAddress, formatIp, parseCidr, parseIp } from '../../src/geo/ip-address.js';

const hex = (b: Uint8Array | null): string | null => (b ? Buffer.from(b).toString('hex') : null);

/** Node's URL parser canonicalises addresses: an oracle independent of parseIp. */
function urlHost(bytes: Uint8Array): string {
  const text = bytes.length === 4 ? [...bytes].join('.') : `[${formatIp(bytes)}]`;
  const host = new URL(`http://${text}/`).hostname;
  return host.startsWith('[') ? host.slice(1, -1) : host;
}

describe('geo: IP address parsing', () => {
  it('parses IPv4 dotted decimal', () => {
    assert.equal(hex(parseIp('8.8.4.4')), '08080404');
    assert.equal(hex(parseIp('0.0.0.0')), '00000000');
    assert.equal(hex(parseIp('255.255.255.255')), 'ffffffff');
  });

  it('parses IPv6 forms: compressed, full, IPv4 tail, zone', () => {
    assert.equal(hex(parseIp('::')), '0'.repeat(32));
    assert.equal(hex(parseIp('::1')), '0'.repeat(31) + '1');
    assert.equal(hex(parseIp('2001:db8::8:800:200c:417a')), '20010db80000000000080800200c417a');
    assert.equal(hex(parseIp('FE80:0:0:0:0:0:0:1')), 'fe800000000000000000000000000001');
    assert.equal(hex(parseIp('::ffff:192.0.2.128')), '00000000000000000000ffffc0000280');
    assert.equal(hex(parseIp('::192.0.2.128')), '000000000000000000000000c0000280');
    assert.equal(hex(parseIp('1:2:3:4:5:6:1.2.3.4')), '00010002000300040005000601020304');
    assert.equal(hex(parseIp('fe80::1%eth0')), 'fe800000000000000000000000000001');
    assert.equal(hex(parseIp('1::')), '00010000000000000000000000000000');
  });

  it('returns null, never throws, for text that is not an address', () => {
    for (const bad of [
      '', ' ', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.-4', '1..2.3', 'a.b.c.d', '1.2.3.4 ',
      ':', ':::', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7', '::1.2.3', ':::1.2.3.4',
      '1:2:3:4:5:6:7:1.2.3.4', '%eth0', 'fe80::1%', 'example.com', '[::1]',
    ]) {
      assert.equal(parseIp(bad), null, bad);
    }
    assert.equal(parseIp(undefined), null);
    assert.equal(parseIp(42), null);
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.%/x '.split('')), maxLength: 50 }), (s) => {
        const r = parseIp(s);
        assert.ok(r === null || r.length === 4 || r.length === 16);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the URL parser on random addresses in canonical and compressed form', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 16, maxLength: 16 })), (bytes) => {
        assert.equal(hex(parseIp(formatIp(bytes))), hex(bytes));
        assert.equal(hex(parseIp(urlHost(bytes))), hex(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('unwraps IPv4-mapped and NAT64 addresses to IPv4', () => {
    assert.equal(hex(effectiveAddress(parseIp('::ffff:10.1.2.3') as Uint8Array)), '0a010203');
    assert.equal(hex(effectiveAddress(parseIp('64:ff9b::8.8.8.8') as Uint8Array)), '08080808');
    assert.equal(effectiveAddress(parseIp('::8.8.8.8') as Uint8Array).length, 16);
    assert.equal(effectiveAddress(parseIp('::fffe:10.1.2.3') as Uint8Array).length, 16);
  });

  it('parses CIDR blocks, clearing host bits, and rejects bad ones', () => {
    assert.deepEqual(parseCidr('10.1.2.3/8'), { network: Uint8Array.from([10, 0, 0, 0]), bits: 8 });
    assert.deepEqual(parseCidr('192.0.2.1'), { network: Uint8Array.from([192, 0, 2, 1]), bits: 32 });
    assert.equal(hex(parseCidr('2001:db8:ffff::/33')?.network ?? null), '20010db8800000000000000000000000');
    assert.deepEqual(parseCidr('::ffff:10.0.0.0/104'), { network: Uint8Array.from([10, 0, 0, 0]), bits: 8 });
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/08', '10.0.0.0/-1', 'x/8', '10.0.0/8', '10.0.0.0/8/8']) {
      assert.equal(parseCidr(bad), null, bad);
    }
  });
});
