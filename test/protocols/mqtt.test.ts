import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFixedHeader } from '../../src/protocols/mqtt-packets.js';
import { MAX_MQTT_PACKET, mqttClientId, mqttFactory } from '../../src/protocols/mqtt.js';
import type { ProtocolEvent } from '../../src/protocols/types.js';
import { mqttConnect, mqttConnectFull, mqttPacket, mqttPublish, mqttSubscribe, pseudoRandomBytes } from '../support/protocol-bytes.js';
import { ascii, drive, pieces, splitAt, type Step } from './harness.js';

function cat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}
const mqtt = (events: ProtocolEvent[]): ProtocolEvent[] => events.filter((e) => e.type === 'mqtt');

describe('protocols/mqtt: packets', () => {
  it('reads the remaining length in 1 to 4 bytes, and refuses a fifth', () => {
    const cases: Array<[number, number[]]> = [
      [0, [0x00]], [127, [0x7f]], [128, [0x80, 0x01]], [16383, [0xff, 0x7f]], [16384, [0x80, 0x80, 0x01]],
      [2097151, [0xff, 0xff, 0x7f]], [2097152, [0x80, 0x80, 0x80, 0x01]], [268435455, [0xff, 0xff, 0xff, 0x7f]],
    ];
    for (const [n, len] of cases) {
      assert.deepEqual(readFixedHeader(Uint8Array.of(0x32, ...len), 0), { type: 3, flags: 2, length: n, headerLength: 1 + len.length });
      assert.equal(readFixedHeader(Uint8Array.of(0x32, ...len.slice(0, -1)), 0), 'short');
    }
    assert.deepEqual(mqttPacket(0x30, new Uint8Array(16384)).subarray(0, 4), Uint8Array.of(0x30, 0x80, 0x80, 0x01));
    assert.equal(readFixedHeader(Uint8Array.of(0x30, 0xff, 0xff, 0xff, 0xff, 0x01), 0), 'bad');
  });

  it('CONNECT 3.1.1: client id, username, will topic; the password stays out of the event', () => {
    const c = mqttConnectFull({ clientId: 'imei-490154203237518', username: 'dev-user', password: 'hunter2', will: { topic: 'devices/42/status', payload: 'offline', qos: 1 } });
    const r = drive(mqttFactory, [{ dir: 0, data: c, frame: 4 }]);
    assert.deepEqual(r.events, [{ type: 'mqtt', frame: 4, dir: 0, packet: 'CONNECT', level: 4, clientId: 'imei-490154203237518', username: 'dev-user', willTopic: 'devices/42/status' }]);
    assert.ok(!JSON.stringify(r.events).includes('hunter2'));
    assert.deepEqual(r.weirds, []);
    assert.equal(mqttClientId(c), 'imei-490154203237518');
  });

  it('MQTT 5: CONNECT, will and PUBLISH properties are skipped; SUBSCRIBE and UNSUBSCRIBE list their filters', () => {
    const c = mqttConnectFull({ level: 5, clientId: 'v5-client', username: 'u5', will: { topic: 'lwt', payload: 'x' }, properties: Uint8Array.of(0x11, 0, 0, 0x0e, 0x10, 0x21, 0x00, 0x0a) });
    const pub = mqttPublish({ v5: true, topic: 'telemetry/v5', qos: 1, packetId: 7, payload: '{"a":1}', properties: Uint8Array.of(0x01, 0x01, 0x23, 0x00, 0x05) });
    const sub = mqttSubscribe({ v5: true, packetId: 2, topics: [['cmd/#', 1], ['ota/+', 0]] });
    const unsub = mqttPacket(0xa2, cat(Uint8Array.of(0, 3, 0), Uint8Array.of(0, 5), ascii('cmd/#')));
    const r = drive(mqttFactory, [{ dir: 0, data: cat(c, pub, sub, unsub), frame: 1 }, { dir: 1, data: mqttPublish({ v5: true, topic: 'cmd/reboot', payload: 'now' }), frame: 2 }]);
    assert.deepEqual(r.events, [
      { type: 'mqtt', frame: 1, dir: 0, packet: 'CONNECT', level: 5, clientId: 'v5-client', username: 'u5', willTopic: 'lwt' },
      { type: 'mqtt', frame: 1, dir: 0, packet: 'PUBLISH', topic: 'telemetry/v5' },
      { type: 'mqtt', frame: 1, dir: 0, packet: 'SUBSCRIBE', topics: ['cmd/#', 'ota/+'] },
      { type: 'mqtt', frame: 1, dir: 0, packet: 'UNSUBSCRIBE', topics: ['cmd/#'] },
      { type: 'mqtt', frame: 2, dir: 1, packet: 'PUBLISH', topic: 'cmd/reboot' },
    ]);
    assert.deepEqual(r.weirds, []);
  });

  it('PUBLISH at QoS 0, 1 and 2 (3.1.1), and packets split at every byte across two segments', () => {
    const stream = cat(
      mqttConnect('split-client'),
      mqttPublish({ topic: 'a/0', payload: 'zero' }),
      mqttPublish({ topic: 'a/1', payload: 'one', qos: 1, packetId: 300 }),
      mqttPublish({ topic: 'a/2', payload: 'two', qos: 2, packetId: 301, retain: true }),
      mqttSubscribe({ topics: [['s/#', 0]] }),
      mqttPacket(0xc0, new Uint8Array(0)), // PINGREQ
    );
    const whole = drive(mqttFactory, [{ dir: 0, data: stream }]);
    assert.deepEqual(mqtt(whole.events).map((e) => e.type === 'mqtt' && [e.packet, e.clientId ?? e.topic ?? e.topics?.join()]), [
      ['CONNECT', 'split-client'], ['PUBLISH', 'a/0'], ['PUBLISH', 'a/1'], ['PUBLISH', 'a/2'], ['SUBSCRIBE', 's/#'],
    ]);
    for (let at = 0; at <= stream.length; at++) {
      const r = drive(mqttFactory, pieces(0, splitAt(stream, at)));
      assert.deepEqual(r.events, whole.events, `split at ${at}`);
      assert.deepEqual(r.weirds, [], `split at ${at}`);
    }
  });

  it('reads the topic of a PUBLISH larger than the buffer and skips its payload unbuffered', () => {
    const big = mqttPublish({ topic: 'upload/core-dump', payload: pseudoRandomBytes(3 * MAX_MQTT_PACKET + 17, 3) });
    const after = mqttPublish({ topic: 'after/big', payload: 'x' });
    const stream = cat(mqttConnect('big'), big, after);
    const chunks: Step[] = [];
    for (let o = 0; o < stream.length; o += 1400) chunks.push({ dir: 0, data: stream.subarray(o, o + 1400) });
    const r = drive(mqttFactory, chunks);
    assert.deepEqual(mqtt(r.events).map((e) => e.type === 'mqtt' && (e.topic ?? e.clientId)), ['big', 'upload/core-dump', 'after/big']);
    assert.deepEqual(r.weirds, []);
  });

  it('records weirds for malformed packets', () => {
    const bad = (data: Uint8Array): string[] => drive(mqttFactory, [{ dir: 0, data: cat(mqttConnect('w'), data, mqttPublish({ topic: 'never', payload: '' })) }]).weirds;
    assert.deepEqual(bad(Uint8Array.of(0x30, 0xff, 0xff, 0xff, 0xff, 0x7f)), ['mqtt_bad_length']);
    assert.deepEqual(bad(Uint8Array.of(0x00, 0x00)), ['mqtt_bad_packet_type']);
    assert.deepEqual(bad(mqttPacket(0x36, cat(Uint8Array.of(0, 1), ascii('t')))), ['mqtt_bad_publish']); // QoS 3
    assert.deepEqual(bad(mqttPacket(0x30, Uint8Array.of(0, 9, 0x61))), ['mqtt_bad_publish']); // topic longer than the packet
    assert.deepEqual(bad(mqttPacket(0x82, Uint8Array.of(0, 1))), ['mqtt_bad_subscribe']); // no filter
    assert.deepEqual(bad(mqttPacket(0x10, cat(Uint8Array.of(0, 4), ascii('MQTT'), Uint8Array.of(4, 0x02, 0, 60, 0, 50)))), ['mqtt_bad_connect']);
    const large = cat(mqttConnect('w'), mqttPacket(0x82, new Uint8Array(MAX_MQTT_PACKET + 1)), mqttPublish({ topic: 'next', payload: '' }));
    const r = drive(mqttFactory, [0, 1400, 30000, large.length].slice(1).map((end, i, a) => ({ dir: 0 as const, data: large.subarray(i ? a[i - 1] : 0, end) })));
    assert.deepEqual(r.weirds, ['mqtt_packet_too_large']);
    assert.deepEqual(mqtt(r.events).map((e) => e.type === 'mqtt' && e.packet), ['CONNECT', 'PUBLISH']);
  });

  it('stops reading a direction after a gap', () => {
    const r = drive(mqttFactory, [{ dir: 0, data: mqttConnect('g') }, { dir: 0, gap: 100 }, { dir: 0, data: mqttPublish({ topic: 'lost', payload: '' }) }]);
    assert.deepEqual(mqtt(r.events).map((e) => e.type === 'mqtt' && e.packet), ['CONNECT']);
    assert.deepEqual(r.weirds, ['mqtt_gap']);
  });

  it('never throws on mutated MQTT streams', () => {
    const seed = cat(mqttConnectFull({ level: 5, clientId: 'f', username: 'u', password: 'p', will: { topic: 'w', payload: 'x' } }), mqttPublish({ v5: true, topic: 't', qos: 1, payload: 'p' }), mqttSubscribe({ v5: true, topics: [['a', 1]] }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), (flips, cut) => {
        const b = seed.slice();
        for (const [at, v] of flips) b[at % b.length] = v;
        const at = cut % (b.length + 1);
        drive(mqttFactory, [{ dir: 0, data: b.subarray(0, at) }, { dir: 0, data: b.subarray(at) }, { dir: 1, data: b }, { end: true }]);
      }),
      { numRuns: 500 },
    );
  });
});
