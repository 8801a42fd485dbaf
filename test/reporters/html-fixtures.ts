/** Hand-made run results for HTML reporter tests, with hostile strings where captures and specs put text. */
import type { CaptureAnalysis, FlowRecord } from '../../src/analysis/types.js';
import type { AssertionResult, FlowEvidence } from '../../src/policy/types.js';
import type { ReporterOptions, ScenarioRun } from '../../src/runner/types.js';
import type { ResolvedScenario, ResolvedSpec } from '../../src/spec/types.js';
import type { SuiteRecord } from '../../reporters/collect.js';

/** Strings that would run script or break the page if they were written as markup. */
export const HOSTILE = {
  closeScript: '</script><script>alert(1)</script>',
  img: '<img src=x onerror="window.__pwned=1">',
  controls: 'ctl\u0000\u0007\u001b[31m\u0085end',
  comment: '<!-- <script>',
} as const;

const loc = (line: number) => ({ file: '/specs/hostile.yaml', line, col: 3 });

function flow(id: number, over: Partial<FlowRecord>): FlowRecord {
  return {
    id,
    transport: 'tcp',
    client: { ip: '10.0.2.15', port: 40000 + id },
    server: { ip: '202.97.1.1', port: 80 },
    protocol: 'http',
    encrypted: false,
    tls_version: null,
    names: [],
    names_source: 'none',
    sni: null,
    http_host: null,
    country: 'CN',
    asn: 4134,
    as_org: 'Chinanet',
    first_frame: id * 10,
    last_frame: id * 10 + 5,
    first_ts: 0,
    last_ts: 1,
    bytes_up: 100 * id,
    bytes_down: 10 * id,
    packets: 6,
    has_payload: true,
    uninspected: [],
    findings: [],
    ...over,
  };
}

const CAPTURE = '/captures/hostile.pcapng';

export function analysis(): CaptureAnalysis {
  return {
    capture: { file: CAPTURE, format: 'pcapng', sha256: 'a'.repeat(64), packets: 40, bytes: 4000, first_ts: 0, last_ts: 2 },
    flows: [
      flow(1, {
        names: [HOSTILE.closeScript],
        http_host: HOSTILE.closeScript,
        findings: [{ identifier: 'imei', category: 'device-id', form: 'base64', frame: 12, direction: 'up', offset: 5, length: 20, where: 'stream', context: `${HOSTILE.img}[***********7518]${HOSTILE.controls}` }],
      }),
      flow(2, { names: [HOSTILE.img], sni: HOSTILE.img, protocol: 'tls', encrypted: true, tls_version: '1.3', server: { ip: '95.216.1.1', port: 443 }, country: 'FI', asn: 24940, as_org: `Hetzner ${HOSTILE.controls}` }),
      flow(3, { names: ['waived.example'], server: { ip: '8.8.8.8', port: 80 }, country: 'US', asn: 15169, as_org: 'Google LLC' }),
      flow(4, { protocol: 'dns', transport: 'udp', server: { ip: '10.0.2.3', port: 53 }, country: 'LOCAL', asn: null, as_org: null }),
    ],
    dns: [],
    tls: [],
    http: [{ frame: 12, flow: 1, method: 'POST', host: HOSTILE.closeScript, path: `/${HOSTILE.img}`, status: 200 }],
    weirds: { [`odd_${HOSTILE.comment}`]: 2 },
    geo_db: { name: 'test-geo', build_date: '2026-01-01' },
    errors: [],
    window: null,
  };
}

function evidence(f: FlowRecord, reason: string): FlowEvidence {
  return {
    capture: CAPTURE,
    flow: f.id,
    names: f.names,
    server: f.server,
    client: f.client,
    country: f.country,
    asn: f.asn,
    as_org: f.as_org,
    protocol: f.protocol,
    encrypted: f.encrypted,
    tls_version: f.tls_version,
    first_frame: f.first_frame,
    last_frame: f.last_frame,
    findings: f.findings,
    reason,
    rule: null,
    filter: `ip.addr == ${f.server.ip} && tcp.port == ${f.client.port}`,
  };
}

