/**
 * MQTT 3.1/3.1.1/5 (cleartext): recognised by a CONNECT packet with protocol
 * name "MQTT" or "MQIsdp". Control packets are framed by their
 * remaining-length varint in both directions, across TCP segments, and an
 * `mqtt` event is emitted for the packets that name something: CONNECT
 * (client id, username, will topic), PUBLISH (topic) and SUBSCRIBE /
 * UNSUBSCRIBE (topic filters). Passwords and payloads are not copied into
 * events; the flow's bytes are scanned for identifiers as cleartext anyway.
 * At most MAX_MQTT_PACKET bytes of a packet are buffered: the fields at the
 * start of a larger PUBLISH are read and its payload is skipped unbuffered.
 */
import type { Dir } from '../decode/types.js';
import { StreamBuffer } from './bytes.js';
import {
  isMqttProtocolName, MQTT_PACKET_TYPES, parseConnect, parsePublish, parseSubscribe, readFixedHeader, readRemainingLength,
} from './mqtt-packets.js';
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

export { readRemainingLength };

/** Bytes of one MQTT packet buffered at most. */
export const MAX_MQTT_PACKET = 64 * 1024;

const CONNECT = 1;
const PUBLISH = 3;
const SUBSCRIBE = 8;
const UNSUBSCRIBE = 10;

/** The variable header offset of a CONNECT at the start of `b`, when it names MQTT or MQIsdp. */
function connectHeader(b: Uint8Array): { at: number; end: number } | null {
  if (b.length < 2 || b[0] !== 0x10) return null;
  const rl = readRemainingLength(b, 1);
  if (!rl) return null;
  const at = 1 + rl.used;
  return isMqttProtocolName(b, at) ? { at, end: at + rl.value } : null;
}

/** The client id of a complete CONNECT packet at the start of `b`, or null. */
export function mqttClientId(b: Uint8Array): string | null {
  const h = connectHeader(b);
  if (!h || h.end > b.length) return null;
  const r = parseConnect(b, h.at, h.end);
  return r.ok ? r.value.clientId : null;
}

/** Whether `b` starts with an MQTT CONNECT packet. */
export function looksLikeMqtt(b: Uint8Array): boolean {
  return connectHeader(b) !== null;
}

class Direction {
  readonly buf = new StreamBuffer(256);
  /** Bytes of a large packet still to pass over unbuffered. */
  skip = 0;
  dead = false;
}

class MqttAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'mqtt' as const;
  /** The CONNECT packet's client id, once seen. */
  clientId: string | null = null;
  /** Protocol level from CONNECT (5 adds properties to PUBLISH and SUBSCRIBE). */
  private level = 4;
  private readonly dirs: [Direction, Direction] = [new Direction(), new Direction()];

  constructor(private readonly ctx: AnalyzerContext) {}

  onData(dir: Dir, data: Uint8Array, frame: number): void {
    const d = this.dirs[dir];
    if (d.dead) return;
    if (d.skip > 0) {
      const n = Math.min(d.skip, data.length);
      d.skip -= n;
      data = data.subarray(n);
      if (data.length === 0) return;
    }
    const buffered = d.buf.length > 0;
    if (buffered) d.buf.append(data);
    const v = buffered ? d.buf.view() : data;
    const used = this.packets(dir, d, v, frame);
    if (d.dead) d.buf.clear();
    else if (buffered) d.buf.consume(used);
    else if (used < v.length) d.buf.append(v.subarray(used));
  }

  onGap(dir: Dir): void {
    const d = this.dirs[dir];
    if (d.dead) return;
    this.ctx.weird('mqtt_gap');
    d.dead = true;
    d.buf.clear();
  }

  encryption(): { encrypted: boolean; version: null } {
    return { encrypted: false, version: null };
  }

  /** Handles the whole packets in `v`; returns the bytes used (the rest waits for more data). */
  private packets(dir: Dir, d: Direction, v: Uint8Array, frame: number): number {
    let p = 0;
    while (p < v.length) {
      const h = readFixedHeader(v, p);
      if (h === 'short') break;
      if (h === 'bad' || h.type === 0) {
        this.ctx.weird(h === 'bad' ? 'mqtt_bad_length' : 'mqtt_bad_packet_type');
        d.dead = true;
        return v.length;
      }
      const total = h.headerLength + h.length;
      const have = v.length - p;
      if (have >= total) {
        this.packet(dir, h.type, h.flags, v, p + h.headerLength, p + total, frame);
        p += total;
        continue;
      }
      if (total <= MAX_MQTT_PACKET) break;
      // A packet larger than the buffer: read what its first MAX_MQTT_PACKET bytes hold, skip the rest.
      if (h.type === PUBLISH && have < MAX_MQTT_PACKET) break;
      if (h.type === PUBLISH) this.packet(dir, h.type, h.flags, v, p + h.headerLength, v.length, frame);
      else this.ctx.weird('mqtt_packet_too_large');
      d.skip = total - have;
      return v.length;
    }
    return p;
  }

  /** One packet's variable header and payload, `v[start, end)`. */
  private packet(dir: Dir, type: number, flags: number, v: Uint8Array, start: number, end: number, frame: number): void {
    const name = MQTT_PACKET_TYPES[type];
    const v5 = this.level === 5;
    if (type === CONNECT) {
      const r = parseConnect(v, start, end);
      if (!r.ok) return this.ctx.weird(r.weird);
      this.clientId ??= r.value.clientId;
      this.level = r.value.level;
      this.ctx.emit({
        type: 'mqtt', frame, dir, packet: 'CONNECT', level: r.value.level, clientId: r.value.clientId,
        ...(r.value.username !== null ? { username: r.value.username } : {}),
        ...(r.value.willTopic !== null ? { willTopic: r.value.willTopic } : {}),
      });
    } else if (type === PUBLISH) {
      const r = parsePublish(v, start, end, flags, v5);
      if (!r.ok) return this.ctx.weird(r.weird);
      this.ctx.emit({ type: 'mqtt', frame, dir, packet: 'PUBLISH', topic: r.value.topic });
    } else if (type === SUBSCRIBE || type === UNSUBSCRIBE) {
      const r = parseSubscribe(v, start, end, v5, type === UNSUBSCRIBE);
      if (!r.ok) return this.ctx.weird(r.weird);
      this.ctx.emit({ type: 'mqtt', frame, dir, packet: name as 'SUBSCRIBE' | 'UNSUBSCRIBE', topics: r.value });
    }
  }
}

/** MQTT on any TCP port, by its CONNECT packet. */
export const mqttFactory: AnalyzerFactory = {
  protocol: 'mqtt',
  transports: ['tcp'],
  ports: [1883],
  sniff: (data, dir) => dir === 0 && looksLikeMqtt(data),
  create: (ctx) => new MqttAnalyzer(ctx),
};
