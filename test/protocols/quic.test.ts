import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_CRYPTO_BUFFER } from '../../src/protocols/quic-frames.js';
import { readVarint } from '../../src/protocols/quic-packet.js';
import { MAX_DECRYPT_FAILURES, quicFactory } from '../../src/protocols/quic.js';
import {
  pseudoRandomBytes, quicClientInitials, quicCryptoFrame, quicInitial, quicProtectedInitial, quicRetry, quicVarint,
  quicVersionNegotiation, tlsClientHelloHandshake, tlsServerHelloHandshake,
} from '../support/protocol-bytes.js';
import { drive, type Step } from './harness.js';

const udp = { transport: 'udp' as const, clientPort: 50000, serverPort: 443 };
const dcid = pseudoRandomBytes(8, 501);
const scid = pseudoRandomBytes(8, 502);
const serverCid = pseudoRandomBytes(8, 503);

function cat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}
function hello(sni: string, alpn = ['h3']): object {
  return { type: 'tls-client-hello', sni, alpn, version: '1.3' };
}
function steps(datagrams: Uint8Array[], dir: 0 | 1 = 0, firstFrame = 1): Step[] {
  return datagrams.map((data, i) => ({ dir, data, frame: firstFrame + i }));
}
/** A server Initial carrying a ServerHello, protected with the keys of the client's `dcid`. */
function serverInitial(version: 1 | 2 = 1): Uint8Array {
  return quicProtectedInitial(quicCryptoFrame(0, tlsServerHelloHandshake({ version: '1.3' })), { version, dcid: scid, scid: serverCid, keyDcid: dcid, server: true });
}

