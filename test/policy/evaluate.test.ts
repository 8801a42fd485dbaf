import assert from 'node:assert/strict';
import { isLeakspecError } from '../../src/errors.js';
import { assertions, evaluateScenario, failScenario, todayUtc } from '../../src/policy/index.js';
import { ASSERTIONS } from '../../src/spec/types.js';
import { analysis, dnsFlow, flow, rule, scenario, zzhcFlow } from './factories.js';

describe('policy: evaluateScenario', () => {
  it('has one registered assertion per name of the spec format', () => {
    assert.deepEqual(Object.keys(assertions).sort(), [...ASSERTIONS].sort());
    for (const name of ASSERTIONS) assert.equal(assertions[name].name, name);
  });

  it('returns one result per expected assertion, in the order of expect', () => {
    const sc = scenario({ expect: ['identifiers-confined', 'no-plaintext', 'no-cross-border'] });
    const results = evaluateScenario(sc, [analysis([flow()])], { today: '2026-06-01' });
    assert.deepEqual(results.map((r) => r.assertion), ['identifiers-confined', 'no-plaintext', 'no-cross-border']);
  });

  it('fails all four assertions on the activation POST of DESIGN.md, and passes them on allowed traffic', () => {
    const sc = scenario({ allow: [rule({ to: ['*.example.no'] }), rule({ to: ['api.example.no'] })] });
    const bad = evaluateScenario(sc, [analysis([flow(), dnsFlow(), zzhcFlow()])], { today: '2026-06-01' });
    assert.deepEqual(bad.map((r) => r.status), ['failed', 'failed', 'failed', 'failed']);
    for (const r of bad) assert.deepEqual(r.offenders.map((e) => e.names), [['zzhc.vnet.cn']]);
    const good = evaluateScenario(sc, [analysis([flow(), dnsFlow()])], { today: '2026-06-01' });
    for (const r of good) {
      assert.equal(r.status, 'passed');
      assert.equal(r.summary, 'ok');
      assert.equal(r.message, '');
      assert.deepEqual([r.offenders, r.waived, r.errors, r.unusedWaivers], [[], [], [], []]);
    }
  });

  it('judges the flows of every capture and names the capture in the evidence', () => {
    const sc = scenario({ expect: ['allowed-flows-only'] });
    const [r] = evaluateScenario(
      sc,
      [analysis([zzhcFlow()], '/fixtures/a.pcap', 'pcap'), analysis([zzhcFlow()], '/fixtures/b.pcapng')],
      { today: '2026-06-01' },
    );
    assert.deepEqual(r.offenders.map((e) => e.capture), ['/fixtures/a.pcap', '/fixtures/b.pcapng']);
    assert.match(r.message, /in \/fixtures\/a\.pcap/);
    assert.match(r.message, /in \/fixtures\/b\.pcapng/);
  });

  it('fails every assertion when no capture was analysed', () => {
    const results = evaluateScenario(scenario(), [], { today: '2026-06-01' });
    assert.equal(results.length, 4);
    for (const r of results) assert.equal(r.status, 'failed');
  });

  it('rejects a today that is not a date', () => {
    assert.throws(() => evaluateScenario(scenario(), [analysis([])], { today: '01/06/2026' }), (e: unknown) => isLeakspecError(e) && e.code === 'LS_INTERNAL');
  });

  it('returns JSON-serialisable results', () => {
    const results = evaluateScenario(scenario(), [analysis([zzhcFlow()])], { today: '2026-06-01' });
    assert.deepEqual(JSON.parse(JSON.stringify(results)), results);
  });
});

describe('policy: failScenario', () => {
  it('fails every expected assertion with the error, pointing at the scenario', () => {
    const sc = scenario({ expect: ['no-plaintext', 'allowed-flows-only'] });
    const error = { code: 'LS_CAPTURE_TRUNCATED', message: 'first-boot.pcapng ends inside a record at byte 4096\nrepair it with: pcapfix' };
    const results = failScenario(sc, error);
    assert.deepEqual(results.map((r) => r.assertion), ['no-plaintext', 'allowed-flows-only']);
    for (const r of results) {
      assert.equal(r.status, 'failed');
      assert.deepEqual(r.errors, [error]);
      assert.equal(r.summary, 'first-boot.pcapng ends inside a record at byte 4096');
      assert.ok(r.message.includes('LS_CAPTURE_TRUNCATED'));
      assert.ok(r.message.includes('repair it with: pcapfix'));
      assert.ok(r.message.includes('scenario: first boot activation at /specs/nokia-7-plus.yaml:30'));
      assert.deepEqual([r.offenders, r.waived, r.unusedWaivers], [[], [], []]);
    }
  });
});

describe('policy: todayUtc', () => {
  it('uses LEAKSPEC_TODAY when set', () => {
    assert.equal(todayUtc({ LEAKSPEC_TODAY: '2027-02-01' }), '2027-02-01');
  });

  it('uses the UTC date of the clock otherwise (also when LEAKSPEC_TODAY is empty)', () => {
    // 23:30 on 31 Dec in UTC-05:00 is already 1 Jan in UTC.
    const now = new Date('2026-12-31T23:30:00-05:00');
    assert.equal(todayUtc({}, now), '2027-01-01');
    assert.equal(todayUtc({ LEAKSPEC_TODAY: '' }, now), '2027-01-01');
  });

  it('throws a usage error for a value that is not a real date', () => {
    for (const bad of ['2027-2-1', '2027-02-30', 'tomorrow', '2027-02-01T00:00:00Z']) {
      assert.throws(() => todayUtc({ LEAKSPEC_TODAY: bad }), (e: unknown) => isLeakspecError(e) && e.code === 'LS_USAGE', bad);
    }
  });
});

describe('policy: capture errors', () => {
  it('fails every assertion of a scenario whose capture is unfit to judge, still showing its flows', () => {
    const truncated = { ...analysis([zzhcFlow()], '/fixtures/cut.pcap', 'pcap'), errors: [{ code: 'LS_CAPTURE_TRUNCATED', message: 'ends inside a record' }] };
    const results = evaluateScenario(scenario(), [analysis([flow()]), truncated], { today: '2026-06-01' });
    for (const r of results) {
      assert.equal(r.status, 'failed');
      assert.deepEqual(r.errors[0], { code: 'LS_CAPTURE_TRUNCATED', message: '/fixtures/cut.pcap: ends inside a record' });
      assert.ok(r.message.includes('error LS_CAPTURE_TRUNCATED: /fixtures/cut.pcap: ends inside a record'));
    }
    assert.equal(results[0].offenders[0].capture, '/fixtures/cut.pcap');
  });

  it('fails even an assertion with no offending flow', () => {
    const empty = { ...analysis([]), errors: [{ code: 'LS_CAPTURE_EMPTY', message: '/fixtures/first-boot.pcapng: the window holds no packets' }] };
    const [r] = evaluateScenario(scenario({ expect: ['allowed-flows-only'] }), [empty], { today: '2026-06-01' });
    assert.equal(r.status, 'failed');
    assert.equal(r.summary, '/fixtures/first-boot.pcapng: the window holds no packets');
  });
});
