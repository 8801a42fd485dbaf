/** Test harness for the decode stage: a sink that records every callback, and a runner over records. */
import type { Frame } from '../../src/capture/types.js';
import { createFlowTable, type FlowTable } from '../../src/decode/flow-table.js';
import type { DecodeOptions, Dir, Flow, FlowSink } from '../../src/decode/types.js';
import { frame, TCP, type Record_ } from '../support/packets.js';

export interface DataEvent {
  flow: number;
  dir: Dir;
  bytes: Uint8Array;
  frame: number;
  ts: number;
}

export interface GapEvent {
  flow: number;
  dir: Dir;
  length: number;
  frame: number;
}

/** Records every sink callback (data copied) and checks the call order. */
export class RecordingSink implements FlowSink {
  readonly flows: Flow[] = [];
  readonly ended: number[] = [];
  readonly data: DataEvent[] = [];
  readonly gaps: GapEvent[] = [];
  /** 'start:1', 'data:1:0', 'gap:1:1', 'end:1' in call order. */
  readonly log: string[] = [];

  onFlowStart(flow: Flow): void {
    if (this.flows.includes(flow)) throw new Error(`flow ${flow.id} started twice`);
    this.flows.push(flow);
    this.log.push(`start:${flow.id}`);
  }
  onData(flow: Flow, dir: Dir, data: Uint8Array, frame: number, ts: number): void {
    this.check(flow);
    this.data.push({ flow: flow.id, dir, bytes: data.slice(), frame, ts });
    this.log.push(`data:${flow.id}:${dir}`);
  }
  onGap(flow: Flow, dir: Dir, length: number, frame: number): void {
    this.check(flow);
    this.gaps.push({ flow: flow.id, dir, length, frame });
    this.log.push(`gap:${flow.id}:${dir}`);
  }
  onFlowEnd(flow: Flow): void {
    this.check(flow);
    this.ended.push(flow.id);
    this.log.push(`end:${flow.id}`);
  }
  private check(flow: Flow): void {
    if (!this.flows.includes(flow)) throw new Error(`callback for unknown flow ${flow.id}`);
    if (this.ended.includes(flow.id)) throw new Error(`callback for ended flow ${flow.id}`);
  }

  /** Concatenated stream bytes of one flow direction. */
  stream(flowId: number, dir: Dir): Uint8Array {
    const parts = this.data.filter((d) => d.flow === flowId && d.dir === dir).map((d) => d.bytes);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  text(flowId: number, dir: Dir): string {
    return new TextDecoder().decode(this.stream(flowId, dir));
  }
}

/** A Frame as the capture stage yields it. */
export function toFrame(index: number, r: Record_, linkType = 1): Frame {
  return { index, ts: r.ts, linkType, data: r.data, origLen: r.origLen ?? r.data.length };
}

/** Pushes records (frames numbered from 1) through a new flow table, then finishes it. */
export function run(records: Record_[], opts: DecodeOptions = {}, linkType = 1): { sink: RecordingSink; table: FlowTable } {
  const sink = new RecordingSink();
  const table = createFlowTable(sink, opts);
  records.forEach((r, i) => table.push(toFrame(i + 1, r, linkType)));
  table.finish();
  return { sink, table };
}

export const C = { ip: '192.168.1.10', port: 40000 };
export const S = { ip: '93.184.216.34', port: 80 };

/** One TCP segment record between two endpoints. */
export function seg(
  ts: number, from: { ip: string; port: number }, to: { ip: string; port: number },
  seq: number, flags: number, payload?: string | Uint8Array, ack = 0,
): Record_ {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return {
    ts,
    data: frame({ ts, src: from.ip, dst: to.ip, proto: 'tcp', srcPort: from.port, dstPort: to.port, seq, ack, flags, payload: bytes }),
  };
}

export { TCP };
