/**
 * False alarms of the undeclared-identifier detectors, measured: every
 * corpus capture and HAR file and the bundled fixtures are analysed with no
 * declared identifier, and every `undeclared:*` finding must be one of the
 * real ones listed in false-alarm-list.ts (with why it is real); anything
 * else is a false alarm and fails. TLS, QUIC, DTLS and SSH flows are never
 * scanned and flows judged opaque must give no finding.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeCapture, type CaptureAnalysis } from '../../src/analysis/index.js';
import { DETECTOR_KINDS, scanUndeclared } from '../../src/detect/undeclared/index.js';
import { LeakspecError } from '../../src/errors.js';
import { openGeo } from '../../src/geo/index.js';
import { corpusDir, repoRoot } from '../support/paths.js';
import { EXPECTED_FINDINGS } from './false-alarm-list.js';

const ENCRYPTED = new Set(['tls', 'quic', 'dtls', 'ssh']);

function inputs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return inputs(p);
    return /\.(txt|md|tsv)$/.test(name) ? [] : [p];
  });
}

interface Measured {
  files: number;
  unreadable: string[];
  bytesScanned: number;
  /** "file identifier" -> findings. */
  counts: Map<string, number>;
  examples: Map<string, string>;
  inEncrypted: string[];
  inOpaque: string[];
}

/** Bytes of TCP gaps (counted in a flow's bytes, never scanned), from the flow's uninspected notes. */
function gapBytes(notes: string[]): number {
  let n = 0;
  for (const note of notes) {
    const m = /^(\d+) bytes missing .*\(TCP gap\)$/.exec(note);
    if (m) n += Number(m[1]);
  }
  return n;
}

function measure(files: Array<{ key: string; path: string }>): Measured {
  const geo = openGeo();
  const m: Measured = { files: 0, unreadable: [], bytesScanned: 0, counts: new Map(), examples: new Map(), inEncrypted: [], inOpaque: [] };
  for (const { key, path } of files) {
    let a: CaptureAnalysis;
    try {
      a = analyzeCapture(path, { identifiers: [], geo });
    } catch (e) {
      if (!(e instanceof LeakspecError)) throw e;
      m.unreadable.push(`${key} (${e.code})`);
      continue;
    }
    m.files++;
    for (const f of a.flows) {
      if (!ENCRYPTED.has(f.protocol)) m.bytesScanned += f.bytes_up + f.bytes_down - gapBytes(f.uninspected);
      for (const x of f.findings) {
        if (!x.identifier.startsWith('undeclared:')) continue;
        const k = `${key} ${x.identifier}`;
        m.counts.set(k, (m.counts.get(k) ?? 0) + 1);
        if (!m.examples.has(k)) m.examples.set(k, `frame ${x.frame} ${x.form} ${x.where}: ${x.context ?? ''}`);
        if (ENCRYPTED.has(f.protocol)) m.inEncrypted.push(`${k} (flow ${f.id}, ${f.protocol})`);
        if (f.encrypted === 'opaque') m.inOpaque.push(`${k} (flow ${f.id})`);
      }
    }
  }
  return m;
}

describe('robustness: false alarms of the undeclared-identifier detectors', function () {
  let measured: Measured;
  before(function () {
    this.timeout(600000);
    const files: Array<{ key: string; path: string }> = [];
    const fixtures = join(repoRoot, 'fixtures');
    for (const p of inputs(fixtures)) files.push({ key: `fixtures/${relative(fixtures, p)}`, path: p });
    const corpus = corpusDir();
    if (corpus) {
      for (const d of ['pcap', 'pcapng-conformance', 'malformed', 'har']) {
        for (const p of inputs(join(corpus, d))) files.push({ key: relative(corpus, p), path: p });
      }
    } else {
      process.stdout.write('      (../shared/corpus is absent, as in a fresh clone: bundled fixtures only)\n');
    }
    measured = measure(files);
    const sum = (pick: (k: string) => boolean): number => [...measured.counts].filter(([k]) => pick(k)).reduce((s, [, n]) => s + n, 0);
    process.stdout.write(
      `      ${measured.files} captures analysed (${measured.unreadable.length} unreadable), ` +
        `${(measured.bytesScanned / 1e6).toFixed(2)} MB of cleartext scanned; undeclared findings: ` +
        `${sum((k) => EXPECTED_FINDINGS[k]?.real === true)} real, ${sum((k) => EXPECTED_FINDINGS[k]?.real === false)} listed look-alikes, ` +
        `${sum((k) => !EXPECTED_FINDINGS[k])} unexplained\n`,
    );
    if (measured.unreadable.length) process.stdout.write(`      unreadable: ${measured.unreadable.join(', ')}\n`);
  });

  it('finds exactly the listed real identifiers, and nothing else', function () {
    const corpus = corpusDir();
    const got: Record<string, number> = Object.fromEntries(measured.counts);
    const want: Record<string, number> = {};
    for (const [k, e] of Object.entries(EXPECTED_FINDINGS)) if (corpus || k.startsWith('fixtures/')) want[k] = e.count;
    const unexplained = Object.keys(got)
      .filter((k) => !(k in want))
      .map((k) => `${k} x${got[k]}: ${measured.examples.get(k)}`);
    assert.deepEqual(unexplained, [], `false alarms (or real findings to list with a reason):\n${unexplained.join('\n')}`);
    assert.deepEqual(got, want, 'listed findings and their counts');
  });

  it('never reports a finding in a TLS, QUIC, DTLS or SSH flow', function () {
    assert.deepEqual(measured.inEncrypted, []);
  });

  it('never reports a finding in a flow judged opaque', function () {
    assert.deepEqual(measured.inOpaque, []);
  });

  it('leaves alone the look-alikes the corpus showed (sums after a bracket, SVG polylines)', function () {
    const hits = (text: string): string[] => scanUndeclared(DETECTOR_KINDS, [], Buffer.from(text)).map((h) => h.identifier);
    assert.deepEqual(hits('expires=new Date((new Date).getTime()+5184000000);'), []);
    assert.deepEqual(hits('a[i]+4791234567'), []);
    assert.deepEqual(hits('<polyline points="61.588,53.005\n                        53.344,92.854" />'), []);
    // The same values standing alone are still found.
    assert.deepEqual(hits('tel=+4791234567&x=1'), ['undeclared:phone']);
    assert.deepEqual(hits('pos="61.588,53.005"\n'), ['undeclared:location']);
  });

  it('every listed finding has a reason', function () {
    for (const [k, e] of Object.entries(EXPECTED_FINDINGS)) assert.ok(e.why.length > 20, `${k}: give the reason`);
  });
});
