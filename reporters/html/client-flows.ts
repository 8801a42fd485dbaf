/**
 * Browser side of the HTML report, part 2: a scenario's flow table, with a
 * text filter, verdict and country selects, and sorting by any column
 * (click its header). Runs in the page; see client-dom.ts.
 */
import { badge, countryText, el, hostPort, num, type El } from './client-dom.js';
import type { FlowView } from './model.js';

/** A flow table column: header, cell, sort key. */
export interface FlowColumn {
  head: string;
  numeric: boolean;
  cell(f: FlowView): El | string;
  key(f: FlowView): string | number;
}

/** The columns of the flow table, in order. */
export function flowColumns(): FlowColumn[] {
  const enc = (f: FlowView): string => (f.encrypted === true ? `yes${f.tls_version ? ` (${f.tls_version})` : ''}` : f.encrypted === false ? 'no' : 'opaque');
  const ids = (f: FlowView): string => f.identifiers.map((i) => `${i.name} (${i.forms.join(', ')})`).join(', ');
  const rank: Record<string, number> = { fail: 0, waived: 1, ok: 2 };
  const words = (list: string[]): El => el('span', { class: 'lines' }, ...list.map((w, i) => el('span', { class: 'nowrap' }, w, i < list.length - 1 ? ',' : '')));
  return [
    { head: 'Flow', numeric: true, cell: (f) => el('span', { title: f.capture }, String(f.id)), key: (f) => f.id },
    { head: 'Names', numeric: false, cell: (f) => (f.names.length ? f.names.join(', ') : el('span', { class: 'dim' }, '(none)')), key: (f) => f.names.join(', ') },
    { head: 'Server', numeric: false, cell: (f) => el('code', null, hostPort(f.server_ip, f.server_port)), key: (f) => hostPort(f.server_ip, f.server_port) },
    { head: 'Country', numeric: false, cell: (f) => countryText(f.country, f.country_name), key: (f) => f.country },
    { head: 'AS', numeric: false, cell: (f) => (f.asn !== null ? `AS${f.asn}${f.as_org ? ` ${f.as_org}` : ''}` : '—'), key: (f) => (f.asn !== null ? `AS${f.asn} ${f.as_org ?? ''}` : '') },
    { head: 'Protocol', numeric: false, cell: (f) => `${f.protocol}/${f.transport}`, key: (f) => f.protocol },
    { head: 'Encrypted', numeric: false, cell: enc, key: enc },
    { head: 'Bytes up', numeric: true, cell: (f) => num(f.bytes_up), key: (f) => f.bytes_up },
    { head: 'Bytes down', numeric: true, cell: (f) => num(f.bytes_down), key: (f) => f.bytes_down },
    { head: 'Identifiers', numeric: false, cell: (f) => (f.identifiers.length ? words(f.identifiers.map((i) => `${i.name} (${i.forms.join(', ')})`)) : '—'), key: ids },
    {
      head: 'Verdict',
      numeric: false,
      cell: (f) =>
        f.verdict === 'fail'
          ? el('span', null, badge('fail'), words(f.offends))
          : f.verdict === 'waived'
            ? el('span', null, badge('waived'), words(f.waived))
            : badge('ok'),
      key: (f) => `${rank[f.verdict]} ${f.offends.join(' ')}`,
    },
  ];
}

/** Lower-case text of everything shown for a flow, for the filter box. */
export function flowHaystack(f: FlowView): string {
  return [
    f.id,
    f.names.join(' '),
    hostPort(f.server_ip, f.server_port),
    f.country,
    f.country_name,
    f.asn !== null ? `AS${f.asn}` : '',
    f.as_org ?? '',
    f.protocol,
    f.transport,
    f.identifiers.map((i) => `${i.name} ${i.forms.join(' ')}`).join(' '),
    f.verdict,
    f.offends.join(' '),
    f.waived.join(' '),
  ]
    .join(' ')
    .toLowerCase();
}

