import assert from 'node:assert/strict';
import { classifyAddress, describeRange } from '../../src/geo/local-ranges.js';
import { openGeo } from '../../src/geo/index.js';

/** [first address, last address, the address just below, the address just above] of each LOCAL range. */
const LOCAL_V4: [string, string, string | null, string | null][] = [
  ['10.0.0.0', '10.255.255.255', '9.255.255.255', '11.0.0.0'],
  ['100.64.0.0', '100.127.255.255', '100.63.255.255', '100.128.0.0'],
  ['127.0.0.0', '127.255.255.255', '126.255.255.255', '128.0.0.0'],
  ['169.254.0.0', '169.254.255.255', '169.253.255.255', '169.255.0.0'],
  ['172.16.0.0', '172.31.255.255', '172.15.255.255', '172.32.0.0'],
  ['192.168.0.0', '192.168.255.255', '192.167.255.255', '192.169.0.0'],
  ['224.0.0.0', '239.255.255.255', '223.255.255.255', null /* 240/4 is reserved */],
];

const LOCAL_V6: [string, string, string, string][] = [
  ['fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fe00::'],
  ['fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fec0::'],
  ['fec0::', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ff00::'],
  ['ff00::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '::'],
];

describe('geo: special address ranges', () => {
  it('classifies each IPv4 LOCAL range, edges included, and not the addresses just outside', () => {
    for (const [first, last, below, above] of LOCAL_V4) {
      assert.equal(classifyAddress(first), 'local', first);
      assert.equal(classifyAddress(last), 'local', last);
      if (below) assert.equal(classifyAddress(below), 'public', below);
      if (above) assert.equal(classifyAddress(above), 'public', above);
    }
    assert.equal(classifyAddress('240.0.0.0'), 'reserved');
  });

  it('classifies each IPv6 LOCAL range, edges included', () => {
    for (const [first, last, below, above] of LOCAL_V6) {
      assert.equal(classifyAddress(first), 'local', first);
      assert.equal(classifyAddress(last), 'local', last);
      /* below/above are either another LOCAL range or unallocated space, never public */
      assert.notEqual(classifyAddress(below), 'public', below);
      assert.notEqual(classifyAddress(above), 'public', above);
    }
    assert.equal(classifyAddress('fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), 'reserved');
    assert.equal(describeRange('fec0::1'), 'site-local (deprecated)');
  });

  it('treats unspecified, loopback and limited broadcast as LOCAL (DHCP uses them)', () => {
    for (const ip of ['0.0.0.0', '255.255.255.255', '::', '::1', '127.0.0.1']) assert.equal(classifyAddress(ip), 'local', ip);
    assert.equal(classifyAddress('::2'), 'reserved');
    assert.equal(classifyAddress('0.0.0.1'), 'reserved');
    assert.equal(classifyAddress('0.255.255.255'), 'reserved');
    assert.equal(classifyAddress('1.0.0.0'), 'public');
  });

  it('forces reserved, documentation and benchmarking space to reserved', () => {
    for (const ip of [
      '240.0.0.1', '255.255.255.254', '192.0.2.0', '192.0.2.255', '198.51.100.7', '203.0.113.200',
      '198.18.0.0', '198.19.255.255', '2001:db8::1', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', '3fff::1',
    ]) {
      assert.equal(classifyAddress(ip), 'reserved', ip);
    }
    for (const ip of ['192.0.1.255', '192.0.3.0', '198.17.255.255', '198.20.0.0', '2001:db9::', '2001:db7:ffff::']) {
      assert.equal(classifyAddress(ip), 'public', ip);
    }
  });

  it('treats IPv6 outside 2000::/3 and the named blocks as unallocated', () => {
    assert.equal(classifyAddress('1fff:ffff::'), 'reserved');
    assert.equal(classifyAddress('4000::1'), 'reserved');
    assert.equal(classifyAddress('2000::'), 'public');
    assert.equal(classifyAddress('3ffe:ffff::'), 'public');
  });

  it('classifies IPv4-mapped addresses as their IPv4 address', () => {
    assert.equal(classifyAddress('::ffff:10.0.0.1'), 'local');
    assert.equal(classifyAddress('::ffff:255.255.255.255'), 'local');
    assert.equal(classifyAddress('::ffff:240.0.0.1'), 'reserved');
    assert.equal(classifyAddress('::ffff:8.8.8.8'), 'public');
    assert.equal(classifyAddress('::ffff:a00:1'), 'local');
  });

  it('classifies text that is not an address as reserved', () => {
    assert.equal(classifyAddress('not-an-ip'), 'reserved');
    assert.equal(classifyAddress('10.0.0.256'), 'reserved');
  });

  it('reports LOCAL and unknown through openGeo whatever the database says', () => {
    const geo = openGeo();
    for (const ip of ['10.0.2.15', '10.0.2.2', 'fec0::3', 'fe80::1%wlan0', '224.0.0.251', 'ff02::fb', '255.255.255.255', '0.0.0.0', '::']) {
      assert.deepEqual(geo.lookup(ip), { country: 'LOCAL', asn: null, as_org: null }, ip);
    }
    /* the embedded database places 2001:db8::/32 in JP: documentation space must still be unknown */
    for (const ip of ['240.0.0.1', '192.0.2.1', '198.51.100.1', '203.0.113.1', '198.18.0.1', '2001:db8::1', 'garbage', '']) {
      assert.deepEqual(geo.lookup(ip), { country: 'unknown', asn: null, as_org: null }, ip);
    }
  });
});
