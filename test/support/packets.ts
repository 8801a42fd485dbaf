/**
 * Builds real packets (Ethernet, IPv4/IPv6, TCP/UDP with correct checksums)
 * and writes them as pcap or pcapng, for fixtures and tests. tshark dissects
 * the output as intended; nothing here sends traffic anywhere.
 */
import { isIPv4 } from 'node:net';

export interface PacketSpec {
  ts: number;
  src: string;
  dst: string;
  /** 'tcp' or 'udp'. */
  proto: 'tcp' | 'udp';
  srcPort: number;
  dstPort: number;
  payload?: Uint8Array;
  /** TCP only. */
  seq?: number;
  ack?: number;
  flags?: number;
  window?: number;
  srcMac?: string;
  dstMac?: string;
}

export const TCP = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

export interface Record_ {
  ts: number;
  data: Uint8Array;
  origLen?: number;
}

export function ipv4Bytes(ip: string): Uint8Array {
  return Uint8Array.from(ip.split('.').map((x) => Number(x)));
}

export function ipv6Bytes(ip: string): Uint8Array {
  let text = ip;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    tail = [...ipv4Bytes(text.slice(lastColon + 1))];
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const fill = rest === undefined ? 0 : 8 - h.length - r.length;
  const groups = [...h, ...Array<string>(fill).fill('0'), ...r].map((g) => parseInt(g, 16));
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (tail.length) out.set(tail, 12);
  return out;
}

function macBytes(mac: string): Uint8Array {
  return Uint8Array.from(mac.split(':').map((x) => parseInt(x, 16)));
}

function sum16(data: Uint8Array, initial = 0): number {
  let s = initial;
  for (let i = 0; i + 1 < data.length; i += 2) s += (data[i] << 8) | data[i + 1];
  if (data.length & 1) s += data[data.length - 1] << 8;
  return s;
}

function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

function transportSegment(p: PacketSpec, pseudo: Uint8Array): Uint8Array {
  const payload = p.payload ?? new Uint8Array(0);
  let seg: Uint8Array;
  if (p.proto === 'tcp') {
    seg = new Uint8Array(20 + payload.length);
    const v = new DataView(seg.buffer);
    v.setUint16(0, p.srcPort);
    v.setUint16(2, p.dstPort);
    v.setUint32(4, (p.seq ?? 0) >>> 0);
    v.setUint32(8, (p.ack ?? 0) >>> 0);
    seg[12] = 5 << 4;
    seg[13] = p.flags ?? TCP.ACK;
    v.setUint16(14, p.window ?? 65535);
    seg.set(payload, 20);
  } else {
    seg = new Uint8Array(8 + payload.length);
    const v = new DataView(seg.buffer);
    v.setUint16(0, p.srcPort);
    v.setUint16(2, p.dstPort);
    v.setUint16(4, seg.length);
    seg.set(payload, 8);
  }
  const ck = fold(sum16(seg, sum16(pseudo)));
  const at = p.proto === 'tcp' ? 16 : 6;
  const val = p.proto === 'udp' && ck === 0 ? 0xffff : ck;
  seg[at] = val >> 8;
  seg[at + 1] = val & 0xff;
  return seg;
}

/** An IP packet (v4 or v6 by address) carrying TCP or UDP. */
export function ipPacket(p: PacketSpec, ipId = 0): Uint8Array {
  const protoNum = p.proto === 'tcp' ? 6 : 17;
  if (isIPv4(p.src)) {
    const s = ipv4Bytes(p.src);
    const d = ipv4Bytes(p.dst);
    const len = (p.proto === 'tcp' ? 20 : 8) + (p.payload?.length ?? 0);
    const pseudo = new Uint8Array(12);
    pseudo.set(s, 0);
    pseudo.set(d, 4);
    pseudo[9] = protoNum;
    pseudo[10] = len >> 8;
    pseudo[11] = len & 0xff;
    const seg = transportSegment(p, pseudo);
    const ip = new Uint8Array(20 + seg.length);
    const v = new DataView(ip.buffer);
    ip[0] = 0x45;
    v.setUint16(2, ip.length);
    v.setUint16(4, ipId & 0xffff);
    v.setUint16(6, 0x4000);
    ip[8] = 64;
    ip[9] = protoNum;
    ip.set(s, 12);
    ip.set(d, 16);
    v.setUint16(10, fold(sum16(ip.subarray(0, 20))));
    ip.set(seg, 20);
    return ip;
  }
  const s = ipv6Bytes(p.src);
  const d = ipv6Bytes(p.dst);
  const len = (p.proto === 'tcp' ? 20 : 8) + (p.payload?.length ?? 0);
  const pseudo = new Uint8Array(40);
  pseudo.set(s, 0);
  pseudo.set(d, 16);
  new DataView(pseudo.buffer).setUint32(32, len);
  pseudo[39] = protoNum;
  const seg = transportSegment(p, pseudo);
  const ip = new Uint8Array(40 + seg.length);
  const v = new DataView(ip.buffer);
  v.setUint32(0, 0x60000000);
  v.setUint16(4, seg.length);
  ip[6] = protoNum;
  ip[7] = 64;
  ip.set(s, 8);
  ip.set(d, 24);
  ip.set(seg, 40);
  return ip;
}