/** `<option>`s from [value, label] pairs. */
export function optionList(values: Array<[string, string]>): El[] {
  return values.map(([value, label]) => el('option', { value }, label));
}

/** The flow table of one scenario with its filter controls. */
export function flowTable(flows: FlowView[], anchor: string): El {
  // Rows drawn at once (a DOM of 100,000 rows freezes a browser); the filter reaches the rest.
  const maxRows = 2000;
  const cols = flowColumns();
  const state = { text: '', verdict: '', country: '', sort: -1, dir: 1 };
  const haystacks = flows.map(flowHaystack);
  const tbody = el('tbody');
  const count = el('p', { class: 'count', role: 'status', 'aria-live': 'polite' });
  const search = el('input', { type: 'search', id: `${anchor}-q`, placeholder: 'name, address, country, AS, identifier…', class: 'flow-filter' });
  const verdict = el('select', { id: `${anchor}-v`, class: 'flow-verdict' }, ...optionList([['', 'all'], ['fail', 'FAIL'], ['waived', 'waived'], ['ok', 'ok']]));
  const countries = [...new Set(flows.map((f) => f.country))].sort();
  const byCode = new Map(flows.map((f) => [f.country, f.country_name]));
  const country = el('select', { id: `${anchor}-c`, class: 'flow-country' }, ...optionList([['', 'all'], ...countries.map((c): [string, string] => [c, countryText(c, byCode.get(c) ?? c)])]));
  const heads = cols.map((c, i) => {
    const b = el('button', { type: 'button', class: 'sort' }, c.head);
    const th = el('th', { scope: 'col', class: c.numeric ? 'num' : null }, b);
    b.addEventListener('click', () => {
      state.dir = state.sort === i ? -state.dir : 1;
      state.sort = i;
      heads.forEach((h: El, j: number) => (j === i ? h.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending') : h.removeAttribute('aria-sort')));
      draw();
    });
    return th;
  });
  function draw(): void {
    const q = state.text.trim().toLowerCase();
    const idx = flows.map((_, i) => i).filter((i) => (!q || haystacks[i].includes(q)) && (!state.verdict || flows[i].verdict === state.verdict) && (!state.country || flows[i].country === state.country));
    if (state.sort >= 0) {
      const c = cols[state.sort];
      idx.sort((a, b) => {
        const x = c.key(flows[a]);
        const y = c.key(flows[b]);
        const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { numeric: true });
        return d * state.dir || a - b;
      });
    }
    tbody.replaceChildren(
      ...idx.slice(0, maxRows).map((i) => {
        const f = flows[i];
        return el('tr', { class: `v-row-${f.verdict}`, 'data-flow': f.id }, ...cols.map((c) => el('td', { class: c.numeric ? 'num' : null }, c.cell(f))));
      }),
    );
    count.textContent =
      idx.length > maxRows ? `the first ${num(maxRows)} of ${num(idx.length)} matching flows shown (of ${num(flows.length)}): filter to see the others` : `${idx.length} of ${flows.length} flows shown`;
  }
  search.addEventListener('input', () => {
    state.text = search.value;
    draw();
  });
  verdict.addEventListener('change', () => {
    state.verdict = verdict.value;
    draw();
  });
  country.addEventListener('change', () => {
    state.country = country.value;
    draw();
  });
  draw();
  const controls = el(
    'div',
    { class: 'controls', role: 'search' },
    el('label', { for: `${anchor}-q` }, 'Filter '),
    search,
    el('label', { for: `${anchor}-v` }, 'Verdict '),
    verdict,
    el('label', { for: `${anchor}-c` }, 'Country '),
    country,
  );
  const t = el('table', { class: 'flows', id: `${anchor}-flows` }, el('caption', null, 'Flows (click a column header to sort)'), el('thead', null, el('tr', null, ...heads)), tbody);
  return el('div', { class: 'flow-block' }, controls, count, el('div', { class: 'scroll' }, t));
}
