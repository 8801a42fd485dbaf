import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_REPORTERS, orderReporters, PLANNED_REPORTERS } from '../../reporters/index.js';
import { credits, renderHtml } from '../../reporters/html/index.js';
import { embedJson, escapeHtml } from '../../reporters/html/escape.js';
import { loadWorldMap } from '../../reporters/html/map.js';
import { buildView } from '../../reporters/html/model.js';
import { clientScript } from '../../reporters/html/page.js';
import { runSuites } from '../../src/runner/suites.js';
import { repoRoot, tempDir } from '../support/paths.js';
import { HOSTILE, hostileSuites, reporterOptions } from './html-fixtures.js';

/** The inline `<script>` elements of a page: [attributes, content]. */
function scripts(html: string): Array<[string, string]> {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => [m[1], m[2]]);
}

function embedded(html: string): unknown {
  const data = scripts(html).find(([attrs]) => attrs.includes('id="report-data"'));
  assert.ok(data, 'a report-data script element');
  assert.match(data[0], /type="application\/json"/);
  return JSON.parse(data[1]);
}

describe('HTML reporter: the page', function () {
  const suites = hostileSuites();
  const opts = reporterOptions();
  const html = renderHtml(suites, opts);

  it('references nothing on the network: no URL at all, no external src/href, no CSS import', function () {
    assert.doesNotMatch(html, /https?:\/\//i);
    assert.doesNotMatch(html, /\b(?:src|href|srcset|action|poster|xlink:href)\s*=\s*["']?\s*(?:[a-z]+:)?\/\//i);
    assert.doesNotMatch(html, /@import|url\(/i);
    for (const m of html.matchAll(/\bhref="([^"]*)"/g)) assert.match(m[1], /^#/, `href ${m[1]}`);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
  });

  it('allows, by its hash, exactly the inline script it carries', function () {
    const code = scripts(html).filter(([attrs]) => !attrs.includes('application/json'));
    assert.equal(code.length, 1);
    const hash = createHash('sha256').update(code[0][1], 'utf8').digest('base64');
    assert.ok(html.includes(`script-src &#39;sha256-${hash}&#39;`), 'CSP names the script hash');
    assert.equal(code[0][1], clientScript());
    assert.doesNotThrow(() => new Function(clientScript()), 'the client script parses');
  });

  it('embeds the report data as JSON that reads back unchanged', function () {
    const view = buildView(suites, opts, credits(opts, loadWorldMap()));
    assert.deepEqual(embedded(html), JSON.parse(JSON.stringify(view)));
    const v = embedded(html) as { suites: Array<{ model: string; scenarios: Array<{ flows: Array<{ names: string[]; verdict: string; offends: string[]; waived: string[] }> }> }> };
    assert.equal(v.suites[0].model, `Phone ${HOSTILE.closeScript}`);
    const flows = v.suites[0].scenarios[0].flows;
    assert.deepEqual(
      flows.map((f) => [f.verdict, f.offends, f.waived]),
      [
        ['fail', ['no-plaintext', 'no-cross-border'], []],
        ['ok', [], []],
        ['waived', [], ['no-cross-border']],
        ['ok', [], []],
      ],
    );
  });

  it('holds hostile text from captures and specs only escaped', function () {
    assert.equal(scripts(html).length, 2, 'no extra script element');
    assert.ok(!html.includes(HOSTILE.closeScript));
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('onerror="'));
    assert.ok(!html.includes('<!-- <script>'));
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(html, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/, 'no raw control character');
    assert.ok(html.includes('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)'), 'the closing tag is in the JSON, escaped');
    const text = JSON.stringify(embedded(html));
    for (const s of Object.values(HOSTILE)) assert.ok(text.includes(JSON.stringify(s).slice(1, -1)), `round-trips ${JSON.stringify(s)}`);
  });

  it('marks waivers used, unused and expired', function () {
    const v = embedded(html) as { suites: Array<{ scenarios: Array<{ waivers: Array<{ to: string[]; state: string; ticket: string | null }> }> }> };
    assert.deepEqual(
      v.suites[0].scenarios[0].waivers.map((w) => [w.to[0], w.state, w.ticket]),
      [
        ['waived.example', 'used', 'PRIV-1'],
        ['nothing.example', 'unused', null],
      ],
    );
    const late = reporterOptions();
    late.info.today = '2027-01-01';
    const suites2 = hostileSuites();
    const run = suites2[0].meta!.scenarios[0];
    run.results[1].waived = [];
    run.results[1].unusedWaivers = [];
    const w = buildView(suites2, late).suites[0].scenarios[0].waivers;
    assert.deepEqual(w.map((x) => x.state), ['expired', 'expired']);
  });

  it('carries provenance: version, today and who set it, capture hashes, geo database, the DB-IP credit', function () {
    const v = embedded(html) as { today: string; today_from_env: boolean; leakspec: { version: string }; credits: string[]; suites: Array<{ scenarios: Array<{ captures: Array<{ sha256: string; geo_db: { name: string; build_date: string } }> }> }> };
    assert.equal(v.today, '2026-06-01');
    assert.equal(v.today_from_env, true);
    assert.equal(v.leakspec.version, '0.0.0-test');
    assert.deepEqual(v.suites[0].scenarios[0].captures[0].geo_db, { name: 'test-geo', build_date: '2026-01-01' });
    assert.equal(v.suites[0].scenarios[0].captures[0].sha256, 'a'.repeat(64));
    assert.ok(v.credits.includes('IP to ASN data by DB-IP (db-ip.com), CC BY 4.0.'));
    assert.ok(v.credits.some((c) => c.includes('test-geo') && c.includes('CC BY 4.0')));
    assert.ok(v.credits.some((c) => c.includes('Natural Earth')));
    assert.ok(clientScript().includes('set by LEAKSPEC_TODAY'));
  });

  it('escapes markup and control characters in the strings it writes as markup', function () {
    assert.equal(escapeHtml(`<a href="x">'&\u0000`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;\\u0000');
    const s = embedJson({ a: '</script>\u2028&\u0085' });
    assert.doesNotMatch(s, /[<>&\u2028\u0085]/);
    assert.deepEqual(JSON.parse(s), { a: '</script>\u2028&\u0085' });
  });
});

describe('HTML reporter: registration and output file', function () {
  it('is a default reporter, attached before the console one', function () {
    assert.ok(DEFAULT_REPORTERS.includes('html'));
    assert.deepEqual([...DEFAULT_REPORTERS].sort(), ['console', 'html', 'json', 'junit']);
    assert.ok(!PLANNED_REPORTERS.includes('html'));
    assert.deepEqual(orderReporters(['console', 'html']), ['html', 'console']);
  });

  it('writes <out>/report.html at the end of the run and records where', async function () {
    const out = tempDir();
    const opts = reporterOptions(out);
    const [suite] = hostileSuites();
    const sink = { write: () => true } as unknown as NodeJS.WritableStream;
    const { failures } = await runSuites([{ spec: suite.meta!.spec, runs: suite.meta!.scenarios }], opts.info, ['html'], sink);
    assert.equal(failures, 2);
    assert.equal(opts.info.written.html, join(out, 'report.html'));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const v = embedded(html) as { stats: { tests: number; failed: number; passed: number } };
    assert.deepEqual([v.stats.tests, v.stats.failed, v.stats.passed], [2, 2, 0]);
    assert.match(html, /<title>leakspec report: 2 failed, 0 passed<\/title>/);
  });
});

describe('HTML reporter: the world map data', function () {
  it('ships data/world-110m.json with an alpha-2 id and a path for each shape', function () {
    const map = loadWorldMap();
    const ids = new Set(map.countries.map((c) => c.id));
    assert.ok(map.countries.length >= 170, `${map.countries.length} shapes`);
    for (const code of ['CN', 'US', 'DE', 'FI', 'NO', 'IE', 'RU', 'BR', 'AU', 'XK']) assert.ok(ids.has(code), code);
    assert.ok(!ids.has('AQ'), 'Antarctica left out');
    for (const c of map.countries) {
      assert.match(c.d, /^(M-?\d+ -?\d+l[-\d ]+z)+$/, c.id);
      // Every ring stays inside the picture: nothing drawn across the map at the antimeridian.
      for (const ring of c.d.split('z').filter(Boolean)) {
        const [, mx, my, rest] = /^M(-?\d+) (-?\d+)l(.*)$/.exec(ring)!;
        let x = Number(mx);
        let y = Number(my);
        const nums = rest.match(/-?\d+/g)!.map(Number);
        for (let i = 0; i < nums.length; i += 2) {
          x += nums[i];
          y += nums[i + 1];
          assert.ok(x >= 0 && x <= map.width && y >= 0 && y <= map.height, `${c.id} point ${x},${y}`);
        }
      }
    }
  });

  it('is what scripts/build-world-map.ts builds from the installed world-atlas', async function () {
    const { worldMapText } = await import('../../scripts/build-world-map.js');
    assert.equal(worldMapText(), readFileSync(join(repoRoot, 'data', 'world-110m.json'), 'utf8'), 'data/world-110m.json is stale: rebuild it');
  });

  it('maps ISO numeric codes to the alpha-2 codes of the ISO table (Debian iso-codes, when installed)', async function () {
    const file = '/usr/share/iso-codes/json/iso_3166-1.json';
    if (!existsSync(file)) {
      process.stdout.write('      (skipped: iso-codes is not installed)\n');
      this.skip();
    }
    const { NUMERIC_TO_ALPHA2 } = await import('../../scripts/world-map-ids.js');
    const iso = (JSON.parse(readFileSync(file, 'utf8')) as { '3166-1': Array<{ alpha_2: string; numeric: string }> })['3166-1'];
    assert.deepEqual(Object.fromEntries(iso.map((c) => [c.numeric, c.alpha_2]).sort()), { ...NUMERIC_TO_ALPHA2 });
  });
});
