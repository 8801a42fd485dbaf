/** External tools used as test oracles (tshark, xmllint): skipped with a reason when absent, except in CI. */
import { spawnSync } from 'node:child_process';

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/**
 * Call in a `before` hook. Skips the suite with a printed reason when the
 * tool is missing; with LEAKSPEC_REQUIRE_TOOLS=1 (set by .ci/run) a missing
 * tool fails instead, so CI never passes by skipping.
 */
export function requireTool(ctx: Mocha.Context, name: string): void {
  if (hasTool(name)) return;
  if (process.env.LEAKSPEC_REQUIRE_TOOLS === '1') throw new Error(`${name} is required (LEAKSPEC_REQUIRE_TOOLS=1) but not installed`);
  process.stdout.write(`      (skipped: ${name} is not installed)\n`);
  ctx.skip();
}
