import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeCapture } from '../../src/analysis/index.js';
import type { IdentifierDecl } from '../../src/detect/types.js';
import { openGeo } from '../../src/geo/index.js';
import { TCP, TcpSession, frame, mergeByTime, udpRecord, writePcap, writePcapng, type Record_ } from '../support/packets.js';
import { tempDir } from '../support/paths.js';
import { dnsQuery, dnsResponse, httpRequest, httpResponse, tlsApplicationData, tlsClientHello, tlsServerHello } from '../support/protocol-bytes.js';

const DEVICE = '10.0.2.15';
const IMEI = '490154203237518';
const ids: IdentifierDecl[] = [{ name: 'imei', category: 'device-id', value: IMEI }];
const geo = openGeo();
const T0 = 1_767_225_600;

function analyse(records: Record_[], o: { window?: { from: number; to: number }; linkType?: number } = {}) {
  const file = join(tempDir('leakspec-analysis-'), 'c.pcap');
  writeFileSync(file, writePcap(records, o.linkType ?? 1));
  return analyzeCapture(file, { identifiers: ids, deviceAddresses: [DEVICE], geo, window: o.window ?? null });
}

function dns(ts: number, name: string, address: string, id: number): Record_[] {
  return [
    udpRecord(ts, { ip: DEVICE, port: 30000 + id }, { ip: '10.0.2.3', port: 53 }, dnsQuery({ id, name, type: 'A' })),
    udpRecord(ts + 0.01, { ip: '10.0.2.3', port: 53 }, { ip: DEVICE, port: 30000 + id }, dnsResponse({ id, name, type: 'A', answers: [{ name, type: 'A', data: address, ttl: 60 }] })),
  ];
}

