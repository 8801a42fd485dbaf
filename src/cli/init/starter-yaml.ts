/**
 * `leakspec init`: a starter plan -> the YAML text of a spec, with the
 * comments a reviewer needs, written with the yaml package's Document API.
 */
import { Document, type Pair, type Scalar, type YAMLMap, type YAMLSeq, isMap, isScalar, isSeq } from 'yaml';
import { countryName } from '../../geo/index.js';
import type { StarterPlan, StarterRule } from './starter-rules.js';

/** Identifier names offered as commented placeholders under `device`. */
const IDENTIFIER_PLACEHOLDERS = ['imei', 'imei2', 'serial', 'android-id', 'advertising-id', 'mac', 'bluetooth-mac', 'iccid', 'imsi', 'phone-number', 'email'];

/** What the header and the scenario say about where the plan came from. */
export interface StarterSource {
  model: string;
  /** The capture as the scenario names it (relative to the written file, or absolute for stdout). */
  capture: string;
  /** The capture as the command line gave it (for the header). */
  captureShown: string;
  sha256: string;
  packets: number;
  /** Scenario name. */
  scenario: string;
  /** The spec goes to stdout: its capture path is absolute. */
  toStdout: boolean;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function header(plan: StarterPlan, src: StarterSource): string {
  const lines = [
    ` Starter spec for ${src.model}, written by \`leakspec init\` from`,
    ` ${src.captureShown}`,
    ` (${plural(src.packets, 'packet')}, ${plural(plan.flowCount, 'flow')}, sha256 ${src.sha256}).`,
    '',
    ' This is a STARTING POINT FOR REVIEW, not a policy: it allows exactly the',
    ' flows seen in that one capture, whatever they were. Before relying on it:',
    '   - read every rule and delete the ones for traffic the device must not make;',
    '   - decide each item marked REVIEW (plaintext, legal basis of transfers,',
    '     unknown countries, identifiers found);',
    '   - fill in device.identifiers with the test device\'s real values, and list',
    '     in each rule\'s `data` the identifiers it may carry;',
    '   - run it: leakspec run <this file>.',
    '',
    ' How it was made: flows are grouped by registrable domain (the name under its',
    ' public suffix, from a compact built-in list of common suffixes such as co.uk,',
    ' com.cn, com.au, gov.<cc> and hosting platforms; not the full Public Suffix',
    ' List, so a wildcard may be broader than it should: narrow it). Flows without',
    ' a name are allowed by their exact server address. Each rule has the',
    ' protocols and server ports observed. DNS, DHCP and NTP are infrastructure and',
    ' get a rule only when their server is outside the EEA (for its transfer).',
  ];
  if (plan.unknownServers.length > 0) {
    lines.push(
      '',
      ` Unknown countries: the geolocation database places no country for`,
      ` ${plural(plan.unknownServers.length, 'server')} (${plan.unknownServers.slice(0, 5).join(', ')}${plan.unknownServers.length > 5 ? ', ...' : ''}).`,
      ' policy.unknown-country stays `fail`, so no-cross-border FAILS on their flows',
      ' until you pin their country in policy.geo.overrides (by address) or',
      ' decide `unknown-country: allow`. A starter spec fails closed.',
    );
  } else {
    lines.push('', ' policy.unknown-country is `fail`: a server the geolocation database cannot', ' place fails no-cross-border until its country is pinned or reviewed.');
  }
  for (const s of plan.skipped) lines.push('', ` REVIEW: no rule for flow ${s.flow}: ${s.why}.`);
  if (src.toStdout) lines.push('', ' REVIEW: the capture path below is absolute; make it relative to this file.');
  return lines.join('\n');
}

function ruleComment(rule: StarterRule): string | null {
  const notes: string[] = [];
  if (rule.infrastructure) notes.push(' Infrastructure (' + rule.protocols.join(', ') + ') outside the EEA: it needs a rule for its transfer.');
  if (rule.to.some((t) => t.startsWith('*.'))) notes.push(` REVIEW: ${rule.to[0]} admits every subdomain; narrow it to the names you expect.`);
  if (rule.unknownCountry.length > 0) {
    notes.push(` REVIEW: country unknown for ${rule.unknownCountry.join(', ')}: no-cross-border fails until it is pinned (policy.geo.overrides).`);
  }
  if (rule.uninspected > 0) {
    notes.push(` REVIEW: ${plural(rule.uninspected, 'cleartext flow')} could not be inspected whole (see \`leakspec inspect\`): no-plaintext fails on them under uninspected: fail.`);
  }
  if (rule.findings.length > 0) {
    notes.push(` REVIEW: identifiers found in these flows: ${rule.findings.join(', ')}. List in \`data\` those this flow may carry (identifiers-confined fails until then).`);
  }
  return notes.length ? notes.join('\n') : null;
}

function ruleObject(rule: StarterRule): Record<string, unknown> {
  const out: Record<string, unknown> = { name: rule.name, to: rule.to, protocols: rule.protocols, ports: rule.ports };
  if (rule.plaintext.length > 0) out.plaintext = true;
  if (rule.transfer.length > 0) out.transfer = { countries: rule.transfer, basis: 'REVIEW: legal basis' };
  return out;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && (p.key as Scalar).value === key);
}

