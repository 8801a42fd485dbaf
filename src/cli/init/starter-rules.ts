/**
 * `leakspec init`: from one capture's analysis, the allow rules of a starter
 * spec that admit exactly the flows observed. Pure: analysis in, plan out.
 *
 * Flows are grouped by the registrable domain of their first name
 * (`*.example.com` plus the apex when seen, or the exact name when the group
 * saw only one), else by their exact server address. Each group becomes one
 * rule with the protocols and server ports observed. Infrastructure flows
 * (dns, dhcp, ntp) get no rule unless their server is abroad. Then every
 * flow is matched against the rules in order, exactly as the policy stage
 * will, and the rule that admits it receives what the flow needs: a
 * `transfer` country when its server is outside the home region,
 * `plaintext` when it is unencrypted under the default policy.
 */
import type { CaptureAnalysis, FlowRecord } from '../../analysis/types.js';
import { classifyAddress, isCountryCode } from '../../geo/index.js';
import { findRule, judgeEncryption } from '../../policy/index.js';
import { PROTOCOLS } from '../../protocols/types.js';
import { type AllowRule, type ResolvedPolicy, checkDestination, defaultPolicy } from '../../spec/index.js';
import { registrableDomain } from './registrable-domain.js';

/** One allow rule of the starter spec, with what a reviewer needs to know about it. */
export interface StarterRule {
  name: string;
  to: string[];
  protocols: string[];
  ports: number[];
  /** Countries outside the home region its flows reach (empty: no `transfer`). */
  transfer: string[];
  /** Why its flows count as unencrypted ("http, unencrypted"); empty: `plaintext` stays false. */
  plaintext: string[];
  /** Servers of its flows whose country is unknown: the address, or the first name when there is no address. */
  unknownCountry: string[];
  /** Identifiers found in its flows (detectors' `undeclared:<kind>`). */
  findings: string[];
  /** How many of its cleartext flows could not be inspected whole (no-plaintext fails on them under `uninspected: fail`). */
  uninspected: number;
  /** Every flow it admits is an infrastructure flow (a resolver or time server abroad). */
  infrastructure: boolean;
  /** Ids of the flows it admits. */
  flows: number[];
}

/** What `leakspec init` writes, before it is YAML. */
export interface StarterPlan {
  /** Private client addresses that are never a server in the capture: `device.addresses`. */
  addresses: string[];
  rules: StarterRule[];
  /** Servers with an unknown country, all flows: the address, or the first name when there is no address. */
  unknownServers: string[];
  /** Of those, the IP addresses (for the policy.geo.overrides placeholder). */
  unknownAddresses: string[];
  /** Infrastructure flows inside the home region or local: no rule needed. */
  infrastructureAtHome: number;
  /** Flows no rule could be written for (neither a usable name nor a server address). */
  skipped: Array<{ flow: number; why: string }>;
  flowCount: number;
}

interface Group {
  key: string;
  /** Names seen (lower case), in the group's domain; empty for an address group. */
  names: Set<string>;
  address: string | null;
  flows: FlowRecord[];
}

type Place = 'home' | 'local' | 'abroad' | 'unknown';

/** Whether the text is an IP address (a HAR entry may have none: ""). */
function isIpText(text: string): boolean {
  const check = checkDestination(text);
  return check.ok && check.kind === 'ip';
}

/** How a server is named in REVIEW notes: its address, else its first name. */
function serverLabel(flow: FlowRecord): string {
  return isIpText(flow.server.ip) ? flow.server.ip : (flow.names[0] ?? '(no address)');
}

/** Where a flow's server is, under the policy's home region. */
export function placeOf(flow: FlowRecord, policy: ResolvedPolicy): Place {
  if (flow.country === 'LOCAL') return 'local';
  const code = flow.country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || !isCountryCode(code)) return 'unknown';
  return policy.home.includes(code) ? 'home' : 'abroad';
}

/** The key a flow is grouped under: the registrable domain of its first valid name, else its server address. */
function groupOf(flow: FlowRecord): { key: string; name: string | null; address: string | null } | null {
  for (const raw of flow.names) {
    const name = raw.trim().toLowerCase().replace(/\.$/, '');
    const check = checkDestination(name);
    if (!check.ok) continue;
    if (check.kind === 'host') return { key: registrableDomain(name), name, address: null };
    if (check.kind === 'ip') return { key: name, name: null, address: name };
  }
  const ip = flow.server.ip;
  return isIpText(ip) ? { key: ip, name: null, address: ip } : null;
}

