/**
 * The table of connections by 5-tuple, looked up once per packet without
 * building a key or allocating: the packet's addresses are read as 32-bit
 * words straight from its header bytes, a symmetric hash of the two
 * endpoints and the protocol picks a slot of an open hash table (a chain of
 * connections), and the tuple is compared word by word. Both directions of
 * a connection find the same entry.
 */
import type { Dir, Flow } from './types.js';
import type { TcpDirection } from './tcp-stream.js';

/**
 * A flow's entry in the table. Addresses are kept as big-endian 32-bit
 * words (`c0..c3` client, `s0..s3` server); an IPv4 address uses only the
 * first word, the others are 0.
 */
export class Conn {
  /** Next entry in the same hash slot. */
  next: Conn | null = null;
  /** TCP reassembly per direction (client->server, server->client); null for UDP and once closed. */
  tcp: [TcpDirection, TcpDirection] | null;
  /** TCP: closed (FIN both ways or RST) and already ended; kept as a tombstone for late packets. */
  closed = false;
  closedTs = 0;

  constructor(
    readonly flow: Flow,
    readonly proto: number,
    readonly hash: number,
    /** 4 or 16. */
    readonly addrLen: number,
    readonly c0: number, readonly c1: number, readonly c2: number, readonly c3: number,
    readonly clientPort: number,
    readonly s0: number, readonly s1: number, readonly s2: number, readonly s3: number,
    readonly serverPort: number,
    tcp: [TcpDirection, TcpDirection] | null,
  ) {
    this.tcp = tcp;
  }
}

/** Big-endian 32-bit word at `b[o]`, as a signed int (stays a small integer). */
function word(b: Uint8Array, o: number): number {
  return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
}

/** The 4 address words of the address at `b[off]` (IPv4: one word, then zeros). */
function addressWords(b: Uint8Array, off: number, addrLen: number): [number, number, number, number] {
  return addrLen === 16 ? [word(b, off), word(b, off + 4), word(b, off + 8), word(b, off + 12)] : [word(b, off), 0, 0, 0];
}

/** A 32-bit finaliser (murmur3 fmix32). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Hash of one endpoint: address words (IPv4: `w0` only) and port. */
function endpointHash(addrLen: number, w0: number, w1: number, w2: number, w3: number, port: number): number {
  const p = Math.imul(port + 1, 0x9e3779b1);
  return addrLen === 4 ? mix(w0 ^ p) : mix(w0 ^ mix(w1 ^ mix(w2 ^ mix(w3 ^ p))));
}

/** Hash of a 5-tuple from its address words, the same whichever endpoint is the source. */
export function tupleHash(
  proto: number, addrLen: number,
  a0: number, a1: number, a2: number, a3: number, aPort: number,
  b0: number, b1: number, b2: number, b3: number, bPort: number,
): number {
  return mix((endpointHash(addrLen, a0, a1, a2, a3, aPort) + endpointHash(addrLen, b0, b1, b2, b3, bPort)) ^ proto) | 0;
}

const INITIAL_SLOTS = 1024;

/** Connections by 5-tuple (an open hash table with chaining, grown by doubling). */
export class ConnTable {
  private slots: Array<Conn | null> = new Array<Conn | null>(INITIAL_SLOTS).fill(null);
  private mask = INITIAL_SLOTS - 1;
  private count = 0;
  /** Direction of the packet given to the last successful `find`. */
  dir: Dir = 0;

  /**
   * The connection of a packet's tuple (addresses at `bytes[srcOff]` and
   * `bytes[dstOff]`, `addrLen` bytes each), or null; sets `dir`.
   */
  find(
    proto: number, bytes: Uint8Array, srcOff: number, dstOff: number, addrLen: number,
    srcPort: number, dstPort: number,
  ): Conn | null {
    const a0 = word(bytes, srcOff);
    const b0 = word(bytes, dstOff);
    let a1 = 0, a2 = 0, a3 = 0, b1 = 0, b2 = 0, b3 = 0;
    if (addrLen === 16) {
      a1 = word(bytes, srcOff + 4);
      a2 = word(bytes, srcOff + 8);
      a3 = word(bytes, srcOff + 12);
      b1 = word(bytes, dstOff + 4);
      b2 = word(bytes, dstOff + 8);
      b3 = word(bytes, dstOff + 12);
    }
    const hash = tupleHash(proto, addrLen, a0, a1, a2, a3, srcPort, b0, b1, b2, b3, dstPort);
    for (let c = this.slots[hash & this.mask]; c !== null; c = c.next) {
      if (c.hash !== hash || c.proto !== proto || c.addrLen !== addrLen) continue;
      if (c.clientPort === srcPort && c.serverPort === dstPort &&
        c.c0 === a0 && c.s0 === b0 && c.c1 === a1 && c.c2 === a2 && c.c3 === a3 && c.s1 === b1 && c.s2 === b2 && c.s3 === b3) {
        this.dir = 0;
        return c;
      }
      if (c.clientPort === dstPort && c.serverPort === srcPort &&
        c.c0 === b0 && c.s0 === a0 && c.c1 === b1 && c.c2 === b2 && c.c3 === b3 && c.s1 === a1 && c.s2 === a2 && c.s3 === a3) {
        this.dir = 1;
        return c;
      }
    }
    return null;
  }

  /**
   * A new connection (not yet in the table) for a packet's tuple, given as
   * to `find`: `senderIsClient` says whether the packet's source is the client.
   */
  newConn(
    flow: Flow, senderIsClient: boolean, tcp: [TcpDirection, TcpDirection] | null,
    proto: number, bytes: Uint8Array, srcOff: number, dstOff: number, addrLen: number, srcPort: number, dstPort: number,
  ): Conn {
    const a = addressWords(bytes, srcOff, addrLen);
    const b = addressWords(bytes, dstOff, addrLen);
    const hash = tupleHash(proto, addrLen, a[0], a[1], a[2], a[3], srcPort, b[0], b[1], b[2], b[3], dstPort);
    const [c, cPort, s, sPort] = senderIsClient ? [a, srcPort, b, dstPort] : [b, dstPort, a, srcPort];
    return new Conn(flow, proto, hash, addrLen, c[0], c[1], c[2], c[3], cPort, s[0], s[1], s[2], s[3], sPort, tcp);
  }

  /** Inserts a connection. */
  add(conn: Conn): void {
    if (this.count >= this.slots.length - (this.slots.length >> 2)) this.grow();
    const i = conn.hash & this.mask;
    conn.next = this.slots[i];
    this.slots[i] = conn;
    this.count++;
  }

  /** Removes a connection from its slot (no-op when absent). */
  remove(conn: Conn): void {
    const i = conn.hash & this.mask;
    let c = this.slots[i];
    if (c === conn) {
      this.slots[i] = conn.next;
      conn.next = null;
      this.count--;
      return;
    }
    while (c !== null && c.next !== conn) c = c.next;
    if (c !== null) {
      c.next = conn.next;
      this.count--;
    }
    conn.next = null;
  }

  /** Forgets every connection. */
  clear(): void {
    this.slots = new Array<Conn | null>(INITIAL_SLOTS).fill(null);
    this.mask = INITIAL_SLOTS - 1;
    this.count = 0;
  }

  private grow(): void {
    const old = this.slots;
    const size = old.length * 2;
    this.slots = new Array<Conn | null>(size).fill(null);
    this.mask = size - 1;
    for (let c of old) {
      while (c !== null) {
        const next = c.next;
        const i = c.hash & this.mask;
        c.next = this.slots[i];
        this.slots[i] = c;
        c = next;
      }
    }
  }
}
