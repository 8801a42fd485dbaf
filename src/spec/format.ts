/** Printing spec diagnostics as `file:line:col: message`. */
import { isAbsolute, relative } from 'node:path';
import type { SpecDiagnostic } from './types.js';

/** A path as people read it: relative to the working folder when inside it. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel === '' ? file : rel;
}

/** `file:line:col: message` (just `file: message` when the problem has no position). */
export function formatDiagnostic(d: SpecDiagnostic, cwd: string = process.cwd()): string {
  const file = displayPath(d.file, cwd);
  return d.line > 0 ? `${file}:${d.line}:${d.col}: ${d.message}` : `${file}: ${d.message}`;
}

/** Orders diagnostics by file (in the given file order, others after), then line and column. */
export function sortDiagnostics(diagnostics: SpecDiagnostic[], fileOrder: readonly string[] = []): SpecDiagnostic[] {
  const rank = (f: string): number => {
    const i = fileOrder.indexOf(f);
    return i < 0 ? fileOrder.length : i;
  };
  return [...diagnostics].sort(
    (a, b) => rank(a.file) - rank(b.file) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col,
  );
}
