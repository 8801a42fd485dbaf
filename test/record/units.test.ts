import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDuration, parseRecordConfig, scenarioSlug } from '../../src/record/index.js';
import { pickBlock, usedBlocks } from '../../src/record/drivers/netns-links.js';
import { LogBuffer } from '../../src/record/log-buffer.js';
import { extractSingleFile } from '../../src/record/tar-extract.js';
import { loadSpec } from '../../src/spec/index.js';
import { write } from '../e2e/cli.js';
import { repoRoot, tempDir } from '../support/paths.js';
import { requireTool } from '../support/tools.js';

describe('record: configuration', function () {
  it('parses durations as the schema writes them', function () {
    assert.equal(parseDuration('120s'), 120_000);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('1.5s'), 1500);
    for (const bad of ['', '10', 's', '-1s', '1d', '1 s']) assert.equal(parseDuration(bad), null, bad);
  });

  it('types the record block of a loaded spec: driver, ready default, steps', function () {
    const dir = tempDir();
    const file = write(
      join(dir, 'phone.yaml'),
      [
        'leakspec: 1',
        'device: { model: Phone }',
        'scenarios:',
        '  - name: boot',
        '    capture: boot.pcap',
        '    record:',
        '      container:',
        '        image: registry.example.com/emu:1',
        '        env: { A: "1" }',
        '        ready: { log: boot completed }',
        '        capture: /data/capture.pcap',
        '      steps:',
        '        - exec: [adb, wait-for-device]',
        '        - wait: 2m',
        '        - http: { method: POST, url: "http://127.0.0.1:5555/tap", body: "{}" }',
        '  - name: idle',
        '    capture: idle.pcap',
        '    record: { command: [./record.sh, --idle] }',
        '',
      ].join('\n'),
    );
    const r = loadSpec(file);
    assert.deepEqual(r.diagnostics, []);
    const [boot, idle] = r.spec!.scenarios;
    assert.deepEqual(parseRecordConfig(boot.record), {
      driver: { kind: 'container', image: 'registry.example.com/emu:1', privileged: false, env: { A: '1' }, ready: { log: 'boot completed', timeoutMs: 60_000 }, capture: '/data/capture.pcap' },
      steps: [
        { kind: 'exec', argv: ['adb', 'wait-for-device'] },
        { kind: 'wait', ms: 120_000, text: '2m' },
        { kind: 'http', method: 'POST', url: 'http://127.0.0.1:5555/tap', body: '{}' },
      ],
    });
    assert.deepEqual(parseRecordConfig(idle.record), { driver: { kind: 'command', argv: ['./record.sh', '--idle'] }, steps: [] });
  });

  it('the examples in examples/record/specs are valid specs whose every scenario records', function () {
    const dir = join(repoRoot, 'examples', 'record', 'specs');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    assert.ok(files.length >= 3, `examples in ${dir}`);
    const drivers = new Set<string>();
    for (const f of files) {
      const r = loadSpec(join(dir, f));
      assert.deepEqual(r.diagnostics, [], f);
      for (const s of r.spec!.scenarios) drivers.add(parseRecordConfig(s.record).driver.kind);
    }
    assert.deepEqual([...drivers].sort(), ['command', 'container', 'netns']);
  });

  it('names diagnostics files after the model and scenario', function () {
    assert.equal(scenarioSlug('Nokia 7 Plus', 'first boot (00WW_3_22C)'), 'nokia-7-plus-first-boot-00ww-3-22c');
    assert.equal(scenarioSlug('***', '!!!'), 'scenario');
  });
});

describe('record: netns addressing', function () {
  it('finds the /30 blocks of 10.231/16 already in use', function () {
    const out = '2: eth0    inet 10.0.2.15/24 brd 10.0.2.255\n7: ls-1h    inet 10.231.4.9/30 scope global\n9: x  inet 10.231.200.1/30\n';
    assert.deepEqual([...usedBlocks(out)].sort(), ['200.0', '4.8']);
  });

  it('picks a free /30: host side .1 of the block, device side .2', function () {
    const seq = [4 / 256, 2 / 64, 4 / 256, 3 / 64];
    let i = 0;
    const p = pickBlock(new Set(['4.8']), () => seq[i++]);
    assert.deepEqual(p, { hostAddr: '10.231.4.13', deviceAddr: '10.231.4.14' });
  });
});

describe('record: diagnostics log', function () {
  it('keeps the newest text under its cap and says how much it dropped', function () {
    const log = new LogBuffer(10);
    log.write('0123456789');
    log.write('abcdef');
    assert.equal(log.text(), '[... 6 earlier characters dropped: the log keeps the last 10]\n6789abcdef');
  });
});

describe('record: extracting the capture from a tar stream', function () {
  let dir: string;
  before(function () {
    requireTool(this, 'tar');
    dir = tempDir();
  });

  function tarOf(name: string, args: string[]): Buffer {
    const file = join(dir, `${name}.tar`);
    const r = spawnSync('tar', ['-C', join(dir, 'src'), '-cf', file, ...args], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return readFileSync(file);
  }

  async function* chunks(b: Buffer, size: number): AsyncIterable<Buffer> {
    for (let o = 0; o < b.length; o += size) yield b.subarray(o, o + size);
  }

  it('writes the one file of the archive, whatever the chunking, in ustar, pax and GNU formats', async function () {
    const body = Buffer.alloc(70_000);
    for (let i = 0; i < body.length; i++) body[i] = (i * 7) & 0xff;
    const long = `${'d'.repeat(60)}/${'c'.repeat(120)}.pcap`;
    mkdirSync(join(dir, 'src', 'd'.repeat(60)), { recursive: true });
    writeFileSync(join(dir, 'src', 'capture.pcap'), body);
    writeFileSync(join(dir, 'src', long), body);
    const cases: Array<[string, Buffer]> = [
      ['ustar', tarOf('ustar', ['--format=ustar', 'capture.pcap'])],
      ['pax', tarOf('pax', ['--format=pax', long])],
      ['gnu', tarOf('gnu', ['--format=gnu', long])],
    ];
    for (const [format, tar] of cases) {
      for (const size of [100, 511, 513, 4096, tar.length]) {
        const dest = join(dir, `out-${format}-${size}`);
        const n = await extractSingleFile(chunks(tar, size), dest, 'test');
        assert.equal(n, body.length, `${format} in chunks of ${size}`);
        assert.ok(readFileSync(dest).equals(body), `${format} in chunks of ${size}`);
      }
    }
  });

  it('refuses a directory, a link, an archive without a file and one that ends early', async function () {
    mkdirSync(join(dir, 'src', 'folder'), { recursive: true });
    writeFileSync(join(dir, 'src', 'small.pcap'), Buffer.alloc(3000, 1));
    symlinkSync('small.pcap', join(dir, 'src', 'link.pcap'));
    await assert.rejects(extractSingleFile(chunks(tarOf('dir', ['--no-recursion', 'folder']), 512), join(dir, 'x1'), 'copying'), /'folder\/?' is a directory/);
    await assert.rejects(extractSingleFile(chunks(tarOf('link', ['link.pcap']), 512), join(dir, 'x2'), 'copying'), /is a link to 'small\.pcap'/);
    await assert.rejects(extractSingleFile(chunks(Buffer.alloc(1024), 512), join(dir, 'x3'), 'copying'), /holds no file/);
    const cut = tarOf('small', ['small.pcap']).subarray(0, 512 + 1000);
    await assert.rejects(extractSingleFile(chunks(cut, 300), join(dir, 'x4'), 'copying'), /ended after 1000 of 3000 bytes/);
  });
});
