/**
 * DNS analyzer: DNS over UDP (one message per datagram) and over TCP (each
 * message behind a 2-byte length, split across segments as it comes), on
 * ports 53, 5353 (mDNS) and 5355 (LLMNR). Emits one `dns` event per message.
 */
import type { Dir } from '../decode/types.js';
import { StreamBuffer, u16 } from './bytes.js';
import { decodeDnsMessage, plausibleDnsHeader } from './dns-message.js';
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

/** DNS, mDNS and LLMNR ports. */
export const DNS_PORTS = [53, 5353, 5355];

class DnsAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'dns' as const;
  private readonly streams: [StreamBuffer | null, StreamBuffer | null] = [null, null];
  private readonly lost: [boolean, boolean] = [false, false];

  constructor(private readonly ctx: AnalyzerContext) {}

  onData(dir: Dir, data: Uint8Array, frame: number): void {
    if (this.ctx.transport === 'udp') {
      this.message(data, frame);
      return;
    }
    if (this.lost[dir]) return;
    const s = (this.streams[dir] ??= new StreamBuffer(512));
    s.append(data);
    for (;;) {
      const v = s.view();
      if (v.length < 2) return;
      const len = u16(v, 0);
      if (v.length < 2 + len) return;
      this.message(v.subarray(2, 2 + len), frame);
      s.consume(2 + len);
    }
  }

  onGap(dir: Dir, length: number, frame: number): void {
    if (this.lost[dir]) return;
    this.lost[dir] = true;
    this.streams[dir]?.clear();
    this.ctx.weird('dns_tcp_gap');
    this.ctx.emit({ type: 'uninspected', frame, reason: `DNS over TCP cut by a TCP gap of ${length} bytes: rest of the stream not decoded` });
  }

  onEnd(): void {
    for (const s of this.streams) if (s && s.length > 0) this.ctx.weird('dns_truncated');
  }

  encryption(): { encrypted: boolean; version: null } {
    return { encrypted: false, version: null };
  }

  private message(b: Uint8Array, frame: number): void {
    const m = decodeDnsMessage(b);
    for (const w of m.weirds) this.ctx.weird(w);
    if (!m.questionOk && m.name === '') {
      if (m.weirds.length === 0) this.ctx.weird('dns_truncated');
      return;
    }
    this.ctx.emit({ type: 'dns', frame, name: m.name, qtype: m.qtype, response: m.response, answers: m.answers });
  }
}

/** DNS/mDNS/LLMNR over UDP or TCP: strict header checks, and only on those ports. */
export const dnsFactory: AnalyzerFactory = {
  protocol: 'dns',
  transports: ['udp', 'tcp'],
  ports: DNS_PORTS,
  sniff(data, _dir, ctx) {
    if (!DNS_PORTS.includes(ctx.serverPort) && !DNS_PORTS.includes(ctx.clientPort)) return false;
    if (ctx.transport === 'udp') return plausibleDnsHeader(data, 0, data.length);
    if (data.length < 14) return false;
    const len = u16(data, 0);
    return len >= 12 && plausibleDnsHeader(data, 2, len);
  },
  create: (ctx) => new DnsAnalyzer(ctx),
};
