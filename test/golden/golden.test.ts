/**
 * leakspec against tshark, the oracle, on every capture of the shared
 * corpus: the golden JSON files (written by scripts/make-golden.ts; no
 * tshark needed here) hold tshark's packet count, frame numbering, DNS
 * messages, ClientHellos (TLS, DTLS, QUIC), HTTP requests and conversation
 * counts. Every fact must match, or be listed in explained.ts with the
 * reason; an explained difference that no longer occurs fails too.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeCapture, type CaptureAnalysis } from '../../src/analysis/index.js';
import { openCapture } from '../../src/capture/index.js';
import { LeakspecError } from '../../src/errors.js';
import { openGeo } from '../../src/geo/index.js';
import type { GeoLookup } from '../../src/geo/types.js';
import { corpusOrBundled, repoRoot } from '../support/paths.js';
import { describeDiff, diffFact, factPairs, FACTS, unreadableAnalysis } from './compare.js';
import { EXPLAINED } from './explained.js';
import type { GoldenFile } from './golden-format.js';

const goldenRoot = join(repoRoot, 'test', 'golden');

function goldenFiles(dir = goldenRoot): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return goldenFiles(p);
    return p.endsWith('.json') ? [relative(goldenRoot, p).split('\\').join('/')] : [];
  });
}

/** Frame numbers leakspec's reader gives, up to where it stops. */
function frameIndices(file: string): number[] {
  const out: number[] = [];
  let src;
  try {
    src = openCapture(file);
    for (let f = src.next(); f; f = src.next()) out.push(f.index);
  } catch (e) {
    if (!(e instanceof LeakspecError)) throw e;
  } finally {
    src?.close();
  }
  return out;
}

/** The analysis, or an empty one when the file cannot be opened (tshark reads nothing from those either). */
function analyse(file: string, geo: GeoLookup): CaptureAnalysis {
  try {
    return analyzeCapture(file, { identifiers: [], geo });
  } catch (e) {
    if (!(e instanceof LeakspecError)) throw e;
    return unreadableAnalysis(file, e.code, e.message);
  }
}

const goldens = goldenFiles().sort();

describe('golden: leakspec against tshark on the corpus', function () {
  let corpus: string;
  /** False when only the bundled permissive subset is there (a fresh clone). */
  let full = true;
  let geo: GeoLookup;
  const seen = new Set<string>();
  before(function () {
    ({ dir: corpus, full } = corpusOrBundled());
    geo = openGeo();
  });

  it('has a golden file for every corpus capture, each marked generated', function () {
    assert.ok(goldens.length > 250, `only ${goldens.length} golden files`);
    for (const g of goldens) {
      const facts = JSON.parse(readFileSync(join(goldenRoot, g), 'utf8')) as GoldenFile;
      assert.match(facts.generated, /^by scripts\/make-golden\.ts from tshark \d+\.\d+\.\d+; do not edit$/, g);
      assert.equal(`${facts.capture}.json`, g);
      if (full) assert.ok(existsSync(join(corpus, facts.capture)), `${facts.capture} is not in the corpus`);
    }
    if (!full) assert.ok(goldens.filter((g) => existsSync(join(corpus, g.replace(/\.json$/, '')))).length > 150, 'the bundled subset covers most goldens');
  });

  for (const g of goldens) {
    it(`matches tshark on ${g.replace(/\.json$/, '')}`, function () {
      this.timeout(60000);
      const golden = JSON.parse(readFileSync(join(goldenRoot, g), 'utf8')) as GoldenFile;
      const file = join(corpus, golden.capture);
      if (!full && !existsSync(file)) this.skip(); // a GPL/LGPL or large capture, not bundled
      const analysis = analyse(file, geo);
      const explained = EXPLAINED[golden.capture] ?? {};
      const problems: string[] = [];
      for (const pair of factPairs(analysis, golden, frameIndices(file))) {
        const d = diffFact(pair);
        const why = explained[pair.fact];
        if (why !== undefined) seen.add(`${golden.capture} ${pair.fact}`);
        if (!d.equal && why === undefined) problems.push(`unexplained difference in ${describeDiff(d)}`);
        if (d.equal && why !== undefined) problems.push(`${pair.fact} now matches tshark: remove it from explained.ts ("${why}")`);
      }
      assert.deepEqual(problems, [], problems.join('\n    '));
    });
  }

  it('explains only captures and facts that exist', function () {
    if (!full) this.skip();
    for (const [capture, facts] of Object.entries(EXPLAINED)) {
      assert.ok(goldens.includes(`${capture}.json`), `explained.ts names ${capture}, which has no golden file`);
      for (const fact of Object.keys(facts)) assert.ok((FACTS as readonly string[]).includes(fact), `${capture}: unknown fact ${fact}`);
    }
    const all = Object.entries(EXPLAINED).flatMap(([c, facts]) => Object.keys(facts).map((f) => `${c} ${f}`));
    assert.deepEqual(all.filter((k) => !seen.has(k)), [], 'explained differences that were not checked');
  });
});
