/**
 * The HTML report's data: the collected runner events turned into one plain
 * object (embedded in the page as JSON and rendered there). Per scenario:
 * the assertions, every flow with its verdict, the evidence of every
 * failure, the waivers and the captures; per run: provenance.
 */
import type { FlowRecord } from '../../src/analysis/types.js';
import { displayPath } from '../../src/paths.js';
import type { AssertionResult, FlowEvidence } from '../../src/policy/types.js';
import type { ReporterOptions, ScenarioRun } from '../../src/runner/types.js';
import type { Waiver } from '../../src/spec/types.js';
import type { SuiteRecord } from '../collect.js';
import { countryName } from '../../src/country-name.js';

/** A flow's verdict over all the scenario's assertions. */
export type Verdict = 'fail' | 'waived' | 'ok';

export interface FlowView {
  capture: string;
  id: number;
  names: string[];
  transport: string;
  server_ip: string;
  server_port: number;
  country: string;
  country_name: string;
  asn: number | null;
  as_org: string | null;
  protocol: string;
  encrypted: boolean | 'opaque';
  tls_version: string | null;
  bytes_up: number;
  bytes_down: number;
  identifiers: Array<{ name: string; forms: string[] }>;
  verdict: Verdict;
  /** Assertions this flow fails. */
  offends: string[];
  /** Assertions whose offence by this flow a waiver covers. */
  waived: string[];
}

export interface EvidenceView extends Omit<FlowEvidence, 'capture' | 'rule' | 'waiver'> {
  capture: string;
  country_name: string;
  rule: { name: string; file: string; line: number } | null;
  /** The flow's HTTP requests (method, host, path) as the capture holds them. */
  http: Array<{ frame: number; method: string | null; host: string | null; path: string | null; status: number | null }>;
}

export interface WaiverView {
  assertion: string;
  to: string[];
  reason: string;
  ticket: string | null;
  expires: string;
  file: string;
  line: number;
  state: 'used' | 'unused' | 'expired' | 'not checked';
}

export interface ScenarioView {
  anchor: string;
  name: string;
  firmware: string | null;
  action: string | null;
  file: string;
  line: number;
  error: { code: string; message: string } | null;
  assertions: Array<{ name: string; status: string; summary: string; offenders: number; waived: number; errors: Array<{ code: string; message: string }> }>;
  flows: FlowView[];
  failures: Array<{ assertion: string; summary: string; errors: Array<{ code: string; message: string }>; offenders: EvidenceView[] }>;
  waivers: WaiverView[];
  captures: Array<{ file: string; format: string; sha256: string; packets: number; bytes: number; geo_db: { name: string; build_date: string }; errors: Array<{ code: string; message: string }>; weirds: Record<string, number> }>;
  /** Destination countries (and LOCAL/unknown) with their worst verdict. */
  countries: Array<{ code: string; name: string; verdict: Verdict; flows: number }>;
}

export interface ReportView {
  leakspec: { version: string };
  started_at: string;
  today: string;
  today_from_env: boolean;
  shard: { index: number; total: number } | null;
  geo_dbs: Array<{ name: string; build_date: string; license?: string }>;
  stats: { suites: number; tests: number; passed: number; failed: number; pending: number };
  /** Attributions the data sources ask for, one line each. */
  credits: string[];
  suites: Array<{ model: string; firmware: string | null; file: string | null; passed: number; failed: number; scenarios: ScenarioView[] }>;
}


const RANK: Record<Verdict, number> = { ok: 0, waived: 1, fail: 2 };

function flowKey(capture: string, id: number): string {
  return `${capture}\u0000${id}`;
}

function identifiers(findings: FlowRecord['findings']): FlowView['identifiers'] {
  const forms = new Map<string, Set<string>>();
  for (const f of findings) {
    let set = forms.get(f.identifier);
    if (!set) forms.set(f.identifier, (set = new Set()));
    set.add(f.form);
  }
  return [...forms].map(([name, set]) => ({ name, forms: [...set] }));
}

function flowViews(run: ScenarioRun): FlowView[] {
  const offends = new Map<string, string[]>();
  const waived = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, e: FlowEvidence, a: string): void => {
    const k = flowKey(e.capture, e.flow);
    const list = map.get(k) ?? [];
    if (!list.includes(a)) list.push(a);
    map.set(k, list);
  };
  for (const r of run.results) {
    for (const e of r.offenders) note(offends, e, r.assertion);
    for (const e of r.waived) note(waived, e, r.assertion);
  }
  return run.analyses.flatMap((a) =>
    a.flows.map((f) => {
      const k = flowKey(a.capture.file, f.id);
      const off = offends.get(k) ?? [];
      const wv = waived.get(k) ?? [];
      return {
        capture: displayPath(a.capture.file),
        id: f.id,
        names: f.names,
        transport: f.transport,
        server_ip: f.server.ip,
        server_port: f.server.port,
        country: f.country,
        country_name: countryName(f.country),
        asn: f.asn,
        as_org: f.as_org,
        protocol: f.protocol,
        encrypted: f.encrypted,
        tls_version: f.tls_version,
        bytes_up: f.bytes_up,
        bytes_down: f.bytes_down,
        identifiers: identifiers(f.findings),
        verdict: off.length ? 'fail' : wv.length ? 'waived' : 'ok',
        offends: off,
        waived: wv,
      } satisfies FlowView;
    }),
  );
}

