/** Finding spec files in the paths given on the command line. */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { SpecDiagnostic } from './types.js';

/** Extensions of spec files found in folders. */
export const SPEC_EXTENSIONS: readonly string[] = ['.yaml', '.yml'];

/** Spec files found, and usage-level problems (a path that does not exist). */
export interface FoundSpecs {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  /** One per path that could not be used; `line` and `col` are 0 (no position). */
  diagnostics: SpecDiagnostic[];
}

function usage(file: string, message: string): SpecDiagnostic {
  return { file, line: 0, col: 0, path: '', message };
}

function isSpecName(name: string): boolean {
  return SPEC_EXTENSIONS.includes(extname(name).toLowerCase());
}

/** Files under `dir` (recursively) with a spec extension; skips hidden entries and node_modules. */
function walk(dir: string, out: Set<string>, visited: Set<string>, diagnostics: SpecDiagnostic[]): void {
  let real: string;
  let entries;
  try {
    real = realpathSync(dir);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    // A folder that cannot be read may hold specs: never skip it silently.
    diagnostics.push(usage(dir, `cannot read folder: ${(e as Error).message}`));
    return;
  }
  if (visited.has(real)) return;
  visited.add(real);
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const stat = statSync(path);
        isDir = stat.isDirectory();
        isFile = stat.isFile();
      } catch (e) {
        // A dangling link named like a spec is a spec that cannot be read.
        if (isSpecName(entry.name)) diagnostics.push(usage(path, `cannot read spec file (broken link?): ${(e as Error).message}`));
        continue;
      }
    }
    if (isDir) walk(path, out, visited, diagnostics);
    else if (isFile && isSpecName(entry.name)) out.add(path);
  }
}

/**
 * The spec files named by `paths`: a file is taken as given (whatever its
 * extension); a folder is searched recursively for `.yaml` and `.yml` files.
 */
export function findSpecFiles(paths: string[]): FoundSpecs {
  const out = new Set<string>();
  const diagnostics: SpecDiagnostic[] = [];
  const visited = new Set<string>();
  for (const given of paths) {
    const path = resolve(given);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      diagnostics.push(usage(path, `no such file or folder: ${given}`));
      continue;
    }
    if (stat.isDirectory()) walk(path, out, visited, diagnostics);
    else out.add(path);
  }
  const files = [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files, diagnostics };
}
