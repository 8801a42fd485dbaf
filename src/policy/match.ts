/**
 * Matching flows against allow-rule and waiver `to` entries, and finding the
 * allow rule of a flow (SPEC-FORMAT.md, "Allow rules").
 */
import type { FlowRecord } from '../analysis/types.js';
import type { AllowRule } from '../spec/types.js';
import { type Cidr, type IpBytes, inCidr, parseCidr, parseIp, sameIp } from './ip.js';

/** A `to` entry, parsed once. */
export type Target =
  | { kind: 'host'; name: string }
  | { kind: 'wildcard'; suffix: string }
  | { kind: 'ip'; ip: IpBytes }
  | { kind: 'cidr'; cidr: Cidr }
  | { kind: 'asn'; asn: number }
  | { kind: 'invalid' };

/** Lower case, without a trailing dot: the form names are compared in. */
export function normaliseHost(name: string): string {
  const s = name.trim().toLowerCase();
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

const cache = new Map<string, Target>();

/** Parses a `to` entry: `AS4134`, a CIDR, an IP, `*.example.com` or a host name. */
export function parseTarget(entry: string): Target {
  const hit = cache.get(entry);
  if (hit) return hit;
  const target = parseTargetUncached(entry.trim());
  if (cache.size < 10_000) cache.set(entry, target);
  return target;
}

function parseTargetUncached(entry: string): Target {
  if (entry === '') return { kind: 'invalid' };
  const asn = /^as(\d{1,10})$/i.exec(entry);
  if (asn) return { kind: 'asn', asn: Number(asn[1]) };
  if (entry.includes('/')) {
    const cidr = parseCidr(entry);
    return cidr ? { kind: 'cidr', cidr } : { kind: 'invalid' };
  }
  const ip = parseIp(entry);
  if (ip) return { kind: 'ip', ip };
  const name = normaliseHost(entry);
  if (name.startsWith('*.')) {
    const suffix = name.slice(1);
    return suffix.length > 1 && !suffix.includes('*') ? { kind: 'wildcard', suffix } : { kind: 'invalid' };
  }
  return name === '' || name.includes('*') ? { kind: 'invalid' } : { kind: 'host', name };
}

function nameMatches(target: Target, name: string): boolean {
  if (target.kind === 'host') return name === target.name;
  if (target.kind === 'wildcard') return name.length > target.suffix.length && name.endsWith(target.suffix);
  return false;
}

function addressMatches(target: Target, ip: IpBytes): boolean {
  if (target.kind === 'ip') return sameIp(ip, target.ip);
  if (target.kind === 'cidr') return inCidr(ip, target.cidr);
  return false;
}

/**
 * Whether a flow matches one `to` entry: a host name (exact, case-insensitive,
 * trailing dot ignored) or wildcard (`*.example.com`: every subdomain at any
 * depth, not the apex) against the flow's `names`; an IP or CIDR (v4 or v6)
 * against the server address (and names that are address literals, as an
 * HTTP Host may be); an ASN (`AS4134`) against the flow's ASN. An entry that
 * is none of these matches nothing.
 */
export function matchesTarget(entry: string, flow: FlowRecord): boolean {
  const target = parseTarget(entry);
  switch (target.kind) {
    case 'invalid':
      return false;
    case 'asn':
      return flow.asn !== null && flow.asn === target.asn;
    case 'host':
    case 'wildcard':
      return flow.names.some((n) => nameMatches(target, normaliseHost(n)));
    case 'ip':
    case 'cidr': {
      const server = parseIp(flow.server.ip);
      if (server && addressMatches(target, server)) return true;
      return flow.names.some((n) => {
        const literal = parseIp(n);
        return literal !== null && addressMatches(target, literal);
      });
    }
  }
}

/** Whether a flow matches any entry of a `to` list. */
export function matchesAny(entries: readonly string[], flow: FlowRecord): boolean {
  return entries.some((e) => matchesTarget(e, flow));
}

/**
 * Whether a rule's `protocols` admit the flow: `any`, or a list holding the
 * flow's protocol. A flow that carried no application data has no protocol
 * to read from its bytes (it is the bare transport, `tcp` or `udp`: a
 * handshake, a preconnect or an unanswered datagram); such a flow is admitted
 * by any rule whose `to` and `ports` match, since it carried nothing a
 * protocol restriction could be about.
 */
export function protocolMatches(rule: AllowRule, flow: FlowRecord): boolean {
  if (rule.protocols.includes('any') || rule.protocols.includes(flow.protocol)) return true;
  return !flow.has_payload && flow.protocol === flow.transport;
}

/** Whether a rule's `ports` (null = any) admit the flow's server port. */
export function portMatches(rule: AllowRule, flow: FlowRecord): boolean {
  return rule.ports === null || rule.ports.includes(flow.server.port);
}

/** The first rule whose `to`, `protocols` and `ports` all match the flow, or null. */
export function findRule(flow: FlowRecord, rules: readonly AllowRule[]): AllowRule | null {
  for (const rule of rules) {
    if (protocolMatches(rule, flow) && portMatches(rule, flow) && matchesAny(rule.to, flow)) return rule;
  }
  return null;
}
