/**
 * The table of connections by 5-tuple, looked up once per packet without
 * building a key or allocating: the packet's addresses are read as 32-bit
 * words straight from its header bytes, a symmetric hash of the two
 * endpoints and the protocol picks a slot of an open hash table, and the
 * tuple is compared word by word. Both directions of a connection find the
 * same entry.
 *
 * The tuples live in one Int32Array (a row of `ROW` words per connection)
 * and the chains in Int32Arrays of row numbers, so a lookup reads a few
 * adjacent integers instead of walking objects.
 */
import type { Dir, Flow } from './types.js';
import type { TcpDirection } from './tcp-stream.js';

/** A flow's entry in the table. */
export class Conn {
  /** TCP reassembly client->server; null for UDP and once closed. */
  up: TcpDirection | null;
  /** TCP reassembly server->client; null for UDP and once closed. */
  down: TcpDirection | null;
  /** TCP: closed (FIN both ways or RST) and already ended; kept as a tombstone for late packets. */
  closed = false;
  closedTs = 0;
  /** Row of the tuple in the table; -1 once removed. */
  row: number;

  constructor(readonly flow: Flow, readonly proto: number, row: number, up: TcpDirection | null, down: TcpDirection | null) {
    this.row = row;
    this.up = up;
    this.down = down;
  }
}

/*
 * A row: the hash, the kind (protocol | address length << 8), the client
 * address words c0..c3, the server's s0..s3 (IPv4: only the first word, the
 * others 0), the client port, the server port.
 */
const ROW = 12;
const HASH = 0;
const KIND = 1;
const C0 = 2;
const S0 = 6;
const CPORT = 10;
const SPORT = 11;

const INITIAL_SLOTS = 1024;
const INITIAL_ROWS = 256;

/** A 32-bit finaliser (murmur3 fmix32). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Big-endian 32-bit word at `b[o]`, as a signed int. */
function word(b: Uint8Array, o: number): number {
  return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
}

/** Hash of an IPv6 endpoint from the 16 address bytes at `b[o]` and a port. */
function endpointHash6(b: Uint8Array, o: number, port: number): number {
  const p = Math.imul(port + 1, 0x9e3779b1);
  return mix(word(b, o) ^ mix(word(b, o + 4) ^ mix(word(b, o + 8) ^ mix(word(b, o + 12) ^ p))));
}

/**
 * Hash of a 5-tuple, the same whichever endpoint is the source: the
 * endpoints' hashes are added, so their order does not matter.
 */
export function tupleHash(
  proto: number, bytes: Uint8Array, srcOff: number, dstOff: number, addrLen: number, srcPort: number, dstPort: number,
): number {
  let sum: number;
  if (addrLen === 4) {
    const a = mix(word(bytes, srcOff) ^ Math.imul(srcPort + 1, 0x9e3779b1));
    const b = mix(word(bytes, dstOff) ^ Math.imul(dstPort + 1, 0x9e3779b1));
    sum = (a + b) | 0;
  } else {
    sum = (endpointHash6(bytes, srcOff, srcPort) + endpointHash6(bytes, dstOff, dstPort)) | 0;
  }
  return mix(sum ^ proto) | 0;
}

