import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCapture } from '../../src/analysis/index.js';
import type { IdentifierDecl } from '../../src/detect/types.js';
import { openGeo } from '../../src/geo/index.js';
import { mergeByTime, TcpSession, writePcap } from '../support/packets.js';
import { requireCorpus, tempDir } from '../support/paths.js';
import { mqttConnectFull, mqttPublish, mqttSubscribe, tlsApplicationData, tlsClientHello, tlsServerHello } from '../support/protocol-bytes.js';
import { requireTool } from '../support/tools.js';
import { captureEvents } from './capture-events.js';
import { fields } from './corpus-streams.js';

/** "frame C clientid" and "frame T topic" lines of the MQTT packets tshark dissects on port 1883. */
function tsharkNames(file: string, filter: string): string[] {
  const rows = fields(file, filter, ['frame.number', 'mqtt.clientid', 'mqtt.topic']);
  const out: string[] = [];
  for (const [frame, ids = '', topics = ''] of rows) {
    for (const id of ids.split(',').filter(Boolean)) out.push(`${frame} C ${id}`);
    for (const t of topics.split(',').filter(Boolean)) out.push(`${frame} T ${t}`);
  }
  return out;
}

/** The same lines from the `mqtt` events of our MQTT flows, in frame order. */
function ourNames(file: string): string[] {
  const out: Array<[number, string]> = [];
  for (const f of captureEvents(file).flows) {
    if (f.protocol !== 'mqtt') continue;
    for (const e of f.events) {
      if (e.type !== 'mqtt') continue;
      if (e.clientId !== undefined) out.push([e.frame, `${e.frame} C ${e.clientId}`]);
      for (const t of e.topic !== undefined ? [e.topic] : (e.topics ?? [])) out.push([e.frame, `${e.frame} T ${t}`]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]).map((x) => x[1]);
}

describe('protocols/mqtt: corpus captures against tshark', () => {
  let corpus: string;
  before(function () {
    corpus = requireCorpus(this);
    requireTool(this, 'tshark');
  });

  it('zeek/mqtt.pcap: the client ids and topics tshark gives, frame by frame', () => {
    const file = join(corpus, 'pcap/zeek/mqtt.pcap');
    const want = tsharkNames(file, 'mqtt');
    assert.ok(want.includes('1 C paho/34AAE54A75D839566E') && want.includes('3 T SampleTopic'), want.join('; '));
    assert.deepEqual(ourNames(file), want);
  });

  it('ndpi/mqtt.pcap (802.1Q): the client ids and topics tshark gives', () => {
    const file = join(corpus, 'pcap/ndpi/mqtt.pcap');
    const want = tsharkNames(file, 'mqtt');
    assert.ok(want.length >= 5);
    assert.deepEqual(ourNames(file), want);
  });
});

describe('protocols/mqtt: end to end', () => {
  const client = { ip: '10.0.0.2', port: 40100 };
  const imei: IdentifierDecl = { name: 'imei', category: 'device-id', value: '490154203237518' };

  it('an IMEI in a PUBLISH payload split across TCP segments becomes a finding on a cleartext MQTT flow', () => {
    const s = new TcpSession(client, { ip: '198.51.100.7', port: 1883 }, { ts: 1, mss: 40 })
      .handshake()
      .send(true, mqttConnectFull({ clientId: 'sensor-7', username: 'fleet' }))
      .send(true, mqttSubscribe({ topics: [['cmd/sensor-7/#', 1]] }))
      .send(true, mqttPublish({ topic: 'telemetry/sensor-7', qos: 1, packetId: 9, payload: '{"boot":1,"imei":"490154203237518","rssi":-71}' }))
      .close();
    const file = join(tempDir(), 'mqtt-imei.pcap');
    writeFileSync(file, writePcap(s.records));
    const a = analyzeCapture(file, { identifiers: [imei], geo: openGeo() });
    assert.equal(a.flows.length, 1);
    const f = a.flows[0];
    assert.equal(f.protocol, 'mqtt');
    assert.equal(f.encrypted, false);
    assert.ok(f.findings.some((x) => x.identifier === 'imei' && x.form === 'raw' && x.direction === 'up'), JSON.stringify(f.findings));
    assert.deepEqual(a.weirds, {});
    const names = ourNames(file);
    assert.deepEqual(names.map((n) => n.replace(/^\d+ /, '')), ['C sensor-7', 'T cmd/sensor-7/#', 'T telemetry/sensor-7']);
  });

  it('MQTT over TLS on port 8883 is recognised as TLS by content and named by SNI; MQTT on 8883 stays cleartext MQTT', () => {
    const s = new TcpSession(client, { ip: '198.51.100.8', port: 8883 }, { ts: 1 })
      .handshake()
      .send(true, tlsClientHello({ sni: 'mqtt.vendor.example', alpn: ['mqtt'] }))
      .send(false, tlsServerHello({ version: '1.3' }))
      .send(true, tlsApplicationData(300))
      .close();
    const plain = new TcpSession({ ip: '10.0.0.2', port: 40101 }, { ip: '198.51.100.8', port: 8883 }, { ts: 2 })
      .handshake()
      .send(true, mqttConnectFull({ clientId: 'plain-on-8883' }))
      .close();
    const file = join(tempDir(), 'mqtt-tls.pcap');
    writeFileSync(file, writePcap(mergeByTime(s.records, plain.records)));
    const a = analyzeCapture(file, { identifiers: [], geo: openGeo() });
    assert.deepEqual(a.flows.map((f) => [f.server.port, f.protocol, f.encrypted, f.sni]), [
      [8883, 'tls', true, 'mqtt.vendor.example'],
      [8883, 'mqtt', false, null],
    ]);
    assert.deepEqual(a.tls.map((t) => [t.sni, t.alpn]), [['mqtt.vendor.example', ['mqtt']]]);
  });
});
