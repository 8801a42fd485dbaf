import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ADDR, IDS, httpPost, specYaml, tls } from '../e2e/captures.js';
import { write, type CliResult } from '../e2e/cli.js';
import { mergeByTime, writePcapng } from '../support/packets.js';
import { repoRoot, tempDir } from '../support/paths.js';
import { requireTool } from '../support/tools.js';
import { renderHtml } from '../../reporters/html/index.js';
import { manyFlowSuites, reporterOptions } from './html-fixtures.js';

const HOST = '<img src=x onerror="window.__pwned=1;alert(1)">';
const PATH = '/<script>window.__pwned=1;alert(2)</script>';
const SNI = '<img/src=x/onerror=alert(3)>';
const BODY = `imei=${IDS.imei}&note=<script>window.__pwned=1</script>`;
const RED = 'rgb(197, 34, 31)';

/** A capture whose HTTP Host, path and body and whose TLS SNI are markup that would run script. */
function hostileCapture(): Uint8Array {
  const t0 = 1_767_225_600;
  return writePcapng(mergeByTime(httpPost(t0, HOST, ADDR.cn, PATH, BODY), tls(t0 + 1, SNI, ADDR.fi)));
}

/** The CLI as a child process, without blocking (the runs and the browser start together). */
function leakspec(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'leakspec.js'), ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface Opened {
  page: Page;
  url: string;
  requests: string[];
  errors: string[];
  dialogs: string[];
}

