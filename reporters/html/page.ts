/**
 * The HTML report page: one self-contained file (inline CSS and JS, the
 * data as JSON in `<script type="application/json">`, the map as inline
 * SVG), that loads nothing: a Content-Security-Policy allows no network
 * request and runs only the page's own script, by its hash.
 */
import { createHash } from 'node:crypto';
import { badge, copyButton, countryText, el, facts, hostPort, num, plural, printable, table, verdictWord } from './client-dom.js';
import { evidence, failures, waivers, worldMap } from './client-evidence.js';
import { flowColumns, flowHaystack, flowTable, optionList } from './client-flows.js';
import { main, provenance, scenarioSection, summary } from './client-main.js';
import { embedJson, escapeHtml } from './escape.js';
import { mapTemplate, type WorldMapData } from './map.js';
import type { ReportView } from './model.js';
import { STYLE } from './style.js';

/** Every function the page's script needs; their source text is the script. */
const CLIENT: Array<(...args: never[]) => unknown> = [
  printable, el, plural, num, verdictWord, badge, table, facts, hostPort, countryText, copyButton,
  flowColumns, flowHaystack, optionList, flowTable,
  worldMap, evidence, failures, waivers,
  summary, scenarioSection, provenance, main,
];

let script: string | null = null;

/** The page's script: the client functions' source, then a call of `main`. */
export function clientScript(): string {
  if (script) return script;
  const parts = CLIENT.map((f) => {
    const src = f.toString();
    if (!/^function\s/.test(src)) throw new Error(`client function ${f.name} must be a function declaration`);
    return src;
  });
  const text = `'use strict';\n${parts.join('\n')}\nmain();\n`;
  if (/<\/script|<!--/i.test(text)) throw new Error('the client script must not contain "</script" or "<!--"');
  script = text;
  return text;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The complete page for a report view and map. */
export function renderPage(view: ReportView, map: WorldMapData): string {
  const js = clientScript();
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(js)}`,
    `style-src ${sha256(STYLE)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const st = view.stats;
  const title = `leakspec report: ${st.failed ? `${st.failed} failed, ` : ''}${st.passed} passed`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="leakspec ${escapeHtml(view.leakspec.version)}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>leakspec report</h1>
<p id="totals"></p>
</header>
<main id="report">
<noscript><p>This report draws its tables with JavaScript, which is turned off. The same data is in report.json.</p></noscript>
</main>
<footer>
<p>Written by leakspec ${escapeHtml(view.leakspec.version)} at ${escapeHtml(view.started_at)}. Identifier values are masked: all but their last four characters.</p>
</footer>
${mapTemplate(map)}
<script type="application/json" id="report-data">${embedJson(view)}</script>
<script>${js}</script>
</body>
</html>
`;
}