describe('protocols/quic: Initial decryption', () => {
  it('reads SNI and ALPN from v1 and v2 client Initials built with real packet protection', () => {
    for (const version of [1, 2] as const) {
      const [d] = quicClientInitials({ version, sni: 'telemetry.vendor.example', alpn: ['h3', 'h3-29'], dcid, scid });
      assert.equal(d.length, 1200);
      assert.equal(quicFactory.sniff(d, 0, udp), true);
      const r = drive(quicFactory, [{ dir: 0, data: d, frame: 4 }, { dir: 1, data: serverInitial(version), frame: 5 }]);
      assert.deepEqual(r.events, [
        { ...hello('telemetry.vendor.example', ['h3', 'h3-29']), frame: 4 },
        { type: 'tls-server-hello', frame: 5, version: '1.3' },
      ]);
      assert.deepEqual(r.weirds, []);
    }
  });

  it('reassembles a ClientHello from CRYPTO frames in several Initials, in any order', () => {
    const orders = [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]];
    for (const order of orders) {
      const datagrams = quicClientInitials({ sni: 'split.vendor.example', pieces: 3, order, dcid, scid });
      const r = drive(quicFactory, steps(datagrams));
      assert.deepEqual(r.events, [{ ...hello('split.vendor.example'), frame: 3 }], `order ${order.join(',')}`);
      assert.deepEqual(r.weirds, []);
    }
  });

  it('reads overlapping and repeated CRYPTO data (retransmissions)', () => {
    const ch = tlsClientHelloHandshake({ sni: 'retx.example', alpn: ['h3'], versions: ['1.3'] });
    const frames = cat(quicCryptoFrame(100, ch.subarray(100, 300)), quicCryptoFrame(0, ch.subarray(0, 150)), quicCryptoFrame(250, ch.subarray(250)));
    const r = drive(quicFactory, [{ dir: 0, data: quicProtectedInitial(frames, { dcid, scid }) }]);
    assert.deepEqual(r.events, [{ ...hello('retx.example'), frame: 1 }]);
  });

  it('walks PADDING, PING, ACK (with ECN) and CONNECTION_CLOSE frames around CRYPTO', () => {
    const ch = tlsClientHelloHandshake({ sni: 'frames.example', alpn: ['h3'], versions: ['1.3'] });
    const ack = cat(Uint8Array.of(0x03), quicVarint(1000), quicVarint(25), quicVarint(2), quicVarint(3), quicVarint(1), quicVarint(2), quicVarint(0), quicVarint(1), quicVarint(7), quicVarint(8), quicVarint(9));
    const close = cat(Uint8Array.of(0x1c), quicVarint(0x0a), quicVarint(0x06), quicVarint(3), Uint8Array.from([0x61, 0x62, 0x63]));
    const frames = cat(Uint8Array.of(0x00, 0x00, 0x01), ack, quicCryptoFrame(0, ch), Uint8Array.of(0x01), close);
    const r = drive(quicFactory, [{ dir: 0, data: quicProtectedInitial(frames, { dcid, scid }) }]);
    assert.deepEqual(r.events, [{ ...hello('frames.example'), frame: 1 }]);
    assert.deepEqual(r.weirds, []);
  });

  it('keeps CRYPTO data before a frame that Initial packets may not carry, and names it', () => {
    const ch = tlsClientHelloHandshake({ sni: 'stream.example', versions: ['1.3'] });
    const frames = cat(quicCryptoFrame(0, ch), Uint8Array.of(0x08, 0x00, 0x03, 0x61, 0x62, 0x63)); // STREAM
    const r = drive(quicFactory, [{ dir: 0, data: quicProtectedInitial(frames, { dcid, scid }) }]);
    assert.deepEqual(r.events, [{ type: 'tls-client-hello', frame: 1, sni: 'stream.example', alpn: [], version: '1.3' }]);
    assert.deepEqual(r.weirds, ['quic_unexpected_frame']);
  });

  it('walks coalesced packets: an Initial after a Handshake packet, then a short header and zero padding', () => {
    const [, second] = quicClientInitials({ sni: 'coalesced.example', pieces: 2, dcid, scid });
    const [first] = quicClientInitials({ sni: 'coalesced.example', pieces: 2, dcid, scid });
    // A Handshake packet (type 2) with a 30-byte body, then the second Initial, then a 1-RTT packet and zeros.
    const handshake = cat(Uint8Array.of(0xe0, 0, 0, 0, 1, 8), serverCid, Uint8Array.of(8), scid, quicVarint(30), pseudoRandomBytes(30, 9));
    const short = cat(Uint8Array.of(0x41), serverCid, pseudoRandomBytes(40, 10));
    const r = drive(quicFactory, [{ dir: 0, data: first }, { dir: 0, data: cat(handshake, second, short, new Uint8Array(20)) }]);
    assert.deepEqual(r.events, [{ ...hello('coalesced.example'), frame: 2 }]);
    assert.deepEqual(r.weirds, []);
  });

  it('recognises Version Negotiation and a reserved version, and reads the Initial that follows', () => {
    const probe = quicInitial(1);
    probe.set([0x1a, 0x2a, 0x3a, 0x4a], 1);
    assert.equal(quicFactory.sniff(probe, 0, udp), true);
    const [real] = quicClientInitials({ sni: 'after-vn.example', dcid, scid });
    const r = drive(quicFactory, [
      { dir: 0, data: probe, frame: 1 },
      { dir: 1, data: quicVersionNegotiation(scid, dcid), frame: 2 },
      { dir: 0, data: real, frame: 3 },
    ]);
    assert.deepEqual(r.events, [{ ...hello('after-vn.example'), frame: 3 }]);
    assert.deepEqual(r.weirds, []);
  });

  it('after a Retry, opens the Initials protected with keys from the Retry Source Connection ID', () => {
    const retryCid = pseudoRandomBytes(8, 504);
    const [before] = quicClientInitials({ sni: 'retry.example', pieces: 2, dcid, scid });
    const after = quicClientInitials({ sni: 'retry.example', pieces: 2, dcid: retryCid, scid });
    const retry = quicRetry({ dcid: scid, scid: retryCid, token: pseudoRandomBytes(24, 5) });
    const server = quicProtectedInitial(quicCryptoFrame(0, tlsServerHelloHandshake({ version: '1.3' })), { dcid: scid, scid: serverCid, keyDcid: retryCid, server: true });
    const r = drive(quicFactory, [{ dir: 0, data: before }, { dir: 1, data: retry }, ...steps(after, 0, 3), { dir: 1, data: server, frame: 5 }]);
    assert.deepEqual(r.events, [{ ...hello('retry.example'), frame: 4 }, { type: 'tls-server-hello', frame: 5, version: '1.3' }]);
    assert.deepEqual(r.weirds, []);
  });

  it('opens a client Initial whose first packet was not captured (keys from its own DCID)', () => {
    const [, second] = quicClientInitials({ sni: 'late.example', pieces: 2, dcid, scid });
    const first = quicProtectedInitial(quicCryptoFrame(0, new Uint8Array(0)), { dcid: serverCid, scid, keyDcid: pseudoRandomBytes(8, 77) });
    const [whole] = quicClientInitials({ sni: 'late.example', dcid, scid });
    const r = drive(quicFactory, [{ dir: 0, data: first }, { dir: 0, data: second }, { dir: 0, data: whole }]);
    assert.deepEqual(r.events, [{ ...hello('late.example'), frame: 3 }]);
    assert.deepEqual(r.weirds, ['quic_decrypt_failed']);
  });

  it('ignores server Initials before any client Initial, and stops once both hellos are read', () => {
    const [d] = quicClientInitials({ sni: 'once.example', dcid, scid });
    const r = drive(quicFactory, [
      { dir: 1, data: serverInitial() },
      { dir: 0, data: d },
      { dir: 1, data: serverInitial() },
      { dir: 0, data: d },
      { dir: 1, data: serverInitial() },
      ...Array.from({ length: 20 }, (_, i) => ({ dir: (i % 2) as 0 | 1, data: cat(Uint8Array.of(0x40), serverCid, pseudoRandomBytes(1200, i + 1)) })),
    ]);
    assert.deepEqual(r.events.map((e) => e.type), ['tls-client-hello', 'tls-server-hello']);
    assert.deepEqual(r.weirds, []);
  });
});

