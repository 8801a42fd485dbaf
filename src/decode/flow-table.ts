/**
 * Frames -> flows. Each frame goes through the link layer, IP (fragments
 * reassembled) and TCP/UDP; packets are grouped into flows by 5-tuple and
 * reported through a `FlowSink` in capture order.
 *
 * Flows and their lifetime:
 * - UDP: one flow per 5-tuple; a silence of more than 120 s of capture time
 *   ends it (onFlowEnd) and the next packet starts a new one.
 * - TCP: one flow per connection. A SYN without ACK starts a new flow when
 *   the tuple's previous connection is closed, or when its sequence number
 *   differs from the one the flow began with in that direction (as
 *   Wireshark's tcp.stream does); a SYN with the same ISN is a retransmission.
 *   A connection closes on RST or once FIN was seen both ways: its holes are
 *   flushed as gaps, onFlowEnd is called at once and its buffers are freed.
 *   The tuple then stays as a tombstone for 120 s of capture time, so that
 *   late packets (the last ACK, retransmitted FINs) still count to the same
 *   flow, as tshark counts them (packets, lastFrame and lastTs of the Flow
 *   object may grow after onFlowEnd; payload in them is not delivered and
 *   counts as the weird `tcp_data_after_close`). Open connections without
 *   FIN/RST stay open until the end of the capture.
 * - The client is chosen at the flow's first packet (see client-side.ts); a
 *   SYN seen later in a flow that began mid-stream does not swap the sides.
 * - bytesUp/bytesDown count transport payload once: for TCP, the bytes
 *   delivered in order plus the gaps (retransmitted bytes count once); for
 *   UDP, each datagram's payload.
 *
 * The per-packet path allocates nothing but what it keeps and what it hands
 * on: reusable header objects, a hash lookup on the packet's own bytes, one
 * view per payload delivered to the sink (none for a segment without new
 * data), and copies only for out-of-order TCP data and IP fragments.
 */
import { canonicalAddress, formatAddress } from './address.js';
import { senderIsClient } from './client-side.js';
import { type Conn, ConnTable } from './conn-table.js';
import { FragmentReassembler, fragmentKey } from './fragments.js';
import { decodeIp, IpStatus, newIpResult, walkIpv6Extensions } from './ip.js';
import { decodeLink, LinkStatus, newLinkResult } from './link.js';
import { type StreamEmitter, TcpDirection } from './tcp-stream.js';
import { decodeTcp, decodeUdp, newTcpHeader, newUdpHeader, TcpFlags } from './tcp-udp.js';
import { addWeird, type DecodeOptions, type Dir, type Flow, type FlowSink, type Weirds } from './types.js';
import type { Frame } from '../capture/types.js';

/** Counters of a flow table. */
export interface FlowTableStats {
  frames: number;
  /** Frames that carried an IPv4 or IPv6 packet. */
  ipPackets: number;
  /** Well-formed frames carrying something else (ARP, LLDP...). */
  nonIp: number;
  /** Frames of link types that cannot be decoded, per link type. */
  undecodableLinkTypes: Map<number, number>;
  /** Flows started. */
  flows: number;
}

/** Consumes frames in capture order; reports flows through the sink. */
export interface FlowTable {
  push(frame: Frame): void;
  /** End of capture: flushes every open flow (gaps, onFlowEnd) in flow id order. */
  finish(): void;
  readonly weirds: Weirds;
  readonly stats: FlowTableStats;
}

/** Seconds of silence after which a UDP conversation ends. */
export const UDP_IDLE_SECONDS = 120;
/** Seconds a closed TCP connection's tuple is remembered for late packets. */
export const TCP_TOMBSTONE_SECONDS = 120;
const SWEEP_INTERVAL_SECONDS = 10;
const DEFAULT_MAX_BUFFERED = 4 * 1024 * 1024;

/** Creates a flow table that reports to `sink`. */
export function createFlowTable(sink: FlowSink, opts: DecodeOptions = {}): FlowTable {
  return new FlowTableImpl(sink, opts);
}