describe('analysis of one capture', function () {
  it('finds an identifier split across two TCP segments, at the frame that completes it', function () {
    const req = httpRequest({ method: 'POST', target: '/a', headers: [['Host', 'x.example.cn'], ['Content-Length', String(IMEI.length + 5)]], body: `imei=${IMEI}` });
    const at = Buffer.from(req).indexOf(IMEI);
    // The first segment ends 5 bytes into the IMEI; the second completes it.
    const s = new TcpSession({ ip: DEVICE, port: 40001 }, { ip: '202.97.1.1', port: 80 }, { ts: T0, mss: at + 5 });
    s.handshake().send(true, req).close();
    const f = analyse(s.records).flows[0];
    const hit = f.findings.find((x) => x.identifier === 'imei' && x.form === 'raw');
    assert.ok(hit, JSON.stringify(f.findings));
    // Frames: 1-3 handshake, 4 first data segment, 5 its ACK, 6 the second segment.
    assert.equal(hit.frame, 6);
    assert.equal(hit.offset, at);
    assert.equal(f.protocol, 'http');
    assert.equal(f.encrypted, false);
  });

  it('finds an identifier inside a gzip body and names the decoding chain', function () {
    const body = gzipSync(Buffer.from(JSON.stringify({ device: Buffer.from(IMEI).toString('base64') })));
    const s = new TcpSession({ ip: DEVICE, port: 40002 }, { ip: '95.216.1.1', port: 80 }, { ts: T0 });
    s.handshake()
      .send(true, httpRequest({ method: 'GET', target: '/', headers: [['Host', 'x.example.fi']] }))
      .send(false, httpResponse({ headers: [['Content-Encoding', 'gzip'], ['Content-Length', String(body.length)]], body }))
      .close();
    const f = analyse(s.records).flows[0];
    const hit = f.findings.find((x) => x.identifier === 'imei');
    assert.ok(hit, 'found in the decoded body');
    assert.equal(hit.form, 'gzip+base64');
    assert.equal(hit.direction, 'down');
    assert.equal(hit.where, 'http-body');
  });

  it('names a flow by SNI over DNS, and by DNS only from answers seen before the flow', function () {
    const cdn = '95.216.1.1';
    const tls = (ts: number, port: number, sni?: string): Record_[] => {
      const s = new TcpSession({ ip: DEVICE, port }, { ip: cdn, port: 443 }, { ts });
      s.handshake().send(true, tlsClientHello(sni ? { sni } : {})).send(false, tlsServerHello({ version: '1.3' })).close();
      return s.records;
    };
    const a = analyse(mergeByTime(tls(T0, 41000), dns(T0 + 1, 'a.example.com', cdn, 1), tls(T0 + 2, 41001, 'evil.example.net'), tls(T0 + 3, 41002)));
    const byPort = new Map(a.flows.filter((f) => f.transport === 'tcp').map((f) => [f.client.port, f]));
    assert.deepEqual(byPort.get(41000)!.names, [], 'the answer came after this flow began');
    assert.deepEqual(byPort.get(41001)!.names, ['evil.example.net'], 'the SNI wins over the DNS name of a shared address');
    assert.equal(byPort.get(41001)!.names_source, 'sni');
    assert.deepEqual(byPort.get(41002)!.names, ['a.example.com']);
    assert.equal(byPort.get(41002)!.names_source, 'dns');
  });

  it('marks a cleartext flow with a TCP gap as uninspected', function () {
    const s = new TcpSession({ ip: DEVICE, port: 40003 }, { ip: '95.216.1.1', port: 80 }, { ts: T0, mss: 30 });
    s.handshake().send(true, httpRequest({ method: 'POST', target: '/x', headers: [['Host', 'h.example'], ['Content-Length', '90']], body: 'a'.repeat(90) })).close();
    // Drop the second data segment (frame 6: handshake 1-3, data 4, ack 5, data 6).
    const records = s.records.filter((_, i) => i !== 5);
    const f = analyse(records).flows[0];
    assert.ok(f.uninspected.some((u) => /TCP gap/.test(u)), JSON.stringify(f.uninspected));
  });

  it('applies a window and reports an empty one as a capture error', function () {
    const records = [...dns(T0, 'a.example.com', '95.216.1.1', 1), ...dns(T0 + 50, 'b.example.com', '95.216.1.2', 2)];
    const a = analyse(records, { window: { from: 40, to: 60 } });
    assert.deepEqual(a.dns.map((d) => d.name), ['b.example.com', 'b.example.com']);
    assert.deepEqual(a.errors, []);
    const empty = analyse(records, { window: { from: 10, to: 20 } });
    assert.equal(empty.errors[0]?.code, 'LS_CAPTURE_EMPTY');
    assert.match(empty.errors[0].message, /window/);
  });

  it('reports a capture without packets, and packets of an undecodable link type, as capture errors', function () {
    assert.equal(analyse([]).errors[0]?.code, 'LS_CAPTURE_EMPTY');
    const a = analyse([{ ts: T0, data: frame({ ts: T0, src: DEVICE, dst: '95.216.1.1', proto: 'udp', srcPort: 1, dstPort: 2 }) }], { linkType: 160 });
    assert.equal(a.errors[0]?.code, 'LS_CAPTURE_LINKTYPE');
    assert.match(a.errors[0].message, /link type 160 \(1 packets\)/);
  });

  it('keeps the frames read before a truncation and reports the truncation', function () {
    const s = new TcpSession({ ip: DEVICE, port: 40004 }, { ip: '95.216.1.1', port: 80 }, { ts: T0 });
    s.handshake().send(true, httpRequest({ method: 'GET', target: `/?imei=${IMEI}`, headers: [['Host', 'h.example']] })).close();
    const bytes = writePcapng(s.records);
    const file = join(tempDir('leakspec-analysis-'), 'cut.pcapng');
    writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    const a = analyzeCapture(file, { identifiers: ids, deviceAddresses: [DEVICE], geo });
    assert.equal(a.errors[0]?.code, 'LS_CAPTURE_TRUNCATED');
    assert.ok(a.flows[0].findings.some((f) => f.identifier === 'imei'), 'what was read before the cut is still analysed');
    assert.equal(a.capture.sha256, createHash('sha256').update(readFileSync(file)).digest('hex'), 'a truncated capture is still identified by its digest');
  });

  it('identifies a capture by its whole-file digest even when a corrupt record stops reading mid-file', function () {
    const s = new TcpSession({ ip: DEVICE, port: 40007 }, { ip: '95.216.1.1', port: 80 }, { ts: T0 });
    s.handshake();
    const bytes = Buffer.from(writePcap(s.records));
    // Second record header starts after the 24-byte file header and the first record (16 + 54 bytes).
    bytes.writeUInt32LE(6_553_600, 24 + 16 + 54 + 8);
    const file = join(tempDir('leakspec-analysis-'), 'corrupt.pcap');
    writeFileSync(file, bytes);
    const a = analyzeCapture(file, { identifiers: ids, deviceAddresses: [DEVICE], geo });
    assert.equal(a.errors[0]?.code, 'LS_CAPTURE_CORRUPT');
    assert.equal(a.capture.packets, 1);
    assert.equal(a.capture.sha256, createHash('sha256').update(bytes).digest('hex'));
  });

  it('never scans TLS application data', function () {
    const s = new TcpSession({ ip: DEVICE, port: 40005 }, { ip: '95.216.1.1', port: 443 }, { ts: T0 });
    // An IMEI-shaped text inside what follows a ClientHello is still TLS payload: not scanned.
    s.handshake().send(true, tlsClientHello({ sni: 'a.example.com' })).send(true, Buffer.from(`\u0017\u0003\u0003\u0000\u0020${IMEI}${'x'.repeat(17)}`)).close();
    const f = analyse(s.records).flows[0];
    assert.equal(f.protocol, 'tls');
    assert.deepEqual(f.findings, []);
  });

  it('does not trust a flow that opens like TLS and then breaks the record framing', function () {
    const s = new TcpSession({ ip: DEVICE, port: 40008 }, { ip: '95.216.1.1', port: 443 }, { ts: T0 });
    s.handshake().send(true, tlsClientHello({ sni: 'a.example.com' })).send(true, `POST /x HTTP/1.1\r\n\r\nimei=${IMEI}`).close();
    const a = analyse(s.records);
    const f = a.flows[0];
    assert.equal(f.protocol, 'tls');
    assert.equal(f.encrypted, false, 'not encrypted: the bytes after the hello are no TLS records');
    assert.ok(f.uninspected.some((u) => /broke its framing/.test(u)), JSON.stringify(f.uninspected));
    assert.equal(a.weirds.tls_bad_record_framing, 1);
  });

  it('keeps trusting real TLS records after the handshake, split anywhere', function () {
    const s = new TcpSession({ ip: DEVICE, port: 40009 }, { ip: '95.216.1.1', port: 443 }, { ts: T0, mss: 7 });
    s.handshake().send(true, tlsClientHello({ sni: 'a.example.com' })).send(false, tlsServerHello({ version: '1.3' }));
    s.send(true, tlsApplicationData(3000, 5)).send(false, tlsApplicationData(5000, 6)).close();
    const f = analyse(s.records).flows[0];
    assert.equal(f.encrypted, true);
    assert.deepEqual(f.uninspected, []);
  });

  it('lets a RST end a flow without losing its last frame', function () {
    const s = new TcpSession({ ip: DEVICE, port: 40006 }, { ip: '95.216.1.1', port: 80 }, { ts: T0 });
    s.handshake();
    const rst = frame({ ts: T0 + 1, src: DEVICE, dst: '95.216.1.1', proto: 'tcp', srcPort: 40006, dstPort: 80, seq: 1001, flags: TCP.RST });
    const a = analyse([...s.records, { ts: T0 + 1, data: rst }]);
    assert.equal(a.flows[0].last_frame, 4);
  });
});
