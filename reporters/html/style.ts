/** The HTML report's stylesheet (inlined; system fonts only). Verdicts always have a word beside their colour. */
export const STYLE = `
:root { color-scheme: light; --fail: #c5221f; --fail-bg: #fce8e6; --fail-fg: #8c1d18; --waived: #e8a200; --waived-bg: #fef3c7; --waived-fg: #6b4a00;
  --ok: #2e8b57; --ok-bg: #e1f3e7; --ok-fg: #1b5e33; --none: #d5d9de; --none-bg: #eceff1; --none-fg: #3c4043; --line: #d0d4d9; --dim: #5f6368; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #202124; background: #fff; }
header, main, footer { max-width: 1280px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 16px; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.15rem; margin: 24px 0 8px; }
h4 { font-size: 1rem; margin: 18px 0 6px; }
h5 { font-size: .95rem; margin: 12px 0 6px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .88em; overflow-wrap: anywhere; }
.dim { color: var(--dim); }
.nowrap { white-space: nowrap; }
.lines > span { display: block; }
nav ul { padding-left: 20px; }
nav li { margin: 2px 0; }
table { border-collapse: collapse; margin: 6px 0 12px; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f4; }
td.num, th.num { text-align: right; }
.scroll { overflow-x: auto; }
table.flows { font-size: .85rem; }
table.flows th, table.flows td { padding: 3px 6px; }
table.flows td code { white-space: nowrap; overflow-wrap: normal; }
tr.v-row-fail td { background: var(--fail-bg); }
tr.v-row-waived td { background: var(--waived-bg); }
.badge { display: inline-block; padding: 0 6px; border-radius: 4px; font-weight: 600; font-size: .85em; border: 1px solid; white-space: nowrap; }
.badge.v-fail { background: var(--fail-bg); color: var(--fail-fg); border-color: var(--fail); }
.badge.v-waived { background: var(--waived-bg); color: var(--waived-fg); border-color: var(--waived); }
.badge.v-ok { background: var(--ok-bg); color: var(--ok-fg); border-color: var(--ok); }
.badge.v-none { background: var(--none-bg); color: var(--none-fg); border-color: var(--none); }
button.sort { all: unset; cursor: pointer; font-weight: 600; }
button.sort:focus-visible, button.copy:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
th button.sort::after { content: " \\2195"; color: var(--dim); font-weight: 400; }
th[aria-sort="ascending"] button.sort::after { content: " \\25B2"; color: #202124; }
th[aria-sort="descending"] button.sort::after { content: " \\25BC"; color: #202124; }
.controls { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin: 6px 0; }
.controls input { min-width: 260px; padding: 3px 6px; }
.count { margin: 2px 0; color: var(--dim); font-size: .9rem; }
.map-block { display: grid; grid-template-columns: minmax(0, 3fr) minmax(200px, 1fr); gap: 16px; align-items: start; }
@media (max-width: 800px) { .map-block { grid-template-columns: 1fr; } }
figure.map { margin: 0; }
svg.world { width: 100%; height: auto; display: block; background: #f4f8fb; border: 1px solid var(--line); border-radius: 4px; }
svg.world path { fill: var(--none); stroke: #fff; stroke-width: .5; }
svg.world path.v-fail { fill: var(--fail); }
svg.world path.v-waived { fill: var(--waived); }
svg.world path.v-ok { fill: var(--ok); }
.legend { font-size: .85rem; color: var(--dim); }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; border: 1px solid #888; margin-left: 8px; }
.swatch.v-fail { background: var(--fail); } .swatch.v-waived { background: var(--waived); } .swatch.v-ok { background: var(--ok); } .swatch.v-none { background: var(--none); }
.dest h4 { margin-top: 0; }
.dest-list { list-style: none; padding: 0; margin: 0; }
.dest-list li { margin: 3px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
dl.facts dt { font-weight: 600; color: var(--dim); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.failure { border-left: 4px solid var(--fail); padding: 2px 0 2px 12px; margin: 10px 0; }
.evidence { border: 1px solid var(--line); border-radius: 4px; padding: 4px 12px 8px; margin: 8px 0; background: #fcfcfd; }
code.context { white-space: pre-wrap; }
button.copy { font: inherit; font-size: .8rem; padding: 0 6px; cursor: pointer; }
.copy-status { font-size: .8rem; color: var(--dim); margin-left: 4px; }
.error { color: var(--fail-fg); }
footer { color: var(--dim); font-size: .85rem; border-top: 1px solid var(--line); margin-top: 24px; padding-top: 8px; padding-bottom: 24px; }
@media print { .controls, button.copy { display: none; } tr.v-row-fail td { background: none; } }
`;
