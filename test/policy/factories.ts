/** Plain-object factories for policy tests: flows, findings, rules, waivers, scenarios, analyses. */
import type { CaptureAnalysis, Finding, FlowRecord } from '../../src/analysis/types.js';
import type { CaptureFormat } from '../../src/capture/types.js';
import { evaluateScenario } from '../../src/policy/evaluate.js';
import type { AssertionResult } from '../../src/policy/types.js';
import type { AllowRule, AssertionName, ResolvedPolicy, ResolvedScenario, Waiver } from '../../src/spec/types.js';

export const SPEC_FILE = '/specs/nokia-7-plus.yaml';

/** The 30 EEA codes, as the resolver expands `home: [EEA]`. */
export const EEA = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT',
  'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
];

let nextId = 1;

/** A finding of `imei` (device-id), raw, frame 14, upstream; override anything. */
export function finding(over: Partial<Finding> = {}): Finding {
  return { identifier: 'imei', category: 'device-id', form: 'raw', frame: 14, direction: 'up', offset: 120, length: 15, where: 'stream', ...over };
}

/** A TLS 1.3 flow from the emulator to a server in Norway, with payload; override anything. */
export function flow(over: Partial<FlowRecord> = {}): FlowRecord {
  return {
    id: nextId++,
    transport: 'tcp',
    client: { ip: '10.0.2.15', port: 51234 },
    server: { ip: '185.1.2.3', port: 443 },
    protocol: 'tls',
    encrypted: true,
    tls_version: '1.3',
    names: ['api.example.no'],
    names_source: 'sni',
    sni: 'api.example.no',
    http_host: null,
    country: 'NO',
    asn: 64500,
    as_org: 'Example Norge AS',
    first_frame: 10,
    last_frame: 40,
    first_ts: 1_700_000_000,
    last_ts: 1_700_000_010,
    bytes_up: 1200,
    bytes_down: 5400,
    packets: 20,
    has_payload: true,
    uninspected: [],
    findings: [],
    ...over,
  };
}

/** The plaintext activation POST of DESIGN.md: http to zzhc.vnet.cn (China Telecom), with the IMEI base64-wrapped. */
export function zzhcFlow(over: Partial<FlowRecord> = {}): FlowRecord {
  return flow({
    server: { ip: '202.97.1.1', port: 80 },
    protocol: 'http',
    encrypted: false,
    tls_version: null,
    names: ['zzhc.vnet.cn'],
    names_source: 'http',
    sni: null,
    http_host: 'zzhc.vnet.cn',
    country: 'CN',
    asn: 4134,
    as_org: 'CHINANET-BACKBONE',
    findings: [finding({ form: 'base64', where: 'http-body', context: 'imei=NDkw...NTE4' })],
    ...over,
  });
}

/** A DNS query to a resolver; override anything. */
export function dnsFlow(over: Partial<FlowRecord> = {}): FlowRecord {
  return flow({
    transport: 'udp',
    client: { ip: '10.0.2.15', port: 40000 },
    server: { ip: '10.0.2.3', port: 53 },
    protocol: 'dns',
    encrypted: false,
    tls_version: null,
    names: [],
    names_source: 'none',
    sni: null,
    country: 'LOCAL',
    asn: null,
    as_org: null,
    ...over,
  });
}

/** The default policy of SPEC-FORMAT.md, resolved; override anything. */
export function policy(over: Partial<ResolvedPolicy> = {}): ResolvedPolicy {
  return {
    home: [...EEA],
    homeNames: ['EEA'],
    unknownCountry: 'fail',
    minTls: '1.2',
    opaque: 'allow',
    infrastructure: ['dns', 'dhcp', 'ntp'],
    uninspected: 'fail',
    detectors: ['imei', 'iccid', 'imsi', 'mac', 'email', 'phone', 'location'],
    geo: { overrides: [] },
    ...over,
  };
}

/** An allow rule with the spec's defaults (protocols tls and quic, any port, no data); override anything. */
export function rule(over: Partial<AllowRule> = {}): AllowRule {
  const to = over.to ?? ['api.example.no'];
  return {
    name: to[0],
    to,
    protocols: ['tls', 'quic'],
    ports: null,
    data: [],
    plaintext: false,
    transfer: null,
    loc: { file: SPEC_FILE, line: 20, col: 5 },
    ...over,
  };
}

/** A waiver of no-cross-border for zzhc.vnet.cn expiring 2027-01-31; override anything. */
export function waiver(over: Partial<Waiver> = {}): Waiver {
  return {
    assertion: 'no-cross-border',
    to: ['zzhc.vnet.cn'],
    reason: 'activation client removed in 00WW_3_22D',
    ticket: 'PRIV-123',
    expires: '2027-01-31',
    loc: { file: SPEC_FILE, line: 48, col: 9 },
    ...over,
  };
}

/** A scenario "first boot activation" at SPEC_FILE:30 expecting all four assertions; override anything. */
export function scenario(over: Partial<ResolvedScenario> = {}): ResolvedScenario {
  return {
    name: 'first boot activation',
    loc: { file: SPEC_FILE, line: 30, col: 5 },
    firmware: '00WW_3_22C',
    action: 'Power on, finish setup, idle 120 s',
    captures: [{ kind: 'file', path: '/fixtures/first-boot.pcapng', loc: { file: SPEC_FILE, line: 33, col: 14 } }],
    window: null,
    policy: policy(),
    allow: [],
    waivers: [],
    expect: ['no-plaintext', 'no-cross-border', 'allowed-flows-only', 'identifiers-confined'],
    record: null,
    ...over,
  };
}

/** An analysis of `/fixtures/first-boot.pcapng` (or the given file and format) holding these flows. */
export function analysis(flows: FlowRecord[], file = '/fixtures/first-boot.pcapng', format: CaptureFormat = 'pcapng'): CaptureAnalysis {
  return {
    capture: { file, format, sha256: '0'.repeat(64), packets: 100, bytes: 10_000, first_ts: 1_700_000_000, last_ts: 1_700_000_100 },
    flows,
    dns: [],
    tls: [],
    http: [],
    weirds: {},
    geo_db: { name: 'test', build_date: '2026-01-01' },
    errors: [],
    window: null,
  };
}

/** Options for `check`: the scenario's parts, the day, and the capture format. */
export interface CheckOptions {
  policy?: Partial<ResolvedPolicy>;
  allow?: AllowRule[];
  waivers?: Waiver[];
  today?: string;
  format?: CaptureFormat;
}

/** Evaluates one assertion over the flows (one capture) and returns its result. */
export function check(name: AssertionName, flows: FlowRecord[], opts: CheckOptions = {}): AssertionResult {
  const sc = scenario({ policy: policy(opts.policy), allow: opts.allow ?? [], waivers: opts.waivers ?? [], expect: [name] });
  const file = opts.format === 'har' ? '/fixtures/first-boot.har' : '/fixtures/first-boot.pcapng';
  const [result] = evaluateScenario(sc, [analysis(flows, file, opts.format ?? 'pcapng')], { today: opts.today ?? '2026-06-01' });
  return result;
}

/** The ids of the offending flows of a result, for compact assertions. */
export function offenderIds(result: AssertionResult): number[] {
  return result.offenders.map((e) => e.flow);
}
