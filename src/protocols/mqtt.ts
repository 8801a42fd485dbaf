/**
 * MQTT 3.1/3.1.1/5 (cleartext): recognised by a CONNECT packet with protocol
 * name "MQTT" or "MQIsdp". The client id of the CONNECT is read; the
 * analyzer emits no events (its bytes are scanned as cleartext).
 */
import type { Dir } from '../decode/types.js';
import { safeAscii, startsWithAscii, u16 } from './bytes.js';
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

/** MQTT remaining-length varint at `off`: value and bytes used, or null when malformed/short. */
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

/** The variable header offset of a CONNECT at the start of `b`, when it names MQTT or MQIsdp. */
function connectHeader(b: Uint8Array): { at: number; end: number; nameLen: number } | null {
  if (b.length < 2 || b[0] !== 0x10) return null;
  const rl = readRemainingLength(b, 1);
  if (!rl) return null;
  const at = 1 + rl.used;
  if (at + 2 > b.length) return null;
  const nameLen = u16(b, at);
  const ok = (nameLen === 4 && startsWithAscii(b, at + 2, 'MQTT')) || (nameLen === 6 && startsWithAscii(b, at + 2, 'MQIsdp'));
  return ok ? { at, end: at + rl.value, nameLen } : null;
}

/** The client id of a complete CONNECT packet at the start of `b`, or null. */
export function mqttClientId(b: Uint8Array): string | null {
  const h = connectHeader(b);
  if (!h || h.end > b.length) return null;
  const p = h.at + 2 + h.nameLen + 4; // level, flags, keep-alive
  if (p > h.end) return null;
  let q = p;
  if (b[h.at + 2 + h.nameLen] === 5) {
    const props = readRemainingLength(b, p);
    if (!props) return null;
    q = p + props.used + props.value;
  }
  if (q + 2 > h.end || q + 2 + u16(b, q) > h.end) return null;
  return safeAscii(b, q + 2, q + 2 + u16(b, q));
}

class MqttAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'mqtt' as const;
  /** The CONNECT packet's client id, once seen. */
  clientId: string | null = null;
  private head: Uint8Array | null = new Uint8Array(0);

  constructor(private readonly ctx: AnalyzerContext) {}

  onData(dir: Dir, data: Uint8Array): void {
    if (dir !== 0 || !this.head) return;
    const joined = new Uint8Array(this.head.length + Math.min(data.length, 4096));
    joined.set(this.head);
    joined.set(data.subarray(0, joined.length - this.head.length), this.head.length);
    this.clientId = mqttClientId(joined);
    if (this.clientId !== null) this.head = null;
    else if (joined.length >= 4096 || (!connectHeader(joined) && joined.length >= 16)) {
      this.ctx.weird('mqtt_bad_connect');
      this.head = null;
    } else this.head = joined;
  }

  encryption(): { encrypted: boolean; version: null } {
    return { encrypted: false, version: null };
  }
}

/** Whether `b` starts with an MQTT CONNECT packet. */
export function looksLikeMqtt(b: Uint8Array): boolean {
  return connectHeader(b) !== null;
}

/** MQTT on any TCP port, by its CONNECT packet. */
export const mqttFactory: AnalyzerFactory = {
  protocol: 'mqtt',
  transports: ['tcp'],
  ports: [1883],
  sniff: (data, dir) => dir === 0 && looksLikeMqtt(data),
  create: (ctx) => new MqttAnalyzer(ctx),
};
