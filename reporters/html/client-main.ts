/**
 * Browser side of the HTML report, part 4: the page. Reads the report data
 * from `<script type="application/json" id="report-data">` and draws the
 * totals, a summary per device model, a section per scenario and the
 * provenance. Runs in the page; see client-dom.ts.
 */
import { badge, el, facts, num, plural, table, type El } from './client-dom.js';
import { failures, waivers, worldMap } from './client-evidence.js';
import { flowTable } from './client-flows.js';
import type { ReportView, ScenarioView } from './model.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

/** One row per scenario of a device model, one column per assertion: pass/FAIL with the number of offending flows. */
export function summary(suite: ReportView['suites'][number]): El {
  const order = ['no-plaintext', 'no-cross-border', 'allowed-flows-only', 'identifiers-confined'];
  const rows = suite.scenarios.map((s) => [
    el('a', { href: `#${s.anchor}` }, s.name),
    s.firmware ?? '—',
    ...order.map((a) => {
      const r = s.assertions.find((x) => x.name === a);
      if (!r) return el('span', { class: 'dim' }, 'not run');
      if (r.status === 'passed') return r.waived ? el('span', null, badge('passed'), ` (${r.waived} waived)`) : badge('passed');
      return el('span', null, badge('failed'), r.offenders ? ` ${plural(r.offenders, 'flow')}` : r.errors.length ? ` ${r.errors[0].code}` : '');
    }),
    String(s.flows.length),
  ]);
  return table(`${suite.model}: ${suite.failed} failed, ${suite.passed} passed`, ['Scenario', 'Firmware', ...order, 'Flows'], rows, 'summary');
}

/** A scenario's section: its assertions, map, flows, failures and waivers. */
export function scenarioSection(s: ScenarioView): El {
  return el(
    'section',
    { class: 'scenario', id: s.anchor, 'aria-labelledby': `${s.anchor}-h` },
    el('h3', { id: `${s.anchor}-h` }, s.name, s.firmware ? el('span', { class: 'dim' }, ` (firmware ${s.firmware})`) : null),
    facts([
      ['Action', s.action],
      ['Spec', `${s.file}:${s.line}`],
      ['Captures', s.captures.map((c) => c.file).join(', ') || null],
    ]),
    s.error ? el('p', { class: 'error' }, badge('failed', 'ERROR'), ' ', el('code', null, s.error.code), ` ${s.error.message}`) : null,
    table(
      'Assertions',
      ['Assertion', 'Result', 'Offending flows', 'Waived flows', 'Summary'],
      s.assertions.map((a) => [a.name, badge(a.status), String(a.offenders), String(a.waived), a.summary]),
      'assertions',
    ),
    el('h4', { id: `${s.anchor}-map-h` }, 'Where the flows went'),
    worldMap(s),
    el('h4', null, 'Flows'),
    s.flows.length ? flowTable(s.flows, s.anchor) : el('p', null, 'No flows.'),
    failures(s),
    waivers(s),
  );
}

/** Versions, dates, captures with their sha256, geo databases and attributions. */
export function provenance(d: ReportView): El {
  const captures = new Map<string, ScenarioView['captures'][number]>();
  for (const s of d.suites) for (const sc of s.scenarios) for (const c of sc.captures) captures.set(`${c.file}\u0000${c.sha256}`, c);
  const weirds = (w: Record<string, number>): string =>
    Object.keys(w)
      .map((k) => `${k} ×${w[k]}`)
      .join(', ') || '—';
  return el(
    'section',
    { id: 'provenance', 'aria-labelledby': 'provenance-h' },
    el('h2', { id: 'provenance-h' }, 'Provenance'),
    facts([
      ['leakspec', d.leakspec.version],
      ['Run started', d.started_at],
      ['Today', d.today_from_env ? `${d.today} (set by LEAKSPEC_TODAY)` : d.today],
      ['Shard', d.shard ? `${d.shard.index}/${d.shard.total}` : null],
    ]),
    table(
      'Captures',
      ['File', 'Format', 'SHA-256', 'Packets', 'Bytes', 'Geo database', 'Weirds'],
      [...captures.values()].map((c) => [c.file, c.format, el('code', { class: 'hash' }, c.sha256), num(c.packets), num(c.bytes), `${c.geo_db.name} (built ${c.geo_db.build_date})`, weirds(c.weirds)]),
      'captures',
    ),
    table(
      'Geolocation databases',
      ['Database', 'Built', 'Licence'],
      d.geo_dbs.map((g) => [g.name, g.build_date, g.license ?? '—']),
      'geo',
    ),
    el('h3', null, 'Data credits'),
    el('ul', { class: 'credits' }, ...d.credits.map((c) => el('li', null, c))),
  );
}

/** Draws the whole report into `<main id="report">`. */
export function main(): void {
  const d: ReportView = JSON.parse(document.getElementById('report-data').textContent);
  const root = document.getElementById('report');
  const st = d.stats;
  document.getElementById('totals').append(
    st.failed ? badge('failed', `${st.failed} failed`) : badge('passed', 'all passed'),
    ` ${st.passed} passed, ${st.failed} failed${st.pending ? `, ${st.pending} skipped` : ''} of ${plural(st.tests, 'test')} in ${plural(st.suites, 'device model')}${d.today_from_env ? `; today is ${d.today} (set by LEAKSPEC_TODAY)` : ''}`,
  );
  const toc = el('ul');
  const summaries = el('section', { id: 'summary', 'aria-labelledby': 'summary-h' }, el('h2', { id: 'summary-h' }, 'Summary'));
  if (!d.suites.length) summaries.append(el('p', null, 'No scenarios were run.'));
  const details: El[] = [];
  for (const suite of d.suites) {
    summaries.append(summary(suite));
    const sec = el('section', { class: 'suite' }, el('h2', null, suite.model, suite.file ? el('span', { class: 'dim' }, ` (${suite.file})`) : null));
    for (const s of suite.scenarios) {
      toc.append(el('li', null, el('a', { href: `#${s.anchor}` }, `${suite.model} › ${s.name}`), ' ', badge(s.assertions.some((a) => a.status === 'failed') || s.error ? 'failed' : 'passed')));
      sec.append(scenarioSection(s));
    }
    details.push(sec);
  }
  toc.append(el('li', null, el('a', { href: '#provenance' }, 'Provenance')));
  root.replaceChildren(el('nav', { 'aria-label': 'Contents' }, toc), summaries, ...details, provenance(d));
}