function flowStyle(map: YAMLMap, ...keys: string[]): void {
  for (const k of keys) {
    const node = map.get(k, true);
    if (isSeq(node) || isMap(node)) (node as YAMLSeq | YAMLMap).flow = true;
  }
}

function decorateRule(node: YAMLMap, rule: StarterRule): void {
  flowStyle(node, 'to', 'protocols', 'ports', 'transfer');
  const comment = ruleComment(rule);
  if (comment) node.commentBefore = comment;
  const plaintext = node.get('plaintext', true);
  if (isScalar(plaintext)) plaintext.comment = ` REVIEW: plaintext (${rule.plaintext.join('; ')})`;
  const transfer = pairOf(node, 'transfer');
  if (transfer && isScalar(transfer.key)) {
    const where = rule.transfer.map((c) => `${c} (${countryName(c) ?? c})`).join(', ');
    transfer.key.commentBefore = ` REVIEW: transfer outside the EEA to ${where}: write the legal basis a reviewer signed off on.`;
  }
}

function identifierPlaceholders(): string {
  const lines = [' REVIEW: the test device\'s real values, always quoted; leakspec searches', ' every cleartext byte for them in every form it knows.', ' identifiers:'];
  for (const name of IDENTIFIER_PLACEHOLDERS) lines.push(`   ${name}: "REVIEW"`);
  return lines.join('\n');
}

/** The starter spec's YAML text. */
export function starterYaml(plan: StarterPlan, src: StarterSource): string {
  const device: Record<string, unknown> = { model: src.model };
  if (plan.addresses.length > 0) device.addresses = plan.addresses;
  const body: Record<string, unknown> = {
    leakspec: 1,
    device,
    policy: { home: ['EEA'], 'unknown-country': 'fail' },
  };
  if (plan.rules.length > 0) body.allow = plan.rules.map(ruleObject);
  body.scenarios = [{ name: src.scenario, action: 'REVIEW: the device action this capture records', capture: src.capture }];
  const doc = new Document(body);
  doc.commentBefore = header(plan, src);
  const root = doc.contents as YAMLMap;
  const deviceNode = root.get('device', true) as unknown as YAMLMap;
  flowStyle(deviceNode, 'addresses');
  deviceNode.comment = identifierPlaceholders();
  const addrSeq = deviceNode.get('addresses', true);
  if (isSeq(addrSeq)) addrSeq.comment = ' the private client addresses seen: the device side of its flows';
  const policyNode = root.get('policy', true) as unknown as YAMLMap;
  flowStyle(policyNode, 'home');
  if (plan.unknownAddresses.length > 0) {
    const shown = plan.unknownAddresses.slice(0, 10);
    policyNode.comment = [' REVIEW: pin the servers the database cannot place, for example:', ' geo:', '   overrides:', ...shown.map((ip) => `     - { cidr: ${ip.includes(':') ? `${ip}/128` : `${ip}/32`}, country: REVIEW }`)].join('\n');
  }
  const allow = root.get('allow', true);
  if (isSeq(allow)) {
    allow.items.forEach((node, i) => {
      decorateRule(node as YAMLMap, plan.rules[i]);
      if (i > 0) (node as YAMLMap).spaceBefore = true;
    });
  }
  for (const key of ['device', 'policy', 'allow', 'scenarios']) {
    const pair = pairOf(root, key);
    if (pair && isScalar(pair.key)) pair.key.spaceBefore = true;
  }
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}