function isIpv6ExtensionHeader(nh: number): boolean {
  return nh === 0 || nh === 43 || nh === 60 || nh === 51 || nh === 135 || nh === 139 || nh === 140;
}

class FlowTableImpl implements FlowTable, StreamEmitter {
  readonly weirds: Weirds = new Map();
  readonly stats: FlowTableStats = { frames: 0, ipPackets: 0, nonIp: 0, undecodableLinkTypes: new Map(), flows: 0 };
  private readonly link = newLinkResult();
  private readonly ip = newIpResult();
  private readonly tcpHdr = newTcpHeader();
  private readonly udpHdr = newUdpHeader();
  private readonly conns = new ConnTable();
  /** Open flows and tombstones, in flow id order. */
  private readonly byId = new Map<number, Conn>();
  private readonly fragments: FragmentReassembler;
  private readonly devices: Set<string>;
  private readonly maxBuffered: number;
  private nextId = 1;
  /** Whether the packet that created the last flow was sent by its client. */
  private createdForward = true;
  private lastSweep = Number.NaN;
  /** Context of the stream callbacks. */
  private cur: Conn | null = null;
  private curFrame = 0;
  private curTs = 0;

  constructor(private readonly sink: FlowSink, opts: DecodeOptions) {
    this.fragments = new FragmentReassembler(this.weirds);
    this.devices = new Set();
    for (const a of opts.deviceAddresses ?? []) {
      const c = canonicalAddress(a);
      if (c) this.devices.add(c);
    }
    this.maxBuffered = opts.maxBufferedPerDirection ?? DEFAULT_MAX_BUFFERED;
  }

  push(frame: Frame): void {
    this.stats.frames++;
    const ts = frame.ts;
    if (!(ts - this.lastSweep < SWEEP_INTERVAL_SECONDS && ts >= this.lastSweep)) this.sweep(ts);
    const data = frame.data;
    const link = this.link;
    const st = decodeLink(frame.linkType, data, 0, data.length, link);
    if (link.weird) addWeird(this.weirds, link.weird);
    if (st !== LinkStatus.IP) {
      if (st === LinkStatus.NOT_IP) this.stats.nonIp++;
      else if (st === LinkStatus.UNKNOWN_LINK_TYPE) {
        const m = this.stats.undecodableLinkTypes;
        m.set(frame.linkType, (m.get(frame.linkType) ?? 0) + 1);
        addWeird(this.weirds, 'unknown_link_type');
      }
      return;
    }
    this.stats.ipPackets++;
    const ip = this.ip;
    let ist = decodeIp(data, link.offset, link.length, ip, this.weirds, link.version);
    let bytes = data;
    let missingTail = frame.origLen > data.length ? frame.origLen - data.length : 0;
    if (ist === IpStatus.FRAGMENT) {
      const p = ip.proto;
      if (p !== 6 && p !== 17 && !(ip.version === 6 && isIpv6ExtensionHeader(p))) return;
      const key = fragmentKey(data, ip.srcOff, ip.dstOff, ip.addrLen, ip.fragId, p);
      const frag = data.subarray(ip.payloadOffset, ip.payloadOffset + ip.payloadLength);
      const whole = this.fragments.add(key, ts, ip.fragOffset, ip.moreFragments, frag);
      if (!whole) return;
      bytes = whole;
      missingTail = 0;
      ip.payloadOffset = 0;
      ip.payloadLength = ip.payloadClaimed = whole.length;
      ist = IpStatus.PAYLOAD;
      if (ip.version === 6 && isIpv6ExtensionHeader(p)) {
        ist = walkIpv6Extensions(whole, 0, whole.length, whole.length, p, ip, this.weirds);
        if (ist === IpStatus.FRAGMENT) {
          addWeird(this.weirds, 'nested_ip_fragment');
          return;
        }
      }
    }
    if (ist !== IpStatus.PAYLOAD) return;
    if (ip.proto === 6) {
      if (!decodeTcp(bytes, ip.payloadOffset, ip.payloadLength, ip.payloadClaimed, this.tcpHdr, this.weirds)) return;
      const t = this.tcpHdr;
      const tail = Math.min(missingTail, t.payloadClaimed - t.payloadLength);
      this.onTcp(frame, bytes, t.payloadOffset, t.payloadLength, tail > 0 ? tail : 0);
    } else if (ip.proto === 17) {
      if (!decodeUdp(bytes, ip.payloadOffset, ip.payloadLength, this.udpHdr, this.weirds)) return;
      const u = this.udpHdr;
      this.onUdp(frame, bytes, u.payloadOffset, u.payloadLength);
    }
  }

