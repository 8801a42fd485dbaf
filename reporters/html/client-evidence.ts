/**
 * Browser side of the HTML report, part 3: a scenario's world map, the
 * evidence of its failures and its waivers. Runs in the page; see
 * client-dom.ts.
 */
import { badge, copyButton, countryText, el, facts, hostPort, plural, table, verdictWord, type El } from './client-dom.js';
import type { EvidenceView, ScenarioView } from './model.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

/**
 * The world map (cloned from the page's `<template id="world-map">`) with
 * destination countries coloured by verdict, and beside it every
 * destination in words, including LOCAL, unknown and countries too small
 * to draw at this scale.
 */
export function worldMap(s: ScenarioView): El {
  const tpl = document.getElementById('world-map');
  const svg = tpl ? tpl.content.firstElementChild.cloneNode(true) : null;
  const drawn = new Set<string>();
  if (svg) {
    svg.setAttribute('aria-labelledby', `${s.anchor}-map-h`);
    for (const c of s.countries) {
      for (const p of svg.querySelectorAll(`path[data-cc="${c.code.replace(/[^A-Z]/g, '')}"]`)) {
        p.classList.add(`v-${c.verdict}`);
        const t = p.querySelector('title');
        if (t) t.textContent = `${t.textContent}: ${verdictWord(c.verdict)} (${plural(c.flows, 'flow')})`;
        drawn.add(c.code);
      }
    }
  }
  const list = el(
    'ul',
    { class: 'dest-list' },
    ...s.countries.map((c) =>
      el('li', { 'data-cc': c.code }, badge(c.verdict), ` ${countryText(c.code, c.name)}, ${plural(c.flows, 'flow')}`, drawn.has(c.code) || !svg ? null : el('span', { class: 'dim' }, c.code === 'LOCAL' || c.code === 'unknown' ? ' (not on the map)' : ' (too small to draw at this scale)')),
    ),
  );
  const legend = el(
    'p',
    { class: 'legend' },
    el('span', { class: 'swatch v-fail' }),
    ' failing flows ',
    el('span', { class: 'swatch v-waived' }),
    ' waived only ',
    el('span', { class: 'swatch v-ok' }),
    ' passing ',
    el('span', { class: 'swatch v-none' }),
    ' no traffic',
  );
  return el(
    'div',
    { class: 'map-block' },
    el('figure', { class: 'map' }, svg, el('figcaption', null, legend)),
    el('div', { class: 'dest' }, el('h4', null, 'Destinations'), s.countries.length ? list : el('p', null, 'No flows.')),
  );
}

/** One offending flow: where it went, why it fails, its identifiers in context, a Wireshark filter. */
export function evidence(e: EvidenceView): El {
  const findings = table(
    null,
    ['Identifier', 'Category', 'Form', 'Frame', 'Direction', 'Where', 'Context (masked)'],
    e.findings.map((f) => [f.identifier, f.category, f.form, String(f.frame), f.direction, f.where, f.context ? el('code', { class: 'context' }, f.context) : '—']),
    'findings',
  );
  return el(
    'article',
    { class: 'evidence' },
    el('h5', null, `Flow ${e.flow}: ${e.names.length ? e.names.join(', ') : hostPort(e.server.ip, e.server.port)}`),
    facts([
      ['Reason', e.reason],
      ['Server', el('code', null, hostPort(e.server.ip, e.server.port))],
      ['Client', el('code', null, hostPort(e.client.ip, e.client.port))],
      ['Country', countryText(e.country, e.country_name)],
      ['AS', e.asn !== null ? `AS${e.asn}${e.as_org ? ` ${e.as_org}` : ''}` : 'unknown'],
      ['Protocol', `${e.protocol}, ${e.encrypted === true ? `encrypted${e.tls_version ? ` (${e.tls_version})` : ''}` : e.encrypted === false ? 'unencrypted' : 'opaque'}`],
      ['Frames', `${e.first_frame}–${e.last_frame} in ${e.capture}`],
      ['Rule', e.rule ? `"${e.rule.name}" (${e.rule.file}:${e.rule.line})` : 'no allow rule'],
      ['Wireshark filter', el('span', null, el('code', { class: 'filter' }, e.filter), ' ', copyButton(e.filter, `Copy the Wireshark filter of flow ${e.flow}`))],
    ]),
    e.http.length
      ? table(
          null,
          ['Frame', 'Method', 'Host', 'Path', 'Status'],
          e.http.map((h) => [String(h.frame), h.method ?? '—', h.host ?? '—', h.path !== null ? el('code', null, h.path) : '—', h.status !== null ? String(h.status) : '—']),
          'requests',
        )
      : null,
    e.findings.length ? findings : null,
  );
}

/** Every failed assertion of a scenario with its errors and offending flows. */
export function failures(s: ScenarioView): El | null {
  if (!s.failures.length) return null;
  return el(
    'section',
    { class: 'failures' },
    el('h4', null, 'Failures'),
    ...s.failures.map((f) =>
      el(
        'div',
        { class: 'failure' },
        el('h5', null, badge('fail'), ` ${f.assertion}: ${f.summary}`),
        f.errors.length ? el('ul', { class: 'errors' }, ...f.errors.map((x) => el('li', null, el('code', null, x.code), ` ${x.message}`))) : null,
        ...f.offenders.map(evidence),
      ),
    ),
  );
}

/** A scenario's waivers: what they cover, until when, the ticket, and whether they were used. */
export function waivers(s: ScenarioView): El | null {
  if (!s.waivers.length) return null;
  return el(
    'section',
    { class: 'waivers' },
    el('h4', null, 'Waivers'),
    table(
      null,
      ['Assertion', 'To', 'Expires', 'Ticket', 'Reason', 'State', 'Written at'],
      s.waivers.map((w) => [
        w.assertion,
        w.to.join(', '),
        w.expires,
        w.ticket ?? '—',
        w.reason,
        badge(w.state === 'used' ? 'waived' : w.state === 'expired' ? 'fail' : 'none', w.state),
        `${w.file}:${w.line}`,
      ]),
    ),
  );
}
