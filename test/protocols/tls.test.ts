import assert from 'node:assert/strict';
import { StreamBuffer } from '../../src/protocols/bytes.js';
import { tlsFactory } from '../../src/protocols/tls.js';
import {
  sslv2ClientHello, tlsApplicationData, tlsClientHello, tlsClientHelloHandshake, tlsRecords, tlsServerHello,
} from '../support/protocol-bytes.js';
import { drive, pieces, splitAt } from './harness.js';

const sniffCtx = { transport: 'tcp' as const, clientPort: 50000, serverPort: 443 };

describe('protocols/tls', () => {
  it('reads SNI, ALPN and the highest supported version, ignoring GREASE', () => {
    const r = drive(tlsFactory, [{ dir: 0, data: tlsClientHello({ sni: 'api.vendor.example', alpn: ['h2', 'http/1.1'] }), frame: 3 }]);
    assert.deepEqual(r.events, [{ type: 'tls-client-hello', frame: 3, sni: 'api.vendor.example', alpn: ['h2', 'http/1.1'], version: '1.3' }]);
    assert.deepEqual(r.weirds, []);
    assert.deepEqual(r.analyzer.encryption(), { encrypted: true, version: '1.3' });
  });

  it('uses legacy_version without supported_versions', () => {
    const r = drive(tlsFactory, [{ dir: 0, data: tlsClientHello({ sni: 'old.example', versions: [], legacyVersion: '1.0', grease: false }) }]);
    assert.equal(r.events[0].type === 'tls-client-hello' && r.events[0].version, '1.0');
    assert.deepEqual(r.analyzer.encryption(), { encrypted: true, version: '1.0' });
  });

  it('a ClientHello without SNI or ALPN', () => {
    const r = drive(tlsFactory, [{ dir: 0, data: tlsClientHello({ versions: ['1.2'] }) }]);
    assert.deepEqual(r.events, [{ type: 'tls-client-hello', frame: 1, sni: null, alpn: [], version: '1.2' }]);
  });

  it('prefers the version the ServerHello chose', () => {
    for (const version of ['1.3', '1.2', '1.0'] as const) {
      const r = drive(tlsFactory, [
        { dir: 0, data: tlsClientHello({ sni: 'a.example' }) },
        { dir: 1, data: new Uint8Array([...tlsServerHello({ version }), ...tlsApplicationData(100)]), frame: 7 },
      ]);
      assert.deepEqual(r.events[1], { type: 'tls-server-hello', frame: 7, version });
      assert.deepEqual(r.analyzer.encryption(), { encrypted: true, version });
    }
  });

  it('parses a ClientHello split at every byte across two segments', () => {
    const hello = tlsClientHello({ sni: 'split.example', alpn: ['h2'] });
    const whole = drive(tlsFactory, [{ dir: 0, data: hello }]).events;
    for (let at = 0; at <= hello.length; at++) {
      assert.deepEqual(drive(tlsFactory, pieces(0, splitAt(hello, at))).events, whole, `split at ${at}`);
    }
  });

  it('parses a ClientHello fragmented over several records', () => {
    const hs = tlsClientHelloHandshake({ sni: 'frag.example' });
    const records = tlsRecords(22, hs, 0x0301, 50);
    assert.ok(records.length > hs.length + 5 * 3);
    const r = drive(tlsFactory, [{ dir: 0, data: records }]);
    assert.equal(r.events[0].type === 'tls-client-hello' && r.events[0].sni, 'frag.example');
  });

  it('recognises an SSLv2-format ClientHello', () => {
    assert.equal(tlsFactory.sniff(sslv2ClientHello('SSL2'), 0, sniffCtx), true);
    const r = drive(tlsFactory, [{ dir: 0, data: sslv2ClientHello('SSL2') }]);
    assert.deepEqual(r.events, [{ type: 'tls-client-hello', frame: 1, sni: null, alpn: [], version: 'SSL2' }]);
    const compat = drive(tlsFactory, [{ dir: 0, data: sslv2ClientHello('1.0') }]);
    assert.equal(compat.events[0].type === 'tls-client-hello' && compat.events[0].version, '1.0');
  });

  it('never buffers application data', () => {
    const r = drive(tlsFactory, [
      { dir: 0, data: tlsClientHello({ sni: 'a.example' }) },
      { dir: 1, data: tlsServerHello({ version: '1.3' }) },
      ...Array.from({ length: 50 }, () => ({ dir: 1 as const, data: tlsApplicationData(60000, 9) })),
    ]);
    assert.equal(r.events.length, 2);
    assert.deepEqual(r.weirds, []);
  });

  it('copies no application data, not even in the chunk that ends the handshake', () => {
    const hello = tlsClientHello({ sni: 'a.example' });
    const app = tlsApplicationData(10000, 9);
    const appended: number[] = [];
    const append = StreamBuffer.prototype.append;
    StreamBuffer.prototype.append = function (this: StreamBuffer, data: Uint8Array) {
      appended.push(data.length);
      append.call(this, data);
    };
    try {
      const cut = hello.length - 40;
      const r = drive(tlsFactory, [
        // The client's side only: its hello (cut in two), then application data in the same chunk as the hello's end.
        { dir: 0, data: hello.subarray(0, cut) },
        { dir: 0, data: new Uint8Array([...hello.subarray(cut), ...app.subarray(0, 3)]) },
        { dir: 0, data: app.subarray(3) },
        { dir: 0, data: app },
      ]);
      assert.equal(r.events.length, 1);
      assert.deepEqual(r.weirds, []);
    } finally {
      StreamBuffer.prototype.append = append;
    }
    // The first part of the hello waits in the record buffer (completed by 40 bytes), the
    // hello's body goes to the handshake buffer; of the application data only its header,
    // cut after 3 bytes, is copied (3, then the 2 that complete it).
    const body = hello.length - 5;
    assert.deepEqual(appended, [hello.length - 40, 40, body, 3, 2]);
  });

  it('gives up on a handshake over 64 KiB', () => {
    // A handshake message announcing 70000 bytes, sent as full records.
    const hs = new Uint8Array(4 + 70000);
    hs[0] = 11;
    hs[1] = 0x01;
    hs[2] = 0x11;
    hs[3] = 0x70;
    const r = drive(tlsFactory, [{ dir: 1, data: tlsRecords(22, hs, 0x0303) }]);
    assert.deepEqual(r.weirds, ['tls_handshake_too_large']);
  });

  it('never throws on a ClientHello truncated or corrupted at every position', () => {
    const hello = tlsClientHello({ sni: 'trunc.example', alpn: ['h2'] });
    for (let at = 0; at < hello.length; at++) {
      drive(tlsFactory, [{ dir: 0, data: hello.subarray(0, at) }, { end: true }]);
      const bad = hello.slice();
      bad[at] ^= 0xff;
      const r = drive(tlsFactory, [{ dir: 0, data: bad }]);
      for (const e of r.events) assert.equal(e.type, 'tls-client-hello');
    }
  });

  it('flags a bad extension length', () => {
    const hello = tlsClientHello({ sni: 'x.example', grease: false });
    // Find the SNI extension (type 0, then length) and make its length overrun the block.
    const at = Buffer.from(hello).indexOf('x.example') - 9;
    assert.deepEqual([...hello.subarray(at, at + 2)], [0, 0], 'extension type server_name');
    hello[at + 2] = 0xff;
    const r = drive(tlsFactory, [{ dir: 0, data: hello }]);
    assert.deepEqual(r.events, []);
    assert.deepEqual(r.weirds, ['tls_bad_extension']);
  });

  it('sniffs handshake records with a hello only', () => {
    assert.equal(tlsFactory.sniff(tlsClientHello({}), 0, sniffCtx), true);
    assert.equal(tlsFactory.sniff(tlsServerHello({ version: '1.2' }), 1, sniffCtx), true);
    assert.equal(tlsFactory.sniff(tlsApplicationData(10), 0, sniffCtx), false);
    assert.equal(tlsFactory.sniff(new TextEncoder().encode('GET / HTTP/1.1\r\n'), 0, sniffCtx), false);
  });
});