  finish(): void {
    this.fragments.finish();
    for (const conn of this.byId.values()) {
      if (!conn.closed) this.end(conn, false);
    }
    this.byId.clear();
    this.conns.clear();
  }

  /** A TCP segment whose payload is `length` bytes at `bytes[offset]`. */
  private onTcp(frame: Frame, bytes: Uint8Array, offset: number, length: number, missingTail: number): void {
    const ip = this.ip;
    const t = this.tcpHdr;
    let conn = this.conns.find(6, frame.data, ip.srcOff, ip.dstOff, ip.addrLen, t.srcPort, t.dstPort);
    let dir = this.conns.dir;
    const synOnly = (t.flags & (TcpFlags.SYN | TcpFlags.ACK)) === TcpFlags.SYN;
    if (conn && conn.closed) {
      if (!synOnly) {
        touch(conn.flow, frame);
        if (length) addWeird(this.weirds, 'tcp_data_after_close');
        return;
      }
      this.forget(conn);
      conn = null;
    }
    const side = conn && synOnly ? (dir === 0 ? conn.up : conn.down) : null;
    if (conn && side) {
      if (side.hasBase && side.baseSeq !== t.seq) {
        this.end(conn, true);
        conn = null;
      }
    }
    if (!conn) {
      const synAck = (t.flags & (TcpFlags.SYN | TcpFlags.ACK)) === (TcpFlags.SYN | TcpFlags.ACK);
      conn = this.create(frame, 6, t.srcPort, t.dstPort, synOnly, synAck);
      dir = this.createdForward ? 0 : 1;
    }
    touch(conn.flow, frame);
    // An open TCP connection (closed ones were handled above) has both directions.
    const up = conn.up as TcpDirection;
    const down = conn.down as TcpDirection;
    this.cur = conn;
    this.curFrame = frame.index;
    this.curTs = frame.ts;
    if (t.flags & TcpFlags.ACK) (dir === 0 ? down : up).acked(t.ack);
    (dir === 0 ? up : down).segmentAt(t.seq, t.flags, bytes, offset, length, missingTail, this);
    if (t.flags & TcpFlags.RST || (up.finPos >= 0 && down.finPos >= 0)) this.close(conn, frame.ts);
  }

  /** A UDP datagram whose payload is `length` bytes at `bytes[offset]`. */
  private onUdp(frame: Frame, bytes: Uint8Array, offset: number, length: number): void {
    const ip = this.ip;
    const u = this.udpHdr;
    let conn = this.conns.find(17, frame.data, ip.srcOff, ip.dstOff, ip.addrLen, u.srcPort, u.dstPort);
    let dir: Dir = this.conns.dir;
    if (conn && frame.ts - conn.flow.lastTs > UDP_IDLE_SECONDS) {
      this.end(conn, true);
      conn = null;
    }
    if (!conn) {
      conn = this.create(frame, 17, u.srcPort, u.dstPort, false, false);
      dir = this.createdForward ? 0 : 1;
    }
    const flow = conn.flow;
    touch(flow, frame);
    if (!length) return;
    if (dir === 0) flow.bytesUp += length;
    else flow.bytesDown += length;
    this.sink.onData(flow, dir, bytes.subarray(offset, offset + length), frame.index, frame.ts);
  }

