/**
 * MQTT 3.1, 3.1.1 and 5 control packets (MQTT 3.1.1 and 5.0 OASIS
 * standards, sections 2 and 3): the fixed header with its remaining-length
 * varint, and the fields of CONNECT, PUBLISH, SUBSCRIBE and UNSUBSCRIBE.
 * Decoders take `(bytes, start, end)`, check every length against `end`
 * and return a value or a weird name; they never throw. Text fields are
 * returned with non-printable bytes escaped (`safeAscii`).
 */
import { safeAscii, startsWithAscii, u16 } from './bytes.js';

/** Control packet type names by the high nibble of the first byte. */
export const MQTT_PACKET_TYPES = [
  'RESERVED', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP',
  'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH',
] as const;
export type MqttPacketType = (typeof MQTT_PACKET_TYPES)[number];

export type Parsed<T> = { ok: true; value: T } | { ok: false; weird: string };

/**
 * MQTT variable byte integer (remaining length, property length) at `off`:
 * value and bytes used; null when `b` ends first or a fifth byte would be
 * needed (malformed: at most 4 bytes, so at most 268,435,455).
 */
export function readRemainingLength(b: Uint8Array, off: number): { value: number; used: number } | null {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    if (off + i >= b.length) return null;
    const c = b[off + i];
    value += (c & 0x7f) * 128 ** i;
    if ((c & 0x80) === 0) return { value, used: i + 1 };
  }
  return null;
}

/** The fixed header at `off`: 'short' when more bytes are needed, 'bad' when the length is malformed. */
export function readFixedHeader(b: Uint8Array, off: number): { type: number; flags: number; length: number; headerLength: number } | 'short' | 'bad' {
  if (off + 2 > b.length) return 'short';
  const rl = readRemainingLength(b, off + 1);
  if (!rl) return b.length - off - 1 >= 4 ? 'bad' : 'short';
  return { type: b[off] >> 4, flags: b[off] & 0x0f, length: rl.value, headerLength: 1 + rl.used };
}

/** A cursor over `b[p, end)` reading MQTT fields; `failed` is set on the first field that does not fit. */
class Fields {
  failed = false;
  constructor(private readonly b: Uint8Array, public p: number, private readonly end: number) {}

  /** A 2-byte-length-prefixed field: its start and end, or null. */
  private span(): [number, number] | null {
    if (this.failed || this.p + 2 > this.end || this.p + 2 + u16(this.b, this.p) > this.end) {
      this.failed = true;
      return null;
    }
    const s = this.p + 2;
    this.p = s + u16(this.b, this.p);
    return [s, this.p];
  }
  text(): string | null {
    const s = this.span();
    return s ? safeAscii(this.b, s[0], s[1]) : null;
  }
  binary(): boolean {
    return this.span() !== null;
  }
  byte(): number {
    if (this.failed || this.p + 1 > this.end) {
      this.failed = true;
      return 0;
    }
    return this.b[this.p++];
  }
  u16(): number {
    if (this.failed || this.p + 2 > this.end) {
      this.failed = true;
      return 0;
    }
    this.p += 2;
    return u16(this.b, this.p - 2);
  }
  /** Skips MQTT 5 properties (a variable byte integer length, then that many bytes). */
  properties(): void {
    const len = this.failed ? null : readRemainingLength(this.b, this.p);
    if (!len || this.p + len.used + len.value > this.end) {
      this.failed = true;
      return;
    }
    this.p += len.used + len.value;
  }
}

export interface MqttConnect {
  /** "MQTT" or "MQIsdp". */
  protocolName: string;
  /** 3 (3.1), 4 (3.1.1) or 5. */
  level: number;
  keepAlive: number;
  clientId: string;
  willTopic: string | null;
  username: string | null;
  hasPassword: boolean;
}

/** Whether `b[at]` starts the CONNECT protocol name "MQTT" or "MQIsdp" (with its length prefix). */
export function isMqttProtocolName(b: Uint8Array, at: number): boolean {
  if (at + 2 > b.length) return false;
  const n = u16(b, at);
  return (n === 4 && startsWithAscii(b, at + 2, 'MQTT')) || (n === 6 && startsWithAscii(b, at + 2, 'MQIsdp'));
}

/** The variable header and payload of a CONNECT, `b[start, end)`. */
export function parseConnect(b: Uint8Array, start: number, end: number): Parsed<MqttConnect> {
  if (!isMqttProtocolName(b, start)) return { ok: false, weird: 'mqtt_bad_connect' };
  const f = new Fields(b, start, end);
  const protocolName = f.text() ?? '';
  const level = f.byte();
  const flags = f.byte();
  const keepAlive = f.u16();
  if (level === 5) f.properties();
  const clientId = f.text();
  let willTopic: string | null = null;
  if (flags & 0x04) {
    if (level === 5) f.properties();
    willTopic = f.text();
    f.binary();
  }
  const username = flags & 0x80 ? f.text() : null;
  const hasPassword = (flags & 0x40) !== 0 && f.binary();
  if (f.failed || clientId === null) return { ok: false, weird: 'mqtt_bad_connect' };
  return { ok: true, value: { protocolName, level, keepAlive, clientId, willTopic, username, hasPassword } };
}

export interface MqttPublish {
  topic: string;
  qos: number;
  /** Present for QoS 1 and 2. */
  packetId: number | null;
  /** Offset of the application message in `b`. */
  payloadAt: number;
}

/**
 * The variable header of a PUBLISH with fixed-header `flags`, `b[start, end)`;
 * `end` may stop short of the packet's end (a large payload is not buffered).
 */
export function parsePublish(b: Uint8Array, start: number, end: number, flags: number, v5: boolean): Parsed<MqttPublish> {
  const qos = (flags >> 1) & 0x03;
  if (qos === 3) return { ok: false, weird: 'mqtt_bad_publish' };
  const f = new Fields(b, start, end);
  const topic = f.text();
  const packetId = qos > 0 ? f.u16() : null;
  if (v5) f.properties();
  if (f.failed || topic === null) return { ok: false, weird: 'mqtt_bad_publish' };
  return { ok: true, value: { topic, qos, packetId, payloadAt: f.p } };
}

/** The topic filters of a SUBSCRIBE (each followed by an options byte) or UNSUBSCRIBE, `b[start, end)`. */
export function parseSubscribe(b: Uint8Array, start: number, end: number, v5: boolean, unsubscribe: boolean): Parsed<string[]> {
  const f = new Fields(b, start, end);
  f.u16();
  if (v5) f.properties();
  const topics: string[] = [];
  while (!f.failed && f.p < end) {
    const t = f.text();
    if (!unsubscribe) f.byte();
    if (t !== null) topics.push(t);
  }
  if (f.failed || topics.length === 0) return { ok: false, weird: unsubscribe ? 'mqtt_bad_unsubscribe' : 'mqtt_bad_subscribe' };
  return { ok: true, value: topics };
}