/** Connections by 5-tuple: an open hash table with chaining, grown by doubling. */
export class ConnTable {
  /** Tuples, `ROW` words per row. */
  private rows = new Int32Array(INITIAL_ROWS * ROW);
  /** Per row: the next row of its chain plus 1 (0: end of chain). */
  private nexts = new Int32Array(INITIAL_ROWS);
  /** Per row: its connection (null: a free row). */
  private conns: Array<Conn | null> = [];
  /** Rows freed by `remove`, to be used again. */
  private free: number[] = [];
  /** Per hash slot: the first row of its chain plus 1 (0: empty). */
  private heads = new Int32Array(INITIAL_SLOTS);
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
    const hash = tupleHash(proto, bytes, srcOff, dstOff, addrLen, srcPort, dstPort);
    const kind = proto | (addrLen << 8);
    const a0 = word(bytes, srcOff);
    const b0 = word(bytes, dstOff);
    const rows = this.rows;
    for (let r = this.heads[hash & this.mask] - 1; r >= 0; r = this.nexts[r] - 1) {
      const k = r * ROW;
      if (rows[k + HASH] !== hash || rows[k + KIND] !== kind) continue;
      if (rows[k + CPORT] === srcPort && rows[k + SPORT] === dstPort && rows[k + C0] === a0 && rows[k + S0] === b0 &&
        (addrLen === 4 || (sameTail(rows, k + C0, bytes, srcOff) && sameTail(rows, k + S0, bytes, dstOff)))) {
        this.dir = 0;
        return this.conns[r];
      }
      if (rows[k + CPORT] === dstPort && rows[k + SPORT] === srcPort && rows[k + C0] === b0 && rows[k + S0] === a0 &&
        (addrLen === 4 || (sameTail(rows, k + C0, bytes, dstOff) && sameTail(rows, k + S0, bytes, srcOff)))) {
        this.dir = 1;
        return this.conns[r];
      }
    }
    return null;
  }

  /**
   * Adds a connection for a packet's tuple, given as to `find` (which found
   * nothing): `senderIsClient` says whether the packet's source is the client.
   */
  insert(
    flow: Flow, senderIsClient: boolean, tcp: { up: TcpDirection; down: TcpDirection } | null,
    proto: number, bytes: Uint8Array, srcOff: number, dstOff: number, addrLen: number, srcPort: number, dstPort: number,
  ): Conn {
    if (this.count >= this.heads.length - (this.heads.length >> 2)) this.growSlots();
    const row = this.free.length ? (this.free.pop() as number) : this.newRow();
    const conn = new Conn(flow, proto, row, tcp ? tcp.up : null, tcp ? tcp.down : null);
    this.conns[row] = conn;
    const k = row * ROW;
    const rows = this.rows;
    const hash = tupleHash(proto, bytes, srcOff, dstOff, addrLen, srcPort, dstPort);
    rows[k + HASH] = hash;
    rows[k + KIND] = proto | (addrLen << 8);
    const cOff = senderIsClient ? srcOff : dstOff;
    const sOff = senderIsClient ? dstOff : srcOff;
    for (let w = 0; w < 4; w++) {
      rows[k + C0 + w] = w * 4 < addrLen ? word(bytes, cOff + w * 4) : 0;
      rows[k + S0 + w] = w * 4 < addrLen ? word(bytes, sOff + w * 4) : 0;
    }
    rows[k + CPORT] = senderIsClient ? srcPort : dstPort;
    rows[k + SPORT] = senderIsClient ? dstPort : srcPort;
    const slot = hash & this.mask;
    this.nexts[row] = this.heads[slot];
    this.heads[slot] = row + 1;
    this.count++;
    return conn;
  }

  /** Removes a connection (no-op when it is not in the table). */
  remove(conn: Conn): void {
    const row = conn.row;
    if (row < 0 || this.conns[row] !== conn) return;
    const slot = this.rows[row * ROW + HASH] & this.mask;
    if (this.heads[slot] === row + 1) {
      this.heads[slot] = this.nexts[row];
    } else {
      let r = this.heads[slot] - 1;
      while (r >= 0 && this.nexts[r] !== row + 1) r = this.nexts[r] - 1;
      if (r >= 0) this.nexts[r] = this.nexts[row];
    }
    this.nexts[row] = 0;
    this.conns[row] = null;
    this.free.push(row);
    conn.row = -1;
    this.count--;
  }

  /** Forgets every connection. */
  clear(): void {
    for (const c of this.conns) if (c) c.row = -1;
    this.rows = new Int32Array(INITIAL_ROWS * ROW);
    this.nexts = new Int32Array(INITIAL_ROWS);
    this.conns = [];
    this.free = [];
    this.heads = new Int32Array(INITIAL_SLOTS);
    this.mask = INITIAL_SLOTS - 1;
    this.count = 0;
  }

  /** A row never used yet (the arrays grow by doubling). */
  private newRow(): number {
    const row = this.conns.length;
    if (row >= this.nexts.length) {
      const rows = new Int32Array(this.rows.length * 2);
      rows.set(this.rows);
      this.rows = rows;
      const nexts = new Int32Array(this.nexts.length * 2);
      nexts.set(this.nexts);
      this.nexts = nexts;
    }
    this.conns.push(null);
    return row;
  }

  /** Doubles the hash slots and relinks every row. */
  private growSlots(): void {
    const size = this.heads.length * 2;
    this.heads = new Int32Array(size);
    this.mask = size - 1;
    for (let r = 0; r < this.conns.length; r++) {
      if (this.conns[r] === null) continue;
      const slot = this.rows[r * ROW + HASH] & this.mask;
      this.nexts[r] = this.heads[slot];
      this.heads[slot] = r + 1;
    }
  }
}

/** Whether address words 1..3 at `rows[k]` match the IPv6 address bytes at `b[o]`. */
function sameTail(rows: Int32Array, k: number, b: Uint8Array, o: number): boolean {
  return rows[k + 1] === word(b, o + 4) && rows[k + 2] === word(b, o + 8) && rows[k + 3] === word(b, o + 12);
}