  /** A new flow for the current packet (its IP header in `this.ip`). */
  private create(frame: Frame, proto: number, srcPort: number, dstPort: number, syn: boolean, synAck: boolean): Conn {
    const ip = this.ip;
    const data = frame.data;
    const srcAddr = data.slice(ip.srcOff, ip.srcOff + ip.addrLen);
    const dstAddr = data.slice(ip.dstOff, ip.dstOff + ip.addrLen);
    const srcIp = formatAddress(srcAddr, 0, ip.addrLen);
    const dstIp = formatAddress(dstAddr, 0, ip.addrLen);
    const fwd = senderIsClient({ srcIp, dstIp, srcAddr, dstAddr, syn, synAck }, this.devices);
    this.createdForward = fwd;
    const flow: Flow = {
      id: this.nextId++,
      transport: proto === 6 ? 'tcp' : 'udp',
      client: fwd ? { ip: srcIp, port: srcPort } : { ip: dstIp, port: dstPort },
      server: fwd ? { ip: dstIp, port: dstPort } : { ip: srcIp, port: srcPort },
      firstFrame: frame.index,
      lastFrame: frame.index,
      firstTs: frame.ts,
      lastTs: frame.ts,
      bytesUp: 0,
      bytesDown: 0,
      packets: 0,
      gapBytes: [0, 0],
    };
    const conn = this.conns.insert(
      flow,
      fwd,
      proto === 6 ? { up: new TcpDirection(0, this.maxBuffered), down: new TcpDirection(1, this.maxBuffered) } : null,
      proto, data, ip.srcOff, ip.dstOff, ip.addrLen, srcPort, dstPort,
    );
    this.byId.set(flow.id, conn);
    this.stats.flows++;
    this.sink.onFlowStart(flow);
    return conn;
  }

  /** TCP close (RST, or FIN both ways): flush, end, keep a tombstone. */
  private close(conn: Conn, ts: number): void {
    this.flushTcp(conn);
    conn.up = conn.down = null;
    conn.closed = true;
    conn.closedTs = ts;
    this.sink.onFlowEnd(conn.flow);
  }

  /** Ends an open flow (flush gaps, onFlowEnd); `remove` drops it from the tables. */
  private end(conn: Conn, remove: boolean): void {
    this.flushTcp(conn);
    conn.up = conn.down = null;
    this.sink.onFlowEnd(conn.flow);
    if (remove) this.forget(conn);
  }

  private forget(conn: Conn): void {
    this.conns.remove(conn);
    this.byId.delete(conn.flow.id);
  }

  private flushTcp(conn: Conn): void {
    const { up, down } = conn;
    if (!up || !down) return;
    this.cur = conn;
    this.curFrame = conn.flow.lastFrame;
    this.curTs = conn.flow.lastTs;
    up.flush(this);
    down.flush(this);
  }

  /** Ends idle UDP flows, forgets old tombstones and expires fragments. */
  private sweep(ts: number): void {
    this.lastSweep = ts;
    for (const conn of this.byId.values()) {
      if (conn.closed) {
        if (ts - conn.closedTs > TCP_TOMBSTONE_SECONDS) this.forget(conn);
      } else if (conn.proto === 17 && ts - conn.flow.lastTs > UDP_IDLE_SECONDS) {
        this.end(conn, true);
      }
    }
    this.fragments.expire(ts);
  }

  streamData(dir: Dir, data: Uint8Array): void {
    const flow = (this.cur as Conn).flow;
    if (dir === 0) flow.bytesUp += data.length;
    else flow.bytesDown += data.length;
    this.sink.onData(flow, dir, data, this.curFrame, this.curTs);
  }

  streamGap(dir: Dir, length: number): void {
    const flow = (this.cur as Conn).flow;
    flow.gapBytes[dir] += length;
    if (dir === 0) flow.bytesUp += length;
    else flow.bytesDown += length;
    addWeird(this.weirds, 'tcp_gap');
    this.sink.onGap(flow, dir, length, this.curFrame);
  }

  streamWeird(name: string): void {
    addWeird(this.weirds, name);
  }
}

function touch(flow: Flow, frame: Frame): void {
  flow.packets++;
  flow.lastFrame = frame.index;
  flow.lastTs = frame.ts;
}
