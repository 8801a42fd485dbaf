import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mergeByTime, writePcapng } from '../support/packets.js';
import { tempDir } from '../support/paths.js';
import { ADDR, DEVICE, dns, httpPost } from './captures.js';
import { leakspec, readJUnit, write } from './cli.js';

/** An IMEI nobody declared (Luhn-valid, GSMA reporting body 35) in a plaintext POST to an allowed host. */
const UNDECLARED_IMEI = '356938035643809';

function spec(detectors: string): string {
  return `leakspec: 1
device:
  model: Detector Phone
  addresses: [${DEVICE}]
  identifiers:
    iccid: "89470000000000000017"
policy:
  home: [EEA, CN]
${detectors}
allow:
  - name: telemetry
    to: [telemetry.example.cn]
    protocols: [http]
    plaintext: true
    data: [iccid]
scenarios:
  - name: boot
    capture: c.pcapng
    expect: [identifiers-confined]
`;
}

describe('undeclared identifiers (policy.detectors, end to end)', function () {
  let dir: string;
  before(function () {
    dir = tempDir();
    const t0 = 1_767_225_600;
    write(join(dir, 'c.pcapng'), writePcapng(mergeByTime(dns(t0, 'telemetry.example.cn', ADDR.cn), httpPost(t0 + 1, 'telemetry.example.cn', ADDR.cn, '/t', `{"dev":"${UNDECLARED_IMEI}","v":2}`))));
  });

  it('an IMEI nobody declared fails identifiers-confined as undeclared:imei', function () {
    write(join(dir, 'on.yaml'), spec(''));
    const r = leakspec(['run', join(dir, 'on.yaml'), '--out', join(dir, 'on'), '--reporter', 'junit']);
    assert.equal(r.code, 1, r.stderr);
    const c = readJUnit(join(dir, 'on', 'junit.xml')).suites[0].cases[0];
    assert.ok(c.failure, 'must fail');
    assert.match(c.failure.text, /undeclared:imei/);
    assert.ok(!c.failure.text.includes(UNDECLARED_IMEI), 'the value itself is masked');
  });

  it('policy.detectors: [] turns the detectors off', function () {
    write(join(dir, 'off.yaml'), spec('  detectors: []'));
    const r = leakspec(['run', join(dir, 'off.yaml'), '--out', join(dir, 'off'), '--reporter', 'junit']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(readJUnit(join(dir, 'off', 'junit.xml')).suites[0].cases[0].failure, null);
  });
});
