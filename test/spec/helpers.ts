/** Helpers for spec tests: write YAML to a temp folder, load it, find diagnostics. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadSpec, type LoadSpecOptions, type LoadSpecResult } from '../../src/spec/index.js';
import type { SpecDiagnostic } from '../../src/spec/types.js';
import { tempDir } from '../support/paths.js';

/** Writes `files` (relative name -> text) under a new temp folder; returns the folder. */
export function writeFiles(files: Record<string, string>): string {
  const dir = tempDir('leakspec-spec-');
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

/** Writes one spec as `spec.yaml` in a temp folder and loads it. */
export function loadText(text: string, opts: LoadSpecOptions = {}): LoadSpecResult & { file: string } {
  const dir = writeFiles({ 'spec.yaml': text });
  const file = join(dir, 'spec.yaml');
  return { ...loadSpec(file, opts), file };
}

/** 1-based line and column of the `nth` occurrence of `needle` in `text`. */
export function posOf(text: string, needle: string, nth = 0): { line: number; col: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' (occurrence ${nth}) not in the test text`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, col: at - before.lastIndexOf('\n') };
}

/** The single diagnostic with this JSON-pointer path (fails the test when there is not exactly one). */
export function diagAtPath(diagnostics: SpecDiagnostic[], path: string): SpecDiagnostic {
  const found = diagnostics.filter((d) => d.path === path);
  assert.equal(found.length, 1, `expected one diagnostic at ${path}, got:\n${diagnostics.map((d) => `${d.path} ${d.message}`).join('\n')}`);
  return found[0];
}

/** Asserts a diagnostic is at the position of `needle` in `text`. */
export function assertAt(d: SpecDiagnostic, text: string, needle: string, nth = 0): void {
  const want = posOf(text, needle, nth);
  assert.deepEqual({ line: d.line, col: d.col }, want, `position of '${d.message}'`);
}

/** A minimal valid spec body, for tests that change one part. */
export const MINIMAL = `leakspec: 1
device:
  model: Test Phone
scenarios:
  - name: boot
    capture: boot.pcap
`;
