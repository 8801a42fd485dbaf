/** Drives one analyzer over scripted input and records what it emits. */
import type { Dir, Transport } from '../../src/decode/types.js';
import type { AnalyzerFactory, ProtocolAnalyzer, ProtocolEvent } from '../../src/protocols/types.js';

export type Step = { dir: Dir; data: Uint8Array; frame?: number } | { dir: Dir; gap: number; frame?: number } | { end: true };

export interface Run {
  analyzer: ProtocolAnalyzer;
  events: ProtocolEvent[];
  weirds: string[];
}

export interface Ports {
  transport?: Transport;
  clientPort?: number;
  serverPort?: number;
}

/** Feeds `steps` to a new analyzer of `factory`; each data step's bytes are copied into a fresh buffer that is then scribbled over, so analyzers that keep views fail. */
export function drive(factory: AnalyzerFactory, steps: Step[], ports: Ports = {}): Run {
  const events: ProtocolEvent[] = [];
  const weirds: string[] = [];
  const analyzer = factory.create({
    transport: ports.transport ?? factory.transports[0],
    clientPort: ports.clientPort ?? 50000,
    serverPort: ports.serverPort ?? factory.ports[0] ?? 9999,
    emit: (e) => events.push(e),
    weird: (w) => weirds.push(w),
  });
  let frame = 1;
  for (const s of steps) {
    if ('end' in s) analyzer.onEnd?.();
    else if ('gap' in s) analyzer.onGap?.(s.dir, s.gap, s.frame ?? frame++);
    else {
      const copy = Uint8Array.from(s.data);
      analyzer.onData(s.dir, copy, s.frame ?? frame++);
      copy.fill(0xee);
    }
  }
  return { analyzer, events, weirds };
}

/** Data steps in one direction, all with frame `frame`. */
export function pieces(dir: Dir, parts: Uint8Array[], frame = 1): Step[] {
  return parts.map((data) => ({ dir, data, frame }));
}

/** `b` cut in two at `at`. */
export function splitAt(b: Uint8Array, at: number): Uint8Array[] {
  return [b.subarray(0, at), b.subarray(at)];
}

/** ASCII bytes. */
export function ascii(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
