/** Runs the protocol analyzers over a capture file (capture -> decode -> protocols) and records what they emit. */
import { openCapture } from '../../src/capture/index.js';
import { createFlowTable } from '../../src/decode/index.js';
import type { Flow } from '../../src/decode/types.js';
import { selectAnalyzer } from '../../src/protocols/registry.js';
import type { Protocol, ProtocolAnalyzer, ProtocolEvent } from '../../src/protocols/types.js';

export interface FlowEvents {
  id: number;
  protocol: Protocol;
  serverPort: number;
  events: ProtocolEvent[];
}

export interface CaptureEvents {
  flows: FlowEvents[];
  /** Weirds from the analyzers only (not from decoding). */
  weirds: Map<string, number>;
}

/** Every flow of `file` with the events its analyzer emitted, in flow order. */
export function captureEvents(file: string): CaptureEvents {
  const weirds = new Map<string, number>();
  const flows: FlowEvents[] = [];
  const state = new Map<Flow, { fe: FlowEvents; analyzer: ProtocolAnalyzer | null }>();
  const table = createFlowTable({
    onFlowStart(flow) {
      const fe: FlowEvents = { id: flow.id, protocol: flow.transport, serverPort: flow.server.port, events: [] };
      flows.push(fe);
      state.set(flow, { fe, analyzer: null });
    },
    onData(flow, dir, data, frame) {
      const st = state.get(flow)!;
      if (data.length === 0) return;
      if (!st.analyzer) {
        const ctx = { transport: flow.transport, clientPort: flow.client.port, serverPort: flow.server.port };
        const factory = selectAnalyzer(data, dir, ctx);
        st.fe.protocol = factory.protocol;
        st.analyzer = factory.create({
          ...ctx,
          emit: (e) => st.fe.events.push(e),
          weird: (w) => weirds.set(w, (weirds.get(w) ?? 0) + 1),
        });
      }
      st.analyzer.onData(dir, data, frame);
    },
    onGap(flow, dir, length, frame) {
      state.get(flow)!.analyzer?.onGap?.(dir, length, frame);
    },
    onFlowEnd(flow) {
      state.get(flow)!.analyzer?.onEnd?.();
    },
  });
  const src = openCapture(file);
  for (let f = src.next(); f; f = src.next()) table.push(f);
  table.finish();
  return { flows, weirds };
}
