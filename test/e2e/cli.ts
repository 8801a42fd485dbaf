/** Runs the leakspec CLI as a user would (a child process) and reads what it wrote. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../support/paths.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function leakspec(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'leakspec.js'), ...args], {
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1', LEAKSPEC_TODAY: '', ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function write(file: string, content: string | Uint8Array): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

export interface JUnitCase {
  name: string;
  classname: string;
  failure: { message: string; type: string; text: string } | null;
  attrs: Record<string, string>;
}

function unescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#10;/g, '\n')
    .replace(/&#13;/g, '\r')
    .replace(/&#9;/g, '\t')
    .replace(/&amp;/g, '&');
}

function parseAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:.-]+)="([^"]*)"/g)) out[m[1]] = unescape(m[2]);
  return out;
}

/** A small reader for the JUnit files leakspec writes (checked against the XSD elsewhere). */
export function readJUnit(file: string): { suites: Array<{ attrs: Record<string, string>; properties: Record<string, string>; cases: JUnitCase[]; systemOut: string }> } {
  if (!existsSync(file)) throw new Error(`no JUnit file at ${file}`);
  const xml = readFileSync(file, 'utf8');
  const suites = [...xml.matchAll(/<testsuite ([^>]*)>([\s\S]*?)<\/testsuite>/g)].map((m) => {
    const body = m[2];
    const properties: Record<string, string> = {};
    for (const p of body.matchAll(/<property ([^>]*)\/>/g)) {
      const a = parseAttrs(p[1]);
      properties[a.name] = a.value;
    }
    const cases = [...body.matchAll(/<testcase ([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((c) => {
      const attrs = parseAttrs(c[1]);
      const f = c[2] ? /<failure ([^>]*)>([\s\S]*?)<\/failure>/.exec(c[2]) : null;
      const fa = f ? parseAttrs(f[1]) : null;
      return {
        name: attrs.name,
        classname: attrs.classname,
        attrs,
        failure: f && fa ? { message: fa.message, type: fa.type, text: unescape(f[2]) } : null,
      };
    });
    const so = /<system-out>([\s\S]*?)<\/system-out>/.exec(body);
    return { attrs: parseAttrs(m[1]), properties, cases, systemOut: so ? unescape(so[1]) : '' };
  });
  return { suites };
}
