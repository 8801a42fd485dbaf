/** The HAR rows of the shared corpus's MANIFEST.tsv (tab-separated; see corpus/README.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ManifestHar {
  /** Path under the corpus folder (`har/...` or `malformed/har/...`). */
  file: string;
  sha256: string;
  /** The packets_or_entries column: entries of a HAR, null when empty (a broken file). */
  entries: number | null;
}

/** Every `.har` row of `dir`/MANIFEST.tsv. */
export function manifestHars(dir: string): ManifestHar[] {
  return readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'))
    .filter((c) => c[0].endsWith('.har'))
    .map((c) => ({ file: c[0], sha256: c[6], entries: c[8] ? Number(c[8]) : null }));
}