function result(assertion: AssertionResult['assertion'], offenders: FlowEvidence[], waived: FlowEvidence[] = []): AssertionResult {
  return {
    assertion,
    status: offenders.length ? 'failed' : 'passed',
    summary: offenders.length ? `${offenders.length} flow fails: ${HOSTILE.closeScript}` : 'ok',
    message: '',
    offenders,
    waived,
    errors: [],
    unusedWaivers: [],
  };
}

/** One device model, one scenario: flow 1 fails, flow 3 is waived, flows 2 and 4 pass. */
export function hostileSuites(): SuiteRecord[] {
  const a = analysis();
  const [f1, , f3] = a.flows;
  const waiverLoc = loc(30);
  const waived = { ...evidence(f3, 'crosses the border'), waiver: { reason: 'fix ships next', ticket: 'PRIV-1', expires: '2026-12-31', loc: waiverLoc } };
  const scenario: ResolvedScenario = {
    name: `boot ${HOSTILE.img}`,
    loc: loc(20),
    firmware: '1.0',
    action: HOSTILE.comment,
    captures: [{ kind: 'file', path: CAPTURE, loc: loc(21) }],
    window: null,
    policy: { home: ['FI'], homeNames: ['FI'], unknownCountry: 'fail', minTls: '1.2', opaque: 'allow', infrastructure: ['dns'], uninspected: 'fail', detectors: [], geo: { overrides: [] } },
    allow: [],
    waivers: [
      { assertion: 'no-cross-border', to: ['waived.example'], reason: 'fix ships next', ticket: 'PRIV-1', expires: '2026-12-31', loc: waiverLoc },
      { assertion: 'no-cross-border', to: ['nothing.example'], reason: 'old', ticket: null, expires: '2026-12-31', loc: loc(35) },
    ],
    expect: ['no-plaintext', 'no-cross-border'],
    record: null,
  };
  const crossBorder = result('no-cross-border', [evidence(f1, `server in CN ${HOSTILE.controls}`)], [waived]);
  crossBorder.unusedWaivers = [{ to: ['nothing.example'], loc: loc(35), expires: '2026-12-31' }];
  const run: ScenarioRun = { scenario, analyses: [a], results: [result('no-plaintext', [evidence(f1, 'plaintext')]), crossBorder], error: null };
  const spec: ResolvedSpec = {
    file: '/specs/hostile.yaml',
    model: `Phone ${HOSTILE.closeScript}`,
    firmware: '1.0',
    addresses: ['10.0.2.15'],
    identifiers: [{ name: 'imei', category: 'device-id', value: '490154203237518' }],
    scenarios: [scenario],
    files: ['/specs/hostile.yaml'],
  };
  return [
    {
      title: spec.model,
      file: spec.file,
      meta: { spec, scenarios: [run] },
      startedAt: new Date('2026-01-01T00:00:00Z'),
      tests: run.results.map((r) => ({ title: `${scenario.name} \u203a ${r.assertion}`, state: r.status, durationMs: 1, meta: { spec, run, result: r }, error: null })),
    },
  ];
}

/** The hostile suite with `n` plain flows in its capture instead. */
export function manyFlowSuites(n: number): SuiteRecord[] {
  const suites = hostileSuites();
  const run = suites[0].meta!.scenarios[0];
  run.analyses[0].flows = Array.from({ length: n }, (_, i) => flow(i + 1, { names: [`host-${i + 1}.example`], country: i % 2 ? 'FI' : 'SE' }));
  return suites;
}

export function reporterOptions(outDir = '/tmp/unused'): ReporterOptions {
  return {
    info: {
      version: '0.0.0-test',
      today: '2026-06-01',
      todayFromEnv: true,
      startedAt: '2026-06-01T00:00:00.000Z',
      outDir,
      geoDbs: [{ name: 'test-geo', build_date: '2026-01-01', license: 'CC BY 4.0' }],
      shard: null,
      written: {},
    },
  };
}
