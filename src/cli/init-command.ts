/**
 * `leakspec init --from CAPTURE --model NAME [--out FILE] [--force]`: a
 * starter spec that allows exactly the flows of one capture, for a person to
 * review. Exit codes: 0 written, 1 capture unreadable, 2 usage (including an
 * existing output file without --force).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import { analyzeCapture } from '../analysis/index.js';
import { LeakspecError, UsageError } from '../errors.js';
import { openGeo } from '../geo/index.js';
import { displayPath } from '../paths.js';
import { parse } from './args.js';
import { planStarter } from './init/starter-rules.js';
import { starterYaml } from './init/starter-yaml.js';
import { progressPrinter } from './progress.js';

const INIT_USAGE = 'leakspec init --from CAPTURE --model NAME [--out FILE] [--force]';

/** `Nokia 7 Plus` -> `nokia-7-plus`: the default file name under specs/. */
export function modelSlug(model: string): string {
  const slug = model
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'device';
}

/** The scenario's `capture`: relative to the spec's folder, with forward slashes. */
export function capturePathFrom(specFile: string, capture: string): string {
  const rel = relative(dirname(specFile), capture).split(sep).join('/');
  return rel || basename(capture);
}

function options(args: string[]): { from: string; model: string; out: string; force: boolean } {
  const { values, positionals } = parse(args, {
    from: { type: 'string' },
    model: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`init takes no positional arguments (got '${positionals[0]}'): ${INIT_USAGE}`);
  const from = typeof values.from === 'string' ? values.from : '';
  const model = typeof values.model === 'string' ? values.model.trim() : '';
  if (!from) throw new UsageError(`init needs --from CAPTURE: ${INIT_USAGE}`);
  if (!model) throw new UsageError(`init needs --model NAME (the device model): ${INIT_USAGE}`);
  const out = typeof values.out === 'string' && values.out !== '' ? values.out : `specs/${modelSlug(model)}.yaml`;
  return { from, model, out, force: values.force === true };
}

export function initCommand(args: string[]): number {
  const opts = options(args);
  const toStdout = opts.out === '-';
  const outFile = toStdout ? null : resolve(opts.out);
  if (outFile && existsSync(outFile) && !opts.force) {
    throw new UsageError(`${displayPath(outFile)} exists; leakspec init does not overwrite it without --force`);
  }
  const capture = resolve(opts.from);
  const progress = progressPrinter(process.stderr);
  let analysis;
  try {
    analysis = analyzeCapture(capture, { identifiers: [], deviceAddresses: [], geo: openGeo(), onProgress: (p) => progress.update(opts.from, p) });
  } catch (e) {
    progress.done();
    if (!(e instanceof LeakspecError)) throw e;
    process.stderr.write(`leakspec: ${e.code}: ${e.message}\n`);
    return 1;
  }
  progress.done();
  if (analysis.errors.length > 0) {
    for (const e of analysis.errors) process.stderr.write(`leakspec: ${e.code}: ${e.message}\n`);
    process.stderr.write('leakspec: no spec written: the capture cannot be judged as it is\n');
    return 1;
  }
  const plan = planStarter(analysis);
  const yaml = starterYaml(plan, {
    model: opts.model,
    capture: outFile ? capturePathFrom(outFile, capture) : capture,
    captureShown: displayPath(capture),
    sha256: analysis.capture.sha256,
    packets: analysis.capture.packets,
    scenario: basename(capture, extname(capture)) || 'capture',
    toStdout,
  });
  if (!outFile) {
    process.stdout.write(yaml);
    return 0;
  }
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, yaml, { flag: opts.force ? 'w' : 'wx' });
  const review = plan.rules.length ? `${plan.rules.length} allow rule${plan.rules.length === 1 ? '' : 's'}` : 'no allow rules';
  process.stderr.write(
    `leakspec: wrote ${displayPath(outFile)} (${review} for ${plan.flowCount} flow${plan.flowCount === 1 ? '' : 's'}); review it (search for REVIEW), then: leakspec run ${displayPath(outFile)}\n`,
  );
  return 0;
}
