/**
 * Bench child: `leakspec ARGS...`, run in this process through the CLI's
 * own entry point (the same code path as bin/leakspec.js).
 *
 * Usage: node run-leakspec.js run SPECS --jobs N --out DIR
 */
import { main } from '../../src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`run-leakspec: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  },
);
