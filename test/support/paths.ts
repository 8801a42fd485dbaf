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