function evidenceView(e: FlowEvidence, run: ScenarioRun): EvidenceView {
  const { waiver: _waiver, ...rest } = e;
  const analysis = run.analyses.find((a) => a.capture.file === e.capture);
  return {
    ...rest,
    http: (analysis?.http ?? []).filter((h) => h.flow === e.flow).map(({ frame, method, host, path, status }) => ({ frame, method, host, path, status })),
    capture: displayPath(e.capture),
    country_name: countryName(e.country),
    rule: e.rule ? { name: e.rule.name, file: displayPath(e.rule.loc.file), line: e.rule.loc.line } : null,
  };
}

function sameLoc(a: { file: string; line: number; col: number }, b: { file: string; line: number; col: number }): boolean {
  return a.file === b.file && a.line === b.line && a.col === b.col;
}

function waiverState(w: Waiver, run: ScenarioRun, today: string): WaiverView['state'] {
  const result: AssertionResult | undefined = run.results.find((r) => r.assertion === w.assertion);
  if (!result || run.error) return 'not checked';
  if (result.waived.some((e) => e.waiver && sameLoc(e.waiver.loc, w.loc))) return 'used';
  if (result.unusedWaivers.some((u) => sameLoc(u.loc, w.loc))) return 'unused';
  return !/^\d{4}-\d{2}-\d{2}$/.test(w.expires) || w.expires < today ? 'expired' : 'unused';
}

function countries(flows: FlowView[]): ScenarioView['countries'] {
  const by = new Map<string, { code: string; name: string; verdict: Verdict; flows: number }>();
  for (const f of flows) {
    const c = by.get(f.country) ?? { code: f.country, name: f.country_name, verdict: 'ok' as Verdict, flows: 0 };
    c.flows++;
    if (RANK[f.verdict] > RANK[c.verdict]) c.verdict = f.verdict;
    by.set(f.country, c);
  }
  return [...by.values()].sort((a, b) => RANK[b.verdict] - RANK[a.verdict] || a.code.localeCompare(b.code));
}

function scenarioView(run: ScenarioRun, anchor: string, today: string): ScenarioView {
  const flows = flowViews(run);
  return {
    anchor,
    name: run.scenario.name,
    firmware: run.scenario.firmware,
    action: run.scenario.action,
    file: displayPath(run.scenario.loc.file),
    line: run.scenario.loc.line,
    error: run.error,
    assertions: run.results.map((r) => ({ name: r.assertion, status: r.status, summary: r.summary, offenders: r.offenders.length, waived: r.waived.length, errors: r.errors })),
    flows,
    failures: run.results
      .filter((r) => r.status === 'failed')
      .map((r) => ({ assertion: r.assertion, summary: r.summary, errors: r.errors, offenders: r.offenders.map((e) => evidenceView(e, run)) })),
    waivers: run.scenario.waivers.map((w) => ({
      assertion: w.assertion,
      to: w.to,
      reason: w.reason,
      ticket: w.ticket,
      expires: w.expires,
      file: displayPath(w.loc.file),
      line: w.loc.line,
      state: waiverState(w, run, today),
    })),
    captures: run.analyses.map((a) => ({
      file: displayPath(a.capture.file),
      format: a.capture.format,
      sha256: a.capture.sha256,
      packets: a.capture.packets,
      bytes: a.capture.bytes,
      geo_db: a.geo_db,
      errors: a.errors,
      weirds: a.weirds,
    })),
    countries: countries(flows),
  };
}

/** The report's data for the collected suites; `credits` are the attribution lines to show. */
export function buildView(suites: SuiteRecord[], opts: ReporterOptions, credits: string[] = []): ReportView {
  const tests = suites.flatMap((s) => s.tests);
  const count = (state: string, list = tests): number => list.filter((t) => t.state === state).length;
  return {
    leakspec: { version: opts.info.version },
    started_at: opts.info.startedAt,
    today: opts.info.today,
    today_from_env: opts.info.todayFromEnv,
    shard: opts.info.shard,
    geo_dbs: opts.info.geoDbs,
    stats: { suites: suites.length, tests: tests.length, passed: count('passed'), failed: count('failed'), pending: count('pending') },
    credits,
    suites: suites.map((s, i) => ({
      model: s.meta?.spec.model ?? s.title,
      firmware: s.meta?.spec.firmware ?? null,
      file: s.file ? displayPath(s.file) : null,
      passed: count('passed', s.tests),
      failed: count('failed', s.tests),
      scenarios: (s.meta?.scenarios ?? []).map((run, j) => scenarioView(run, `s${i + 1}-${j + 1}`, opts.info.today)),
    })),
  };
}

export { countryName };
