/**
 * The analyzer registry. `selectAnalyzer` asks every analyzer that allows
 * the flow's transport to sniff the first payload; when several say yes, the
 * one whose well-known ports include the flow's server (then client) port
 * wins, else the first in ANALYZERS order. Port hints never pick an analyzer
 * whose sniff() said no; analyzers that need a port (DNS, NTP, DHCP) check
 * it in their own sniff(). Nothing matching: the tcp/udp fallback.
 * Adding an analyzer is one file and one line in ANALYZERS.
 */
import type { Dir, Transport } from '../decode/types.js';
import { dhcpFactory } from './dhcp.js';
import { dnsFactory } from './dns.js';
import { dtlsFactory } from './dtls.js';
import { tcpFallbackFactory, udpFallbackFactory } from './fallback.js';
import { httpFactory } from './http.js';
import { mqttFactory } from './mqtt.js';
import { ntpFactory } from './ntp.js';
import { quicFactory } from './quic.js';
import { sshFactory } from './ssh.js';
import { tlsFactory } from './tls.js';
import type { AnalyzerFactory } from './types.js';

/** Analyzers in order of preference when several recognise a payload on no well-known port. */
export const ANALYZERS: AnalyzerFactory[] = [
  tlsFactory,
  dtlsFactory,
  quicFactory,
  sshFactory,
  httpFactory,
  dnsFactory,
  mqttFactory,
  dhcpFactory,
  ntpFactory,
];

/** The fallback factory for a transport ("tcp" or "udp" protocol). */
export function fallbackFor(transport: Transport): AnalyzerFactory {
  return transport === 'tcp' ? tcpFallbackFactory : udpFallbackFactory;
}

/** The analyzer for a flow, from its first payload (either direction) and ports. */
export function selectAnalyzer(
  data: Uint8Array,
  dir: Dir,
  ctx: { transport: Transport; clientPort: number; serverPort: number },
  analyzers: AnalyzerFactory[] = ANALYZERS,
): AnalyzerFactory {
  const yes: AnalyzerFactory[] = [];
  for (const f of analyzers) {
    if (!f.transports.includes(ctx.transport)) continue;
    if (f.sniff(data, dir, ctx)) yes.push(f);
  }
  if (yes.length === 0) return fallbackFor(ctx.transport);
  return (
    yes.find((f) => f.ports.includes(ctx.serverPort)) ?? yes.find((f) => f.ports.includes(ctx.clientPort)) ?? yes[0]
  );
}