describe('protocols/quic: malformed Initials', () => {
  it('records quic_decrypt_failed for unopenable Initials and gives up after a bounded number', () => {
    const r = drive(quicFactory, Array.from({ length: 30 }, () => ({ dir: 0 as const, data: quicInitial(1) })));
    assert.deepEqual(r.weirds, Array(MAX_DECRYPT_FAILURES).fill('quic_decrypt_failed'));
    assert.deepEqual(r.events, []);
  });

  it('records quic_bad_length for a length or token beyond the datagram and for a cut datagram', () => {
    const [d] = quicClientInitials({ sni: 'cut.example', dcid, scid });
    for (const cut of [8, 30, 600, 1199]) {
      const r = drive(quicFactory, [{ dir: 0, data: d.subarray(0, cut) }]);
      assert.deepEqual(r.weirds, ['quic_bad_length'], `cut at ${cut}`);
    }
    const token = d.slice();
    token[1 + 4 + 1 + 8 + 1 + 8] = 0x7f; // token length 0x3fff... as a 2-byte varint
    token[1 + 4 + 1 + 8 + 1 + 8 + 1] = 0xff;
    assert.deepEqual(drive(quicFactory, [{ dir: 0, data: token }]).weirds, ['quic_bad_length']);
  });

  it('records quic_crypto_too_large for CRYPTO data past the reassembly cap or a huge announced ClientHello', () => {
    const far = quicProtectedInitial(quicCryptoFrame(MAX_CRYPTO_BUFFER - 10, new Uint8Array(20)), { dcid, scid });
    assert.deepEqual(drive(quicFactory, [{ dir: 0, data: far }]).weirds, ['quic_crypto_too_large']);
    const huge = quicProtectedInitial(quicCryptoFrame(0, Uint8Array.of(1, 0x01, 0x00, 0x00, 3, 3)), { dcid, scid });
    assert.deepEqual(drive(quicFactory, [{ dir: 0, data: huge }]).weirds, ['quic_crypto_too_large']);
  });

  it('names a CRYPTO stream that does not start with a ClientHello, and a truncated one at the end', () => {
    const notHello = quicProtectedInitial(quicCryptoFrame(0, Uint8Array.of(2, 0, 0, 1, 0)), { dcid, scid });
    assert.deepEqual(drive(quicFactory, [{ dir: 0, data: notHello }]).weirds, ['quic_bad_client_hello']);
    const [first] = quicClientInitials({ sni: 'half.example', pieces: 2, dcid, scid });
    assert.deepEqual(drive(quicFactory, [{ dir: 0, data: first }, { end: true }]).weirds, ['quic_truncated_client_hello']);
  });

  it('reads QUIC variable-length integers of every size and refuses short ones', () => {
    for (const n of [0, 63, 64, 16383, 16384, 2 ** 30 - 1, 2 ** 30, 2 ** 40]) {
      const b = quicVarint(n);
      assert.deepEqual(readVarint(b, 0), { value: n, used: b.length });
      assert.equal(readVarint(b.subarray(0, b.length - 1), 0), null);
    }
  });

  it('never throws on random frames inside validly protected Initials', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 3 }), (frames, pn) => {
        const r = drive(quicFactory, [{ dir: 0, data: quicProtectedInitial(frames, { dcid, scid, packetNumber: pn }) }]);
        assert.ok(r.events.every((e) => e.type === 'tls-client-hello'));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated or cut Initials', () => {
    const [d] = quicClientInitials({ sni: 'mutate.example', pieces: 1, dcid, scid });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), (flips, cut) => {
        const b = d.slice();
        for (const [at, v] of flips) b[at % 64] = v;
        drive(quicFactory, [{ dir: 0, data: b.subarray(0, cut % (b.length + 1)) }, { dir: 1, data: b }, { end: true }]);
      }),
      { numRuns: 500 },
    );
  });
});
