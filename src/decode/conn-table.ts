/**
 * The table of connections by 5-tuple, looked up once per packet without
 * building a key: a symmetric 32-bit hash of the two endpoints and the
 * protocol picks a bucket (a chain of connections), and the tuple is
 * compared byte by byte against the packet's own header bytes. Both
 * directions of a connection find the same entry.
 */
import { hashEndpoint, sameAddress } from './address.js';
import type { Dir, Flow } from './types.js';
import type { TcpDirection } from './tcp-stream.js';

/** A flow's entry in the table. */
export interface Conn {
  flow: Flow;
  proto: number;
  hash: number;
  /** Next entry in the same hash bucket. */
  next: Conn | null;
  clientAddr: Uint8Array;
  clientPort: number;
  serverAddr: Uint8Array;
  serverPort: number;
  /** TCP reassembly per direction (client->server, server->client); null for UDP and once closed. */
  tcp: [TcpDirection, TcpDirection] | null;
  /** TCP: closed (FIN both ways or RST) and already ended; kept as a tombstone for late packets. */
  closed: boolean;
  closedTs: number;
}

/** Hash of a 5-tuple, the same whichever endpoint is the source. */
export function tupleHash(
  proto: number, bytes: Uint8Array, srcOff: number, dstOff: number, addrLen: number, srcPort: number, dstPort: number,
): number {
  const a = hashEndpoint(bytes, srcOff, addrLen, srcPort);
  const b = hashEndpoint(bytes, dstOff, addrLen, dstPort);
  return (Math.imul((a + b) | 0, 0x9e3779b1) ^ proto) >>> 0;
}

/** Connections by 5-tuple (hash buckets with chaining). */
export class ConnTable {
  private readonly buckets = new Map<number, Conn>();
  /** Direction of the packet given to the last successful `find`. */
  dir: Dir = 0;

  /** The connection of a packet's tuple, or null; sets `dir`. */
  find(
    hash: number, proto: number, bytes: Uint8Array, srcOff: number, dstOff: number, addrLen: number,
    srcPort: number, dstPort: number,
  ): Conn | null {
    for (let c = this.buckets.get(hash) ?? null; c; c = c.next) {
      if (c.proto !== proto || c.hash !== hash) continue;
      if (c.clientPort === srcPort && c.serverPort === dstPort &&
        sameAddress(c.clientAddr, bytes, srcOff, addrLen) && sameAddress(c.serverAddr, bytes, dstOff, addrLen)) {
        this.dir = 0;
        return c;
      }
      if (c.clientPort === dstPort && c.serverPort === srcPort &&
        sameAddress(c.clientAddr, bytes, dstOff, addrLen) && sameAddress(c.serverAddr, bytes, srcOff, addrLen)) {
        this.dir = 1;
        return c;
      }
    }
    return null;
  }

  /** Inserts a new connection (its `hash` set). */
  add(conn: Conn): void {
    conn.next = this.buckets.get(conn.hash) ?? null;
    this.buckets.set(conn.hash, conn);
  }

  /** Removes a connection from its bucket. */
  remove(conn: Conn): void {
    let c = this.buckets.get(conn.hash) ?? null;
    if (c === conn) {
      if (conn.next) this.buckets.set(conn.hash, conn.next);
      else this.buckets.delete(conn.hash);
      conn.next = null;
      return;
    }
    while (c && c.next !== conn) c = c.next;
    if (c) c.next = conn.next;
    conn.next = null;
  }

  /** Forgets every connection. */
  clear(): void {
    this.buckets.clear();
  }
}