/** An Ethernet II frame around an IP packet. */
export function ethernet(ip: Uint8Array, srcMac = '02:00:00:00:00:01', dstMac = '02:00:00:00:00:02'): Uint8Array {
  const f = new Uint8Array(14 + ip.length);
  f.set(macBytes(dstMac), 0);
  f.set(macBytes(srcMac), 6);
  const v4 = (ip[0] >> 4) === 4;
  f[12] = v4 ? 0x08 : 0x86;
  f[13] = v4 ? 0x00 : 0xdd;
  f.set(ip, 14);
  return f;
}

/** A full Ethernet frame for a packet spec. */
export function frame(p: PacketSpec, ipId = 0): Uint8Array {
  return ethernet(ipPacket(p, ipId), p.srcMac, p.dstMac);
}

/** pcap file bytes (little-endian, microseconds) of records with the given link type. */
export function writePcap(records: Record_[], linkType = 1, snaplen = 262144): Uint8Array {
  const parts: Uint8Array[] = [];
  const h = new Uint8Array(24);
  const hv = new DataView(h.buffer);
  hv.setUint32(0, 0xa1b2c3d4, true);
  hv.setUint16(4, 2, true);
  hv.setUint16(6, 4, true);
  hv.setUint32(16, snaplen, true);
  hv.setUint32(20, linkType, true);
  parts.push(h);
  for (const r of records) {
    const rh = new Uint8Array(16);
    const v = new DataView(rh.buffer);
    const sec = Math.floor(r.ts);
    v.setUint32(0, sec, true);
    v.setUint32(4, Math.round((r.ts - sec) * 1e6), true);
    v.setUint32(8, r.data.length, true);
    v.setUint32(12, r.origLen ?? r.data.length, true);
    parts.push(rh, r.data);
  }
  return concat(parts);
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function block(type: number, body: Uint8Array): Uint8Array {
  const total = 12 + pad4(body.length);
  const b = new Uint8Array(total);
  const v = new DataView(b.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, total, true);
  b.set(body, 8);
  v.setUint32(total - 4, total, true);
  return b;
}

function option(code: number, value: Uint8Array): Uint8Array {
  const o = new Uint8Array(4 + pad4(value.length));
  const v = new DataView(o.buffer);
  v.setUint16(0, code, true);
  v.setUint16(2, value.length, true);
  o.set(value, 4);
  return o;
}

/**
 * pcapng file bytes (little-endian): one SHB, one IDB (microsecond
 * resolution, with an if_name), one EPB per record. `comment` goes in the SHB.
 */
export function writePcapng(records: Record_[], linkType = 1, opts: { ifName?: string; comment?: string } = {}): Uint8Array {
  const enc = new TextEncoder();
  const shbOpts: Uint8Array[] = [];
  if (opts.comment) shbOpts.push(option(1, enc.encode(opts.comment)));
  shbOpts.push(option(4, enc.encode('leakspec test/support/packets.ts')));
  shbOpts.push(new Uint8Array(4));
  const shbBody = new Uint8Array(16);
  const sv = new DataView(shbBody.buffer);
  sv.setUint32(0, 0x1a2b3c4d, true);
  sv.setUint16(4, 1, true);
  sv.setUint16(6, 0, true);
  sv.setInt32(8, -1, true);
  sv.setInt32(12, -1, true);
  const shb = block(0x0a0d0d0a, concat([shbBody, ...shbOpts]));
  const idbBody = new Uint8Array(8);
  const iv = new DataView(idbBody.buffer);
  iv.setUint16(0, linkType, true);
  iv.setUint32(4, 262144, true);
  const idb = block(1, concat([idbBody, option(2, enc.encode(opts.ifName ?? 'eth0')), option(9, Uint8Array.of(6)), new Uint8Array(4)]));
  const parts = [shb, idb];
  for (const r of records) {
    const body = new Uint8Array(20 + pad4(r.data.length));
    const v = new DataView(body.buffer);
    const us = BigInt(Math.round(r.ts * 1e6));
    v.setUint32(0, 0, true);
    v.setUint32(4, Number(us >> 32n), true);
    v.setUint32(8, Number(us & 0xffffffffn), true);
    v.setUint32(12, r.data.length, true);
    v.setUint32(16, r.origLen ?? r.data.length, true);
    body.set(r.data, 20);
    parts.push(block(6, body));
  }
  return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A TCP connection between a client and a server, producing frames in
 * order: handshake, data segments (split at `mss`), teardown. Sequence and
 * acknowledgement numbers are consistent, so tshark reassembles the streams.
 */
export class TcpSession {
  private cseq: number;
  private sseq: number;
  readonly records: Record_[] = [];
  ts: number;
  constructor(
    readonly client: { ip: string; port: number },
    readonly server: { ip: string; port: number },
    opts: { ts: number; clientIsn?: number; serverIsn?: number; mss?: number } = { ts: 0 },
    private readonly mss = opts.mss ?? 1400,
  ) {
    this.ts = opts.ts;
    this.cseq = opts.clientIsn ?? 1000;
    this.sseq = opts.serverIsn ?? 5000;
  }
  private pkt(fromClient: boolean, flags: number, payload?: Uint8Array): Record_ {
    const a = fromClient ? this.client : this.server;
    const b = fromClient ? this.server : this.client;
    const data = frame({
      ts: this.ts,
      src: a.ip,
      dst: b.ip,
      proto: 'tcp',
      srcPort: a.port,
      dstPort: b.port,
      seq: fromClient ? this.cseq : this.sseq,
      ack: flags & TCP.ACK ? (fromClient ? this.sseq : this.cseq) : 0,
      flags,
      payload,
    });
    return { ts: this.ts, data };
  }
  private tick(dt = 0.001): void {
    this.ts += dt;
  }
  handshake(): this {
    this.records.push(this.pkt(true, TCP.SYN));
    this.cseq += 1;
    this.tick(0.02);
    this.records.push(this.pkt(false, TCP.SYN | TCP.ACK));
    this.sseq += 1;
    this.tick();
    this.records.push(this.pkt(true, TCP.ACK));
    this.tick();
    return this;
  }
  /** Data from client (true) or server (false), split into MSS-sized segments, each acknowledged. */
  send(fromClient: boolean, data: Uint8Array | string): this {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    for (let o = 0; o < bytes.length; o += this.mss) {
      const chunk = bytes.subarray(o, Math.min(bytes.length, o + this.mss));
      this.records.push(this.pkt(fromClient, TCP.ACK | TCP.PSH, chunk));
      if (fromClient) this.cseq = (this.cseq + chunk.length) >>> 0;
      else this.sseq = (this.sseq + chunk.length) >>> 0;
      this.tick();
      this.records.push(this.pkt(!fromClient, TCP.ACK));
      this.tick();
    }
    return this;
  }
  close(): this {
    this.records.push(this.pkt(true, TCP.FIN | TCP.ACK));
    this.cseq += 1;
    this.tick();
    this.records.push(this.pkt(false, TCP.FIN | TCP.ACK));
    this.sseq += 1;
    this.tick();
    this.records.push(this.pkt(true, TCP.ACK));
    this.tick();
    return this;
  }
}

/** One UDP datagram as an Ethernet frame record. */
export function udpRecord(ts: number, src: { ip: string; port: number }, dst: { ip: string; port: number }, payload: Uint8Array): Record_ {
  return { ts, data: frame({ ts, src: src.ip, dst: dst.ip, proto: 'udp', srcPort: src.port, dstPort: dst.port, payload }) };
}

/** Merge several record lists by timestamp (stable). */
export function mergeByTime(...lists: Record_[][]): Record_[] {
  return lists.flat().map((r, i) => ({ r, i })).sort((a, b) => a.r.ts - b.r.ts || a.i - b.i).map((x) => x.r);
}