describe('HTML report in a browser (chromium)', function () {
  let browser: Browser;
  let page: Page;
  let nokia: string;
  let hostile: string;
  const seen: Omit<Opened, 'page' | 'url'> = { requests: [], errors: [], dialogs: [] };

  /** Loads a report in the one page of this file (a fresh document each time). */
  async function open(file: string): Promise<Opened> {
    seen.requests.length = 0;
    seen.errors.length = 0;
    seen.dialogs.length = 0;
    const url = pathToFileURL(file).href;
    await page.goto(url);
    return { page, url, ...seen };
  }

  /** The section of the scenario whose heading contains `text`. */
  function scenario(page: Page, text: string) {
    return page.locator('section.scenario').filter({ has: page.locator('h3', { hasText: text }) });
  }

  before(async function () {
    requireTool(this, 'chromium');
    const out = tempDir();
    write(join(out, 'h', 'hostile.pcapng'), hostileCapture());
    write(join(out, 'h', 'spec.yaml'), specYaml({ hostile: 'hostile.pcapng' }));
    let r: CliResult;
    let h: CliResult;
    [r, h, browser] = await Promise.all([
      leakspec(['run', join(repoRoot, 'specs'), '--out', join(out, 'nokia'), '--reporter', 'html']),
      leakspec(['run', join(out, 'h', 'spec.yaml'), '--out', join(out, 'h', 'out'), '--reporter', 'html']),
      chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      }),
    ]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(h.code, 1, h.stdout + h.stderr);
    nokia = join(out, 'nokia', 'report.html');
    hostile = join(out, 'h', 'out', 'report.html');
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    page.on('request', (r) => seen.requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') seen.errors.push(m.text());
    });
    page.on('pageerror', (e) => seen.errors.push(e.message));
    page.on('dialog', (d) => {
      seen.dialogs.push(d.message());
      void d.dismiss();
    });
  });

  after(async function () {
    await browser?.close();
  });

  it('the bundled example renders with no console error and requests nothing but the file itself', async function () {
    const o = await open(nokia);
    await o.page.locator('section.scenario').first().waitFor();
    assert.deepEqual(o.errors, []);
    assert.deepEqual(o.requests, [o.url]);
    assert.match(await o.page.locator('#totals').innerText(), /4 passed, 4 failed of 8 tests/);
    mkdirSync(join(repoRoot, 'test-output'), { recursive: true });
    await o.page.screenshot({ path: join(repoRoot, 'test-output', 'report.png'), fullPage: true });
  });

  it('shows the failing zzhc.vnet.cn flow with country CN, and a red China on the map', async function () {
    const o = await open(nokia);
    const leaky = scenario(o.page, '00WW_3_22C');
    const row = leaky.locator('table.flows tbody tr', { hasText: 'zzhc.vnet.cn' });
    assert.equal(await row.count(), 1);
    assert.ok(await row.isVisible());
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[3], 'CN China');
    assert.equal(cells[2], '202.97.34.18:80');
    assert.match(cells[10].replace(/\s+/g, ' '), /^FAIL no-plaintext, no-cross-border, allowed-flows-only, identifiers-confined$/);
    const fill = (s: ReturnType<typeof scenario>, cc: string) => s.locator(`svg.world path[data-cc="${cc}"]`).first().evaluate((p) => (globalThis as unknown as { getComputedStyle(e: unknown): { fill: string } }).getComputedStyle(p).fill);
    assert.equal(await fill(leaky, 'CN'), RED);
    assert.equal(await fill(leaky, 'IE'), 'rgb(46, 139, 87)', 'passing Ireland is green');
    const fixed = scenario(o.page, '00WW_3_22D');
    assert.notEqual(await fill(fixed, 'CN'), RED, 'the fixed build sends nothing to China');
    assert.match(await leaky.locator('.dest-list').innerText(), /LOCAL local network, 6 flows/);
    assert.match(await leaky.locator('.failures').innerText(), /ip\.addr == 10\.0\.2\.15 && ip\.addr == 202\.97\.34\.18/);
  });

  it('typing in the filter box and choosing a verdict or country narrows the flow table', async function () {
    const o = await open(nokia);
    const leaky = scenario(o.page, '00WW_3_22C');
    const rows = leaky.locator('table.flows tbody tr');
    assert.equal(await rows.count(), 15);
    await leaky.locator('input.flow-filter').fill('zzhc');
    assert.equal(await rows.count(), 1);
    assert.match(await leaky.locator('.count').innerText(), /^1 of 15 flows shown$/);
    await leaky.locator('input.flow-filter').fill('google');
    assert.equal(await rows.count(), 5);
    await leaky.locator('input.flow-filter').fill('');
    await leaky.locator('select.flow-country').selectOption('US');
    assert.equal(await rows.count(), 3);
    await leaky.locator('select.flow-country').selectOption('');
    await leaky.locator('select.flow-verdict').selectOption('fail');
    assert.deepEqual(await rows.locator('td:nth-child(2)').allInnerTexts(), ['zzhc.vnet.cn']);
  });

  it('clicking a column header sorts the flows, again reverses them', async function () {
    const o = await open(nokia);
    const leaky = scenario(o.page, '00WW_3_22C');
    const up = async () => (await leaky.locator('table.flows tbody td:nth-child(8)').allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
    const header = leaky.locator('table.flows th', { hasText: 'Bytes up' });
    const before = await up();
    assert.notDeepEqual(before, [...before].sort((a, b) => a - b), 'flows start in capture order, not by size');
    await header.locator('button').click();
    const asc = await up();
    assert.deepEqual(asc, [...before].sort((a, b) => a - b));
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    await header.locator('button').click();
    assert.deepEqual(await up(), [...asc].sort((a, b) => b - a));
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    await leaky.locator('table.flows th', { hasText: 'Country' }).locator('button').click();
    const countries = await leaky.locator('table.flows tbody td:nth-child(4)').allInnerTexts();
    assert.deepEqual(countries, [...countries].sort());
  });

  it('the copy button puts the Wireshark filter of a failing flow on the clipboard', async function () {
    const o = await open(nokia);
    const ev = scenario(o.page, '00WW_3_22C').locator('.evidence').first();
    const filter = await ev.locator('code.filter').innerText();
    assert.match(filter, /^ip\.addr == 10\.0\.2\.15 && ip\.addr == 202\.97\.34\.18 && tcp\.port == \d+ && tcp\.port == 80$/);
    await ev.locator('button.copy').click();
    await ev.locator('.copy-status', { hasText: 'copied' }).waitFor();
    assert.equal(await o.page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText()), filter);
  });

  it('a flow table over 2,000 rows draws the first 2,000, says so, and the filter reaches the rest', async function () {
    const file = join(tempDir(), 'many.html');
    writeFileSync(file, renderHtml(manyFlowSuites(2500), reporterOptions()));
    const o = await open(file);
    const rows = o.page.locator('table.flows tbody tr');
    assert.equal(await rows.count(), 2000);
    assert.equal(await o.page.locator('.count').innerText(), 'the first 2,000 of 2,500 matching flows shown (of 2,500): filter to see the others');
    await o.page.locator('input.flow-filter').fill('host-2345.example');
    assert.equal(await rows.count(), 1);
    assert.deepEqual(o.errors, []);
  });

  it('a hostile capture is shown as text: no dialog, no script run', async function () {
    const o = await open(hostile);
    await o.page.locator('section.scenario').first().waitFor();
    assert.deepEqual(o.dialogs, []);
    assert.equal(await o.page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), undefined);
    assert.deepEqual(o.errors, []);
    assert.deepEqual(o.requests, [o.url]);
    assert.equal(await o.page.locator('main img, main script, main iframe').count(), 0);
    const flows = o.page.locator('table.flows');
    assert.ok(await flows.getByText(HOST, { exact: true }).isVisible(), 'the Host is visible as text');
    assert.ok(await flows.getByText(SNI, { exact: true }).isVisible(), 'the SNI is visible as text');
    const failures = await o.page.locator('.failures').innerText();
    assert.ok(failures.includes(PATH), 'the request path is shown as text in the evidence');
    assert.match(failures, /\[\*+7518\]&note=<script>window/, 'the body around the masked identifier is shown as text');
  });
});
