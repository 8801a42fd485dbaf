/** Paths for tests: the repo root, the shared corpus (skipped with a reason when absent). */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packageRoot } from '../../src/paths.js';

export const repoRoot = packageRoot();

/** `../shared/corpus` beside the project root, or null (a user's fresh clone has none). */
export function corpusDir(): string | null {
  const dir = process.env.LEAKSPEC_CORPUS ?? resolve(repoRoot, '..', 'shared', 'corpus');
  return existsSync(join(dir, 'MANIFEST.tsv')) ? dir : null;
}

/** Call in a `before` hook: skips the suite, printing why, when the corpus is absent. */
export function requireCorpus(ctx: Mocha.Context): string {
  const dir = corpusDir();
  if (!dir) {
    process.stdout.write('      (skipped: ../shared/corpus is absent, as in a fresh clone)\n');
    ctx.skip();
  }
  return dir as string;
}

export function tempDir(prefix = 'leakspec-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The permissively licensed subset of the corpus bundled in test/fixtures/corpus (travels with a clone). */
export const bundledCorpusDir = join(repoRoot, 'test', 'fixtures', 'corpus');

/**
 * The shared corpus when present, else the bundled subset (printing that
 * only the subset is checked). `full` says which.
 */
export function corpusOrBundled(): { dir: string; full: boolean } {
  const dir = corpusDir();
  if (dir) return { dir, full: true };
  process.stdout.write('      (../shared/corpus is absent: checking the bundled permissive subset in test/fixtures/corpus)\n');
  return { dir: bundledCorpusDir, full: false };
}