/** `to` entries of a group: its address; its one name; or `*.domain` plus the apex when seen. */
function targets(group: Group): string[] {
  if (group.address !== null) return [group.address];
  const names = [...group.names].sort();
  if (names.length === 1) return names;
  const apex = names.includes(group.key) ? [group.key] : [];
  return [`*.${group.key}`, ...apex];
}

/** Protocols in the spec's order; a bare transport without payload only when nothing else was seen. */
function protocolsOf(flows: readonly FlowRecord[]): string[] {
  const bare = (f: FlowRecord): boolean => !f.has_payload && f.protocol === f.transport;
  const seen = new Set(flows.filter((f) => !bare(f)).map((f) => f.protocol));
  if (seen.size === 0) for (const f of flows) seen.add(f.protocol);
  return PROTOCOLS.filter((p) => seen.has(p));
}

/** The unspecified addresses (a HAR entry's client is 0.0.0.0): never a device address. */
const UNSPECIFIED = new Set(['0.0.0.0', '::']);

/** Client addresses to declare: private ones that never serve, so declaring them flips no flow's sides. */
function deviceAddresses(flows: readonly FlowRecord[]): string[] {
  const servers = new Set([...flows.map((f) => f.server.ip), ...UNSPECIFIED]);
  const out = new Set<string>();
  for (const f of flows) {
    const ip = f.client.ip;
    if (!servers.has(ip) && classifyAddress(ip) === 'local' && isIpText(ip)) out.add(ip);
  }
  return [...out].sort();
}

function toAllowRule(rule: StarterRule): AllowRule {
  return { name: rule.name, to: rule.to, protocols: rule.protocols, ports: rule.ports, data: [], plaintext: false, transfer: null, loc: { file: '', line: 0, col: 0 } };
}

function addSorted<T>(list: T[], value: T): void {
  if (!list.includes(value)) {
    list.push(value);
    list.sort();
  }
}

/** The starter plan for one analysis under the default policy (home: EEA). */
export function planStarter(analysis: CaptureAnalysis, policy: ResolvedPolicy = defaultPolicy()): StarterPlan {
  const groups = new Map<string, Group>();
  const skipped: StarterPlan['skipped'] = [];
  const unknownServers = new Set<string>();
  let infrastructureAtHome = 0;
  for (const flow of analysis.flows) {
    const place = placeOf(flow, policy);
    if (place === 'unknown') unknownServers.add(serverLabel(flow));
    if (policy.infrastructure.includes(flow.protocol) && place !== 'abroad') {
      infrastructureAtHome++;
      continue;
    }
    const g = groupOf(flow);
    if (!g) {
      skipped.push({ flow: flow.id, why: 'it has no usable name and its server address is not an IP address' });
      continue;
    }
    let group = groups.get(g.key);
    if (!group) groups.set(g.key, (group = { key: g.key, names: new Set(), address: g.address, flows: [] }));
    if (g.name !== null) group.names.add(g.name);
    group.flows.push(flow);
  }
  const rules: StarterRule[] = [...groups.values()].map((group) => ({
    name: group.address ?? (group.names.size === 1 ? [...group.names][0] : group.key),
    to: targets(group),
    protocols: protocolsOf(group.flows),
    ports: [...new Set(group.flows.map((f) => f.server.port))].sort((a, b) => a - b),
    transfer: [],
    plaintext: [],
    unknownCountry: [],
    findings: [],
    uninspected: 0,
    infrastructure: group.flows.every((f) => policy.infrastructure.includes(f.protocol)),
    flows: [],
  }));
  // What each rule must allow is decided by the flows it will really admit: the first matching rule.
  const allowRules = rules.map(toAllowRule);
  for (const flow of analysis.flows) {
    const matched = findRule(flow, allowRules);
    if (!matched) continue;
    const rule = rules[allowRules.indexOf(matched)];
    const place = placeOf(flow, policy);
    rule.flows.push(flow.id);
    if (place === 'abroad') addSorted(rule.transfer, flow.country.toUpperCase());
    if (place === 'unknown') addSorted(rule.unknownCountry, serverLabel(flow));
    const verdict = judgeEncryption(flow, policy, analysis.capture.format);
    if (verdict.unencrypted && !policy.infrastructure.includes(flow.protocol)) addSorted(rule.plaintext, verdict.description);
    if (verdict.cleartext && flow.uninspected.length > 0) rule.uninspected++;
    for (const f of flow.findings) addSorted(rule.findings, f.identifier);
  }
  return {
    addresses: deviceAddresses(analysis.flows),
    rules,
    unknownServers: [...unknownServers].sort(),
    unknownAddresses: [...unknownServers].filter(isIpText).sort(),
    infrastructureAtHome,
    skipped,
    flowCount: analysis.flows.length,
  };
}
