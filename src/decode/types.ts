/** Decode stage: frames -> packets -> flows with ordered stream chunks. */

export type Transport = 'tcp' | 'udp';
/** 0: client -> server ("up"), 1: server -> client ("down"). */
export type Dir = 0 | 1;

export interface Endpoint {
  ip: string;
  port: number;
}

/**
 * Counters of malformed or odd traffic, by stable snake_case name
 * (`truncated_tcp_header`, `tcp_gap`, `unknown_link_type`...). Malformed
 * traffic is data, not an exception.
 */
export type Weirds = Map<string, number>;

export function addWeird(weirds: Weirds, name: string, n = 1): void {
  weirds.set(name, (weirds.get(name) ?? 0) + n);
}

/** A flow: one TCP connection or one UDP conversation (120 s idle splits). */
export interface Flow {
  /** 1-based, in order of first packet. */
  id: number;
  transport: Transport;
  client: Endpoint;
  server: Endpoint;
  firstFrame: number;
  lastFrame: number;
  firstTs: number;
  lastTs: number;
  /** Transport payload bytes client->server and server->client. */
  bytesUp: number;
  bytesDown: number;
  packets: number;
  /** Bytes missing from the reassembled TCP stream (gaps), per direction. */
  gapBytes: [number, number];
  /** Free slot for the analysis stage to hang its per-flow state on. */
  state?: unknown;
}

/** Callbacks of the flow table, in capture order. */
export interface FlowSink {
  onFlowStart(flow: Flow): void;
  /** In-order TCP payload bytes (after reassembly), or one UDP datagram. `data` is a view: copy to keep. */
  onData(flow: Flow, dir: Dir, data: Uint8Array, frame: number, ts: number): void;
  /** TCP only: `length` bytes are missing before the next onData of this direction. */
  onGap(flow: Flow, dir: Dir, length: number, frame: number): void;
  /** The flow ended (FIN/RST both ways, idle split, or end of capture). */
  onFlowEnd(flow: Flow): void;
}

export interface DecodeOptions {
  /** The device's own addresses: always the client side when present. */
  deviceAddresses?: string[];
  /** Max bytes buffered out of order per TCP direction (default 4 MiB). */
  maxBufferedPerDirection?: number;
}
