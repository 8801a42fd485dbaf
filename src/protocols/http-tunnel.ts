/**
 * The bytes of an HTTP CONNECT tunnel, after the proxy's 2xx answer. The
 * first payload (either direction) picks a nested analyzer by content from
 * TUNNEL_ANALYZERS (TLS, the common case); its events go to the flow, so a
 * tunnelled ClientHello is reported with its SNI. Content that no nested
 * analyzer recognises is left alone. The HTTP analyzer still marks the flow
 * uninspected and keeps it an HTTP flow (docs/decisions.md).
 */
import type { Dir } from '../decode/types.js';
import { tlsFactory } from './tls.js';
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

/** Analyzers tried, in order, on the first tunnelled payload. */
export const TUNNEL_ANALYZERS: readonly AnalyzerFactory[] = [tlsFactory];

/** A CONNECT tunnel: forwards its bytes to the nested analyzer, once chosen. */
export class HttpTunnel {
  private inner: ProtocolAnalyzer | null = null;
  private chosen = false;

  constructor(private readonly ctx: AnalyzerContext) {}

  /** Tunnelled bytes in `dir`; the first call chooses the nested analyzer. */
  onData(dir: Dir, data: Uint8Array, frame: number): void {
    if (!this.chosen) {
      if (data.length === 0) return;
      this.chosen = true;
      const factory = TUNNEL_ANALYZERS.find((f) => f.transports.includes('tcp') && f.sniff(data, dir, this.ctx));
      this.inner = factory ? factory.create(this.ctx) : null;
    }
    this.inner?.onData(dir, data, frame);
  }

  /** Bytes missing in `dir` inside the tunnel. */
  onGap(dir: Dir, length: number, frame: number): void {
    this.inner?.onGap?.(dir, length, frame);
  }

  /** The end of the flow. */
  onEnd(): void {
    this.inner?.onEnd?.();
  }
}
