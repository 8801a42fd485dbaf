import assert from 'node:assert/strict';
import { judgeEncryption, tlsVersionRank } from '../../src/policy/encryption.js';
import { isLeakspecError } from '../../src/errors.js';
import { flow, policy } from './factories.js';

describe('policy: encryption', () => {
  it('orders versions SSL2 < SSL3 < 1.0 < 1.1 < 1.2 < 1.3, in their usual spellings', () => {
    const order = ['SSL2', 'SSLv3', 'TLS 1.0', 'TLSv1.1', '1.2', 'DTLS1.3'].map(tlsVersionRank);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
    assert.equal(tlsVersionRank('SSL 3.0'), 1);
    assert.equal(tlsVersionRank('2.0'), null);
    assert.equal(tlsVersionRank('garbage'), null);
  });

  it('counts encrypted: false as unencrypted and cleartext', () => {
    const v = judgeEncryption(flow({ protocol: 'http', encrypted: false, tls_version: null }), policy(), 'pcap');
    assert.deepEqual([v.unencrypted, v.cleartext], [true, true]);
  });

  it('counts opaque as unencrypted only under opaque: fail, and as cleartext either way', () => {
    const f = flow({ protocol: 'tcp', encrypted: 'opaque', tls_version: null });
    const allow = judgeEncryption(f, policy({ opaque: 'allow' }), 'pcap');
    const fail = judgeEncryption(f, policy({ opaque: 'fail' }), 'pcap');
    assert.deepEqual([allow.unencrypted, allow.cleartext], [false, true]);
    assert.deepEqual([fail.unencrypted, fail.cleartext], [true, true]);
  });

  it('counts TLS and DTLS below min-tls as unencrypted, at or above as encrypted', () => {
    const p = policy({ minTls: '1.2' });
    assert.equal(judgeEncryption(flow({ tls_version: '1.1' }), p, 'pcap').unencrypted, true);
    assert.equal(judgeEncryption(flow({ tls_version: 'SSL3' }), p, 'pcap').unencrypted, true);
    assert.equal(judgeEncryption(flow({ tls_version: '1.2' }), p, 'pcap').unencrypted, false);
    assert.equal(judgeEncryption(flow({ tls_version: '1.3' }), p, 'pcap').unencrypted, false);
    const dtls = flow({ protocol: 'dtls', transport: 'udp', tls_version: '1.0' });
    assert.equal(judgeEncryption(dtls, p, 'pcap').unencrypted, true);
    assert.equal(judgeEncryption(flow({ tls_version: '1.0' }), policy({ minTls: '1.0' }), 'pcap').unencrypted, false);
    assert.equal(judgeEncryption(flow({ tls_version: '1.2' }), policy({ minTls: '1.3' }), 'pcap').unencrypted, true);
  });

  it('never marks low TLS as cleartext on the wire (its bytes are still encrypted)', () => {
    assert.equal(judgeEncryption(flow({ tls_version: '1.0' }), policy(), 'pcap').cleartext, false);
  });

  it('fails closed on a TLS flow whose version could not be read, except when min-tls is the SSL2 floor', () => {
    const unknown = flow({ tls_version: null });
    assert.equal(judgeEncryption(unknown, policy({ minTls: '1.2' }), 'pcapng').unencrypted, true);
    assert.equal(judgeEncryption(unknown, policy({ minTls: '1.0' }), 'pcapng').unencrypted, true);
    assert.equal(judgeEncryption(unknown, policy({ minTls: 'SSL2' }), 'pcapng').unencrypted, false);
    assert.match(judgeEncryption(unknown, policy(), 'pcap').description, /version unknown, counted as below min-tls 1\.2/);
    assert.equal(judgeEncryption(flow({ tls_version: 'weird' }), policy(), 'pcap').unencrypted, true);
  });

  it('treats a HAR https entry without a version as encrypted, but still compares a version it has', () => {
    assert.equal(judgeEncryption(flow({ tls_version: null }), policy(), 'har').unencrypted, false);
    assert.equal(judgeEncryption(flow({ tls_version: '1.0' }), policy(), 'har').unencrypted, true);
  });

  it('does not apply min-tls to QUIC or SSH', () => {
    assert.equal(judgeEncryption(flow({ protocol: 'quic', transport: 'udp', tls_version: null }), policy(), 'pcap').unencrypted, false);
    assert.equal(judgeEncryption(flow({ protocol: 'ssh', tls_version: null }), policy(), 'pcap').unencrypted, false);
  });

  it('throws an internal error for a min-tls that is not a version (the resolver validates it)', () => {
    assert.throws(
      () => judgeEncryption(flow(), policy({ minTls: 'high' }), 'pcap'),
      (e: unknown) => isLeakspecError(e) && e.code === 'LS_INTERNAL',
    );
  });
});
