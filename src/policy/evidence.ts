/** Evidence for one offending flow, and its text for people (JUnit messages, console). */
import type { FlowRecord } from '../analysis/types.js';
import type { CaptureFormat } from '../capture/types.js';
import type { Waiver } from '../spec/types.js';
import type { Offence } from './assertions/types.js';
import type { FlowContext } from './flow-context.js';
import { isIpv6Text, parseIp } from './ip.js';
import type { FlowEvidence } from './types.js';
import { countryLabel, printable } from './words.js';
import { displayPath } from './words.js';

/** Findings listed per flow in a message before the rest are counted. */
const MAX_FINDINGS_SHOWN = 20;

/**
 * A Wireshark display filter that shows exactly this flow:
 * `ip.addr == 10.0.2.15 && ip.addr == 202.97.1.1 && tcp.port == 51234 && tcp.port == 80`
 * (`ipv6.addr` for IPv6, `udp.port` for UDP). HAR captures have no packets,
 * so their flows get an empty filter; an address that is not an IP literal
 * is left out rather than written into the filter.
 */
export function wiresharkFilter(flow: FlowRecord, format: CaptureFormat = 'pcap'): string {
  if (format === 'har') return '';
  const v6 = isIpv6Text(flow.client.ip) || isIpv6Text(flow.server.ip);
  const field = v6 ? 'ipv6.addr' : 'ip.addr';
  const parts: string[] = [];
  for (const ip of [flow.client.ip, flow.server.ip]) {
    if (parseIp(ip) !== null) parts.push(`${field} == ${ip}`);
  }
  for (const port of [flow.client.port, flow.server.port]) {
    if (Number.isInteger(port) && port >= 0 && port <= 65535) parts.push(`${flow.transport}.port == ${port}`);
  }
  return parts.join(' && ');
}

/** The evidence of one flow's offence (the waiver is attached later, when one covers it). */
export function toEvidence(ctx: FlowContext, offence: Offence): FlowEvidence {
  const { flow, rule } = ctx;
  return {
    capture: ctx.capture,
    flow: flow.id,
    names: [...flow.names],
    server: { ...flow.server },
    client: { ...flow.client },
    country: flow.country,
    asn: flow.asn,
    as_org: flow.as_org,
    protocol: flow.protocol,
    encrypted: flow.encrypted,
    tls_version: flow.tls_version,
    first_frame: flow.first_frame,
    last_frame: flow.last_frame,
    findings: offence.findings.map((f) => ({ ...f })),
    reason: offence.reason,
    rule: rule ? { name: rule.name, loc: { ...rule.loc } } : null,
    filter: wiresharkFilter(flow, ctx.format),
  };
}

/** The same evidence, marked as covered by a waiver. */
export function withWaiver(evidence: FlowEvidence, waiver: Waiver): FlowEvidence {
  return { ...evidence, waiver: { reason: waiver.reason, ticket: waiver.ticket, expires: waiver.expires, loc: { ...waiver.loc } } };
}

/** `ip:port`, with brackets around an IPv6 address. */
export function endpoint(ep: { ip: string; port: number }): string {
  return isIpv6Text(ep.ip) ? `[${ep.ip}]:${ep.port}` : `${ep.ip}:${ep.port}`;
}

/** The flow's names, or its server address when it has none. */
export function flowLabel(e: FlowEvidence): string {
  return e.names.length > 0 ? e.names.map(printable).join(', ') : e.server.ip;
}

function encryptionText(e: FlowEvidence): string {
  const version = e.tls_version ? ` ${e.tls_version}` : '';
  if (e.encrypted === true) return `${e.protocol}${version}, encrypted`;
  if (e.encrypted === 'opaque') return `${e.protocol}, opaque (unrecognised high-entropy payload)`;
  return `${e.protocol}${version}, unencrypted`;
}

function findingLines(e: FlowEvidence): string[] {
  if (e.findings.length === 0) return ['  identifiers: none'];
  const lines = ['  identifiers:'];
  for (const f of e.findings.slice(0, MAX_FINDINGS_SHOWN)) {
    const context = f.context === undefined ? '' : ` ${JSON.stringify(f.context)}`;
    lines.push(`    ${f.identifier} (${f.category}) as ${f.form}, frame ${f.frame}, ${f.direction}, in ${f.where}${context}`);
  }
  if (e.findings.length > MAX_FINDINGS_SHOWN) lines.push(`    ... and ${e.findings.length - MAX_FINDINGS_SHOWN} more`);
  return lines;
}

/** The multi-line description of one flow's evidence, as shown in a failure message. */
export function evidenceText(e: FlowEvidence): string {
  const asn = e.asn === null ? 'unknown' : `AS${e.asn}${e.as_org ? ` ${printable(e.as_org)}` : ''}`;
  const rule = e.rule ? `${e.rule.name} (${displayPath(e.rule.loc.file)}:${e.rule.loc.line})` : 'no allow rule';
  const lines = [
    `flow ${e.flow} in ${displayPath(e.capture)}: ${flowLabel(e)}`,
    `  reason: ${e.reason}`,
    `  server: ${endpoint(e.server)} (client ${endpoint(e.client)})`,
    `  country: ${countryLabel(e.country)}`,
    `  asn: ${asn}`,
    `  protocol: ${encryptionText(e)}`,
    e.filter === '' ? `  entry: ${e.first_frame} of the HAR file (its frame number)` : `  frames: ${e.first_frame}–${e.last_frame}`,
    ...findingLines(e),
    `  rule: ${rule}`,
    `  filter: ${e.filter === '' ? 'none (a HAR capture has no packets)' : e.filter}`,
  ];
  if (e.waiver) {
    const w = e.waiver;
    lines.push(`  waived until ${w.expires} (${w.ticket ?? 'no ticket'}): ${w.reason}`);
    lines.push(`  waiver: ${displayPath(w.loc.file)}:${w.loc.line}`);
  }
  return lines.join('\n');
}
