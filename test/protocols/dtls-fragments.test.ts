import assert from 'node:assert/strict';
import { MAX_DTLS_HANDSHAKE, dtlsFactory } from '../../src/protocols/dtls.js';
import type { ProtocolEvent } from '../../src/protocols/types.js';
import { dtlsClientHello } from '../support/protocol-bytes.js';
import { drive } from './harness.js';

const RECORD = 13;
const HS = 12;

/** A DTLS 1.2 handshake record (epoch 0) holding one fragment of a message. */
function record(type: number, seq: number, length: number, offset: number, fragment: Uint8Array): Uint8Array {
  const out = new Uint8Array(RECORD + HS + fragment.length);
  const v = new DataView(out.buffer);
  out[0] = 22;
  v.setUint16(1, 0xfefd);
  v.setUint16(11, HS + fragment.length);
  const h = RECORD;
  out[h] = type;
  out[h + 1] = length >> 16; v.setUint16(h + 2, length & 0xffff);
  v.setUint16(h + 4, seq);
  out[h + 6] = offset >> 16; v.setUint16(h + 7, offset & 0xffff);
  out[h + 9] = fragment.length >> 16; v.setUint16(h + 10, fragment.length & 0xffff);
  out.set(fragment, RECORD + HS);
  return out;
}

/** The ClientHello body of `dtlsClientHello`, cut at `cuts`, one record per piece. */
function fragments(sni: string, cuts: number[], seq = 0): Uint8Array[] {
  const body = dtlsClientHello({ sni }).subarray(RECORD + HS);
  const edges = [0, ...cuts, body.length];
  return edges.slice(1).map((end, i) => record(1, seq, body.length, edges[i], body.subarray(edges[i], end)));
}

const hellos = (events: ProtocolEvent[]): Array<[number, string | null]> =>
  events.flatMap((e) => (e.type === 'tls-client-hello' ? [[e.frame, e.sni] as [number, string | null]] : []));

describe('protocols/dtls fragmented hellos', () => {
  it('reassembles a ClientHello fragmented over two datagrams, reported at the last fragment', () => {
    const [a, b] = fragments('frag.coap.example', [40]);
    const r = drive(dtlsFactory, [{ dir: 0, data: a, frame: 1 }, { dir: 0, data: b, frame: 2 }]);
    assert.deepEqual(hellos(r.events), [[2, 'frag.coap.example']]);
    assert.deepEqual(r.weirds, []);
  });

  it('reassembles fragments out of order, overlapping, or in one datagram', () => {
    const [a, b, c] = fragments('order.example', [20, 70]);
    const out = drive(dtlsFactory, [{ dir: 0, data: c, frame: 1 }, { dir: 0, data: a, frame: 2 }, { dir: 0, data: a, frame: 3 }, { dir: 0, data: b, frame: 4 }]);
    assert.deepEqual(hellos(out.events), [[4, 'order.example']]);
    const body = dtlsClientHello({ sni: 'overlap.example' }).subarray(RECORD + HS);
    const overlap = drive(dtlsFactory, [
      { dir: 0, data: record(1, 0, body.length, 0, body.subarray(0, 60)) },
      { dir: 0, data: record(1, 0, body.length, 30, body.subarray(30)) },
    ]);
    assert.deepEqual(hellos(overlap.events), [[2, 'overlap.example']]);
    const one = drive(dtlsFactory, [{ dir: 0, data: Uint8Array.from(Buffer.concat(fragments('one.example', [10, 50]))), frame: 9 }]);
    assert.deepEqual(hellos(one.events), [[9, 'one.example']]);
  });

  it('reports the ClientHello retried with a cookie (new message_seq), not retransmissions', () => {
    const first = fragments('a.example', [50], 0);
    const second = fragments('a.example', [50], 1);
    const r = drive(dtlsFactory, [
      { dir: 0, data: first[0], frame: 1 }, { dir: 0, data: first[1], frame: 2 },
      { dir: 0, data: first[0], frame: 3 }, { dir: 0, data: first[1], frame: 4 },
      { dir: 0, data: second[0], frame: 5 }, { dir: 0, data: second[1], frame: 6 },
    ]);
    assert.deepEqual(hellos(r.events), [[2, 'a.example'], [6, 'a.example']]);
  });

  it('records a weird for a fragment beyond its message or a message over the cap, and never throws', () => {
    const bad = record(1, 0, 10, 8, new Uint8Array(5));
    assert.deepEqual(drive(dtlsFactory, [{ dir: 0, data: bad }]).weirds, ['dtls_bad_fragment']);
    const big = record(1, 0, MAX_DTLS_HANDSHAKE + 1, 0, new Uint8Array(100));
    assert.deepEqual(drive(dtlsFactory, [{ dir: 0, data: big }]).weirds, ['dtls_handshake_too_large']);
    const [a, b] = fragments('trunc.example', [40]);
    for (let at = 0; at < b.length; at++) {
      const r = drive(dtlsFactory, [{ dir: 0, data: a }, { dir: 0, data: b.subarray(0, at) }]);
      assert.deepEqual(hellos(r.events), []);
    }
  });
});
