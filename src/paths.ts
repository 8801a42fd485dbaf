/** Locating the package's own files (schema/, data/) from compiled code. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findUp(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'leakspec') return dir;
      } catch {
        /* not ours */
      }
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

let cached: string | null = null;

/** The folder holding leakspec's package.json (works from src/ and dist/). */
export function packageRoot(): string {
  if (cached) return cached;
  cached = findUp(dirname(fileURLToPath(import.meta.url))) ?? findUp(process.cwd());
  if (!cached) throw new Error('cannot find the leakspec package root');
  return cached;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** A file path as people read it in messages: relative to the working folder when inside it, else absolute; URLs unchanged. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return file; // a URL (remote capture) as is
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
