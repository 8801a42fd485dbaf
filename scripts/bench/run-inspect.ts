/**
 * Bench child: `leakspec inspect FILE --json --spec SPEC`, run in this
 * process through the CLI's own entry point (the same code path as
 * bin/leakspec.js). The JSON goes to stdout, which the bench points at a
 * file.
 *
 * Usage: node run-inspect.js FILE SPEC
 */
import { main } from '../../src/cli/main.js';

const [file, spec] = process.argv.slice(2);
main(['inspect', file, '--json', '--spec', spec]).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`run-inspect: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  },
);
