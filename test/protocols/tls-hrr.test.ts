import assert from 'node:assert/strict';
import { isHelloRetryRequest, tlsFactory } from '../../src/protocols/tls.js';
import type { ProtocolEvent } from '../../src/protocols/types.js';
import {
  tlsApplicationData, tlsClientHello, tlsClientHelloHandshake, tlsRecords, tlsServerHello, tlsServerHelloHandshake,
} from '../support/protocol-bytes.js';
import { drive } from './harness.js';

const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

/** A TLS 1.3 HelloRetryRequest record: a ServerHello whose random is the HRR value. */
function helloRetryRequest(): Uint8Array {
  const hs = tlsServerHelloHandshake({ version: '1.3' });
  hs.set(HRR_RANDOM, 4 + 2);
  return tlsRecords(22, hs, 0x0303);
}

/** A ChangeCipherSpec record, as TLS 1.3 middlebox compatibility mode sends. */
const ccs = (): Uint8Array => tlsRecords(20, Uint8Array.of(1), 0x0303);

const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

const hellos = (events: ProtocolEvent[]): Array<[number, string | null]> =>
  events.flatMap((e) => (e.type === 'tls-client-hello' ? [[e.frame, e.sni] as [number, string | null]] : []));

describe('protocols/tls HelloRetryRequest', () => {
  it('recognises the HelloRetryRequest random only', () => {
    const hrr = helloRetryRequest();
    assert.equal(isHelloRetryRequest(hrr, 5 + 4, hrr.length), true);
    const sh = tlsServerHello({ version: '1.3' });
    assert.equal(isHelloRetryRequest(sh, 5 + 4, sh.length), false);
    assert.equal(isHelloRetryRequest(hrr, 5 + 4, 5 + 4 + 20), false, 'too short');
  });

  it('reports the second ClientHello after a HelloRetryRequest', () => {
    const r = drive(tlsFactory, [
      { dir: 0, data: tlsClientHello({ sni: 'retry.example' }), frame: 4 },
      { dir: 1, data: helloRetryRequest(), frame: 5 },
      { dir: 0, data: tlsClientHello({ sni: 'retry.example', seed: 7 }), frame: 6 },
      { dir: 1, data: cat(tlsServerHello({ version: '1.3' }), tlsApplicationData(50)), frame: 7 },
      { dir: 0, data: tlsApplicationData(40), frame: 8 },
    ]);
    assert.deepEqual(hellos(r.events), [[4, 'retry.example'], [6, 'retry.example']]);
    assert.deepEqual(r.events.filter((e) => e.type === 'tls-server-hello'), [{ type: 'tls-server-hello', frame: 7, version: '1.3' }]);
    assert.deepEqual(r.weirds, []);
  });

  it('skips the compatibility ChangeCipherSpec around the retry', () => {
    const r = drive(tlsFactory, [
      { dir: 0, data: tlsClientHello({ sni: 'a.example' }), frame: 1 },
      { dir: 1, data: cat(helloRetryRequest(), ccs()), frame: 2 },
      { dir: 0, data: cat(ccs(), tlsClientHello({ sni: 'b.example' })), frame: 3 },
      { dir: 1, data: cat(tlsServerHello({ version: '1.3' }), ccs(), tlsApplicationData(30)), frame: 4 },
    ]);
    assert.deepEqual(hellos(r.events), [[1, 'a.example'], [3, 'b.example']]);
    assert.equal(r.events.filter((e) => e.type === 'tls-server-hello').length, 1);
    assert.deepEqual(r.weirds, []);
  });

  it('reads one ClientHello when the server answers with a plain ServerHello', () => {
    const r = drive(tlsFactory, [
      { dir: 0, data: tlsClientHello({ sni: 'one.example' }) },
      { dir: 1, data: tlsServerHello({ version: '1.2' }) },
      // The client's next flight; a later message that looks like a hello is not read.
      { dir: 0, data: tlsRecords(22, tlsClientHelloHandshake({ sni: 'late.example' }), 0x0303) },
    ]);
    assert.deepEqual(hellos(r.events), [[1, 'one.example']]);
  });

  it('stops the client direction at its TLS 1.2 key exchange', () => {
    const kex = tlsRecords(22, Uint8Array.from([16, 0, 0, 2, 1, 0]), 0x0303);
    const r = drive(tlsFactory, [
      { dir: 0, data: tlsClientHello({ sni: 'c.example' }) },
      { dir: 0, data: cat(kex, ccs(), tlsRecords(22, tlsClientHelloHandshake({ sni: 'x.example' }), 0x0303)) },
    ]);
    assert.deepEqual(hellos(r.events), [[1, 'c.example']]);
    assert.deepEqual(r.weirds, []);
  });

  it('reads the retried ClientHello when only the client side is captured', () => {
    const r = drive(tlsFactory, [
      { dir: 0, data: tlsClientHello({ sni: 'one-sided.example' }), frame: 1 },
      { dir: 0, data: cat(ccs(), tlsClientHello({ sni: 'one-sided.example' })), frame: 2 },
      { dir: 0, data: tlsApplicationData(60), frame: 3 },
    ]);
    assert.deepEqual(hellos(r.events), [[1, 'one-sided.example'], [2, 'one-sided.example']]);
  });

  it('is quiet on an encrypted Finished after a resumed TLS 1.2 ChangeCipherSpec', () => {
    // Abbreviated handshake seen from the client side only: CCS, then an encrypted Finished.
    for (const first of [1, 20, 0xee]) {
      const finished = Uint8Array.from({ length: 40 }, (_, i) => (i === 0 ? first : (i * 37) & 0xff));
      const r = drive(tlsFactory, [
        { dir: 0, data: tlsClientHello({ sni: 'resume.example' }) },
        { dir: 0, data: cat(ccs(), tlsRecords(22, finished, 0x0303), tlsApplicationData(30)) },
      ]);
      assert.deepEqual(hellos(r.events), [[1, 'resume.example']]);
      assert.deepEqual(r.weirds, []);
    }
  });

  it('reads at most two ClientHellos and 64 KiB of handshake per direction', () => {
    const hello = tlsClientHello({ sni: 'cap.example' });
    const r = drive(tlsFactory, [
      { dir: 0, data: hello },
      { dir: 1, data: helloRetryRequest() },
      { dir: 0, data: cat(hello, hello) },
    ]);
    assert.equal(hellos(r.events).length, 2);
    // A second ClientHello of 65440 bytes: with the first, more than 64 KiB.
    const huge = new Uint8Array(4 + 65440);
    huge.set([1, 0x00, 0xff, 0xa0]);
    const capped = drive(tlsFactory, [
      { dir: 0, data: hello },
      { dir: 1, data: helloRetryRequest() },
      { dir: 0, data: tlsRecords(22, huge, 0x0303) },
    ]);
    assert.equal(hellos(capped.events).length, 1);
    assert.deepEqual(capped.weirds, ['tls_handshake_too_large']);
  });
});
