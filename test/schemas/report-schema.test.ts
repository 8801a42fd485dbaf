/**
 * schema/report.schema.json documents every field of report.json: reports of
 * real runs validate (bundled specs; waivers active, expired and unused; a
 * missing capture; undeclared findings), and an undocumented field fails.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADDR, IDS, dns, httpPost, leakBody, specYaml, tls } from '../e2e/captures.js';
import { leakspec, write } from '../e2e/cli.js';
import { mergeByTime, writePcapng } from '../support/packets.js';
import { repoRoot, tempDir } from '../support/paths.js';
import { assertValid, describeErrors, validators } from './validators.js';

type Json = Record<string, any>;

function readReport(dir: string): Json {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Json;
}

/** The leak of the bundled example, plus an e-mail address nobody declared, in the same body. */
function leakWithUndeclared(): Uint8Array {
  const t0 = 1_767_225_600;
  const body = `${leakBody()}&owner=device.owner@example.org`;
  return writePcapng(
    mergeByTime(
      dns(t0, 'activation.hmdglobal.com', ADDR.fi),
      tls(t0 + 0.1, 'activation.hmdglobal.com', ADDR.fi),
      dns(t0 + 1, 'zzhc.vnet.cn', ADDR.cn),
      httpPost(t0 + 1.1, 'zzhc.vnet.cn', ADDR.cn, '/zzhc/v1/activate', body, 200),
    ),
  );
}

const WAIVERS = `    waivers:
      - assertion: no-cross-border
        to: [zzhc.vnet.cn]
        reason: activation client removed in the next build
        ticket: PRIV-1
        expires: 2026-12-31
      - assertion: allowed-flows-only
        to: [zzhc.vnet.cn]
        reason: stale
        expires: 2026-01-31
      - assertion: no-plaintext
        to: [nothing.example]
        reason: matches nothing
        ticket: PRIV-2
        expires: 2026-12-31
`;

describe('schema/report.schema.json', () => {
  let bundled: Json;
  let edge: Json;

  before(function () {
    this.timeout(120_000);
    const out1 = tempDir();
    const r1 = leakspec(['run', join(repoRoot, 'specs'), '--out', out1, '--reporter', 'json']);
    assert.equal(r1.code, 1, r1.stderr);
    bundled = readReport(out1);

    const dir = tempDir();
    write(join(dir, 'captures', 'leak.pcapng'), leakWithUndeclared());
    const spec = specYaml({ 'leaky boot': '../captures/leak.pcapng', 'missing capture': '../captures/missing.pcapng' });
    // the waivers belong to the first scenario: insert them after its capture line
    const withWaivers = spec.replace('    capture: ../captures/leak.pcapng\n', `    capture: ../captures/leak.pcapng\n${WAIVERS}`);
    write(join(dir, 'specs', 'test-phone.yaml'), withWaivers);
    const out2 = join(dir, 'reports');
    const r2 = leakspec(['run', join(dir, 'specs'), '--out', out2, '--reporter', 'json'], { env: { LEAKSPEC_TODAY: '2026-06-01' } });
    assert.equal(r2.code, 1, r2.stderr);
    edge = readReport(out2);
  });

  it('validates the report.json of the bundled specs', () => {
    assertValid('report', bundled, 'bundled report.json');
    assert.ok(bundled.stats.failed > 0 && bundled.stats.passed > 0);
  });

  it('validates a report with active, expired and unused waivers, a missing capture and undeclared findings', () => {
    assertValid('report', edge, 'report.json of the edge-case spec');
    // the cases are really in it, so the schema was checked against them
    assert.equal(edge.today, '2026-06-01');
    assert.equal(edge.today_from_env, true);
    const [leaky, missing] = edge.suites[0].scenarios as Json[];
    const by = (name: string): Json => leaky.assertions.find((a: Json) => a.assertion === name);
    assert.equal(by('no-cross-border').waived.length, 1);
    assert.equal(by('no-cross-border').waived[0].waiver.ticket, 'PRIV-1');
    assert.ok(by('allowed-flows-only').errors.some((e: Json) => e.code === 'LS_WAIVER_EXPIRED'));
    assert.deepEqual(by('no-plaintext').unused_waivers.map((w: Json) => w.to), [['nothing.example']]);
    const findings = by('no-plaintext').offenders.flatMap((o: Json) => o.findings) as Json[];
    assert.ok(findings.some((f) => f.identifier === 'undeclared:email'), JSON.stringify(findings.map((f) => f.identifier)));
    assert.ok(findings.some((f) => f.identifier === 'imei' && f.form === 'base64'));
    assert.equal(missing.error?.code, 'LS_CAPTURE_MISSING');
    assert.deepEqual(missing.analyses, []);
    assert.ok(missing.assertions.every((a: Json) => a.status === 'failed' && a.errors.length > 0));
  });

  it('rejects a field it does not document, at every level', () => {
    const validate = validators().report;
    const cases: Array<[string, (r: Json) => void, string]> = [
      ['top level', (r) => (r.duration_ms = 12), 'duration_ms'],
      ['stats', (r) => (r.stats.skipped = 0), 'skipped'],
      ['suite', (r) => (r.suites[0].tags = []), 'tags'],
      ['device', (r) => (r.suites[0].device.imei = IDS.imei), 'imei'],
      ['scenario', (r) => (r.suites[0].scenarios[0].duration = 1), 'duration'],
      ['assertion', (r) => (r.suites[0].scenarios[0].assertions[0].severity = 'high'), 'severity'],
      ['offender', (r) => (r.suites[0].scenarios[0].assertions[0].offenders[0].url = 'http://x'), 'url'],
      ['waiver', (r) => (r.suites[0].scenarios[0].assertions[1].waived[0].waiver.owner = 'me'), 'owner'],
      ['analysis', (r) => (r.suites[0].scenarios[0].analyses[0].flows[0].ja3 = 'x'), 'ja3'],
    ];
    for (const [where, mutate, field] of cases) {
      const r = structuredClone(edge);
      mutate(r);
      assert.equal(validate(r), false, `an undocumented field in ${where} passed`);
      assert.ok(
        validate.errors?.some((e) => e.keyword === 'additionalProperties' && (e.params as { additionalProperty: string }).additionalProperty === field),
        `${where}: ${describeErrors(validate.errors)}`,
      );
    }
    const broken = structuredClone(edge);
    delete broken.suites[0].scenarios[0].assertions[1].waived[0].waiver;
    assert.equal(validate(broken), false, 'a waived flow without its waiver passed');
    const badDate = structuredClone(edge);
    badDate.today = '01/06/2026';
    assert.equal(validate(badDate), false, 'a `today` that is not YYYY-MM-DD passed');
  });
});
