import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { classifyPayload, opaqueThreshold, shannonEntropy, tcpFallbackFactory, textShare, udpFallbackFactory } from '../../src/protocols/fallback.js';
import { ascii, drive } from './harness.js';

describe('protocols/fallback', () => {
  it('calls text cleartext (ASCII and UTF-8)', () => {
    assert.equal(classifyPayload(ascii('{"imei":"490154203237518","model":"X1"}\n'.repeat(10))), false);
    assert.equal(classifyPayload(ascii('Größe: 10 €, 東京, привет мир; '.repeat(20))), false);
    assert.equal(textShare(ascii('Größe €')), 1);
  });

  it('calls random and compressed bytes opaque, from 16 bytes up', () => {
    for (const n of [16, 32, 64, 100, 256, 1000, 4096]) {
      let opaque = 0;
      for (let i = 0; i < 50; i++) if (classifyPayload(randomBytes(n)) === 'opaque') opaque++;
      assert.ok(opaque >= 45, `${n} random bytes: ${opaque}/50 opaque`);
    }
    assert.equal(classifyPayload(gzipSync(randomBytes(3000).toString('base64'))), 'opaque');
    assert.equal(classifyPayload(randomBytes(15)), false);
  });

  it('calls zeros and low-entropy binary cleartext', () => {
    assert.equal(classifyPayload(new Uint8Array(4096)), false);
    const tlv = new Uint8Array(600).map((_, i) => [0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x2a, 0x02][i % 8]);
    assert.equal(classifyPayload(tlv), false);
  });

  it('uses the 7.0 bits/byte threshold from about 370 bytes up', () => {
    assert.equal(opaqueThreshold(4096), 7.0);
    assert.equal(opaqueThreshold(400), 7.0);
    assert.ok(opaqueThreshold(64) < 6 && opaqueThreshold(64) > 5);
    assert.ok(Math.abs(shannonEntropy(Uint8Array.from({ length: 256 }, (_, i) => i)) - 8) < 1e-9);
  });

  it('refines as more payload comes, in either direction, up to 4 KiB', () => {
    const r = drive(tcpFallbackFactory, [{ dir: 0, data: new Uint8Array(20) }]);
    assert.deepEqual(r.analyzer.encryption(), { encrypted: false, version: null });
    r.analyzer.onData(1, randomBytes(4000), 2);
    assert.deepEqual(r.analyzer.encryption(), { encrypted: 'opaque', version: null });
    r.analyzer.onData(0, ascii('x'.repeat(100000)), 3);
    assert.deepEqual(r.analyzer.encryption(), { encrypted: 'opaque', version: null }, 'bytes past 4 KiB are not sampled');
    assert.equal(r.analyzer.protocol, 'tcp');
    assert.equal(drive(udpFallbackFactory, []).analyzer.protocol, 'udp');
  });
});
