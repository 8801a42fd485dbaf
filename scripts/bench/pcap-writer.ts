/**
 * Streams a classic pcap file (Ethernet, microseconds) to disk while it is
 * generated: each frame (Ethernet, IPv4 or IPv6, TCP or UDP with valid
 * checksums) is built in place in a 4 MiB buffer that is flushed when full,
 * so the capture is never whole in memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** One end of a conversation: address bytes (4 or 16) and port. */
export interface Endpoint {
  ip: Uint8Array;
  port: number;
}

const BUFFER = 4 << 20;
const MAX_FRAME = 14 + 40 + 20 + 65535;
const DEVICE_MAC = Uint8Array.of(0x02, 0x00, 0x0a, 0x00, 0x02, 0x0f);
const GATEWAY_MAC = Uint8Array.of(0x52, 0x55, 0x0a, 0x00, 0x02, 0x02);

function sum16(b: Uint8Array, from: number, to: number, initial: number): number {
  let s = initial;
  let i = from;
  for (; i + 1 < to; i += 2) s += (b[i] << 8) | b[i + 1];
  if (i < to) s += b[i] << 8;
  return s;
}

function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** A pcap file being written; frames are numbered from 1 as Wireshark numbers them. */
export class PcapWriter {
  private readonly fd: number;
  private readonly buf = new Uint8Array(BUFFER);
  private readonly view = new DataView(this.buf.buffer);
  private used = 0;
  /** Frames written. */
  packets = 0;
  /** File bytes written (header included). */
  bytes = 0;
  private ipId = 1;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
    const v = this.view;
    v.setUint32(0, 0xa1b2c3d4, true);
    v.setUint16(4, 2, true);
    v.setUint16(6, 4, true);
    v.setUint32(16, 262144, true);
    v.setUint32(20, 1, true);
    this.used = 24;
    this.bytes = 24;
  }

  /** A TCP segment from `src` to `dst`; returns its frame number. */
  tcp(ts: number, src: Endpoint, dst: Endpoint, seq: number, ack: number, flags: number, payload: Uint8Array): number {
    return this.write(ts, src, dst, 6, payload, seq, ack, flags);
  }

  /** A UDP datagram from `src` to `dst`; returns its frame number. */
  udp(ts: number, src: Endpoint, dst: Endpoint, payload: Uint8Array): number {
    return this.write(ts, src, dst, 17, payload, 0, 0, 0);
  }

  private write(ts: number, src: Endpoint, dst: Endpoint, proto: number, payload: Uint8Array, seq: number, ack: number, flags: number): number {
    if (this.used + 16 + MAX_FRAME > BUFFER) this.flush();
    const b = this.buf;
    const v = this.view;
    const rec = this.used;
    const v6 = src.ip.length === 16;
    const ipLen = v6 ? 40 : 20;
    const l4Len = proto === 6 ? 20 : 8;
    const segLen = l4Len + payload.length;
    const frameLen = 14 + ipLen + segLen;
    const sec = Math.floor(ts);
    v.setUint32(rec, sec, true);
    v.setUint32(rec + 4, Math.floor((ts - sec) * 1e6), true);
    v.setUint32(rec + 8, frameLen, true);
    v.setUint32(rec + 12, frameLen, true);
    const eth = rec + 16;
    const fromDevice = !v6 ? src.ip[0] === 10 : src.ip[0] === 0xfd;
    b.set(fromDevice ? GATEWAY_MAC : DEVICE_MAC, eth);
    b.set(fromDevice ? DEVICE_MAC : GATEWAY_MAC, eth + 6);
    b[eth + 12] = v6 ? 0x86 : 0x08;
    b[eth + 13] = v6 ? 0xdd : 0x00;
    const ip = eth + 14;
    const l4 = ip + ipLen;
    let pseudo: number;
    if (v6) {
      v.setUint32(ip, 0x60000000);
      v.setUint16(ip + 4, segLen);
      b[ip + 6] = proto;
      b[ip + 7] = 64;
      b.set(src.ip, ip + 8);
      b.set(dst.ip, ip + 24);
      pseudo = sum16(b, ip + 8, ip + 40, proto + segLen);
    } else {
      b[ip] = 0x45;
      b[ip + 1] = 0;
      v.setUint16(ip + 2, ipLen + segLen);
      v.setUint16(ip + 4, this.ipId++ & 0xffff);
      v.setUint16(ip + 6, 0x4000);
      b[ip + 8] = 64;
      b[ip + 9] = proto;
      v.setUint16(ip + 10, 0);
      b.set(src.ip, ip + 12);
      b.set(dst.ip, ip + 16);
      v.setUint16(ip + 10, fold(sum16(b, ip, ip + 20, 0)));
      pseudo = sum16(b, ip + 12, ip + 20, proto + segLen);
    }
    v.setUint16(l4, src.port);
    v.setUint16(l4 + 2, dst.port);
    if (proto === 6) {
      v.setUint32(l4 + 4, seq >>> 0);
      v.setUint32(l4 + 8, ack >>> 0);
      b[l4 + 12] = 5 << 4;
      b[l4 + 13] = flags;
      v.setUint16(l4 + 14, 65535);
      v.setUint32(l4 + 16, 0);
    } else {
      v.setUint16(l4 + 4, segLen);
      v.setUint16(l4 + 6, 0);
    }
    b.set(payload, l4 + l4Len);
    let ck = fold(sum16(b, l4, l4 + segLen, pseudo));
    if (proto === 17 && ck === 0) ck = 0xffff;
    v.setUint16(l4 + (proto === 6 ? 16 : 6), ck);
    this.used = l4 + segLen;
    this.bytes += 16 + frameLen;
    return ++this.packets;
  }

  private flush(): void {
    let off = 0;
    while (off < this.used) off += writeSync(this.fd, this.buf, off, this.used - off);
    this.used = 0;
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
