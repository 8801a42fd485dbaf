#!/usr/bin/env node
// Import direction check: each pipeline stage (src/<stage>/) imports only
// stages below it (capture -> decode -> protocols -> detect/geo -> analysis
// -> spec -> policy -> record -> runner -> cli); reporters/ read runner types only.
// Exits 1 and lists every offending import.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RANK = { capture: 0, decode: 1, protocols: 2, detect: 3, geo: 3, analysis: 4, spec: 5, policy: 6, record: 7, runner: 8, cli: 9 };
// What each area may import besides lower stages and src/*.ts (errors, paths, index).
const EXTRA = {
  runner: ['reporters'],
  cli: ['reporters'],
  reporters: ['src/runner/types.ts', 'src/policy/types.ts', 'src/analysis/types.ts', 'src/spec/types.ts', 'src/errors.ts', 'src/paths.ts', 'src/country-name.ts', 'reporters'],
};

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function area(file) {
  const rel = relative(root, file).split(sep);
  if (rel[0] === 'reporters') return { kind: 'reporters' };
  if (rel[0] === 'src' && rel.length > 2) return { kind: 'stage', stage: rel[1] };
  if (rel[0] === 'src') return { kind: 'common' };
  return null;
}

const problems = [];
const files = [...walk(join(root, 'src')), ...walk(join(root, 'reporters'))];
for (const file of files) {
  const from = area(file);
  const src = readFileSync(file, 'utf8');
  for (const m of src.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]).replace(/\.js$/, '.ts');
    const rel = relative(root, target).split(sep).join('/');
    const to = area(target);
    if (!to || to.kind === 'common') {
      if (from.kind === 'common' && to?.kind !== 'common') problems.push(`${relative(root, file)}: src/*.ts must not import ${rel}`);
      continue;
    }
    if (from.kind === 'common') {
      problems.push(`${relative(root, file)}: src/*.ts must not import ${rel}`);
      continue;
    }
    const allowedExtra = EXTRA[from.kind === 'stage' ? from.stage : 'reporters'] ?? [];
    if (allowedExtra.some((p) => rel === p || rel.startsWith(`${p}/`))) continue;
    if (from.kind === 'reporters') {
      problems.push(`${relative(root, file)}: reporters may import only result types, not ${rel}`);
      continue;
    }
    if (to.kind === 'reporters') {
      problems.push(`${relative(root, file)}: src/${from.stage} must not import reporters (${rel})`);
      continue;
    }
    if (to.stage === from.stage) continue;
    const a = RANK[from.stage];
    const b = RANK[to.stage];
    if (a === undefined || b === undefined) problems.push(`${relative(root, file)}: unknown stage in import of ${rel}`);
    else if (b >= a) problems.push(`${relative(root, file)}: src/${from.stage} must not import src/${to.stage} (${rel}): imports point down the pipeline`);
  }
}
if (problems.length) {
  process.stderr.write(`import direction check failed:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`import direction check: ${files.length} files ok\n`);
