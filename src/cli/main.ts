/** The `leakspec` command: dispatch, usage, exit codes (0 pass, 1 fail, 2 usage or spec error). */
import { ErrorCodes, LeakspecError } from '../errors.js';
import { packageVersion } from '../paths.js';

export const USAGE = `leakspec: privacy-compliance tests for devices, from YAML specs and network captures

Usage:
  leakspec run [paths...]        run the specs in files or folders (default: specs/)
      --reporter LIST            comma list of console, junit, html, json (default: all four)
      --out DIR                  where reports go (default: reports/)
      --grep TEXT                only scenarios whose model, name or test title contains TEXT
      --jobs N                   captures analysed in parallel (default: cores)
      --shard I/N                run the I-th of N deterministic slices of the scenarios
      --geo-db FILE              a MaxMind-format .mmdb to use instead of the embedded database
      --junit-strict             leave out testcase file/line attributes (strict junit-10 XSD)
      --record                   record the selected scenarios' captures first (see record)
  leakspec merge-reports DIR...  merge the junit.xml and report.json of shards (--shard) into one of each
      --out DIR                  where the merged reports go (default: reports/)
  leakspec validate [paths...]   check specs only (schema, references, captures exist)
  leakspec inspect CAPTURE       print the flows of a capture
      --spec FILE                search the identifiers of this spec
      --json                     print the analysis as JSON
      --geo-db FILE              as for run
  leakspec record [paths...]     make the captures again from each scenario's record block
      --grep TEXT                only scenarios whose model, name or test title contains TEXT
      --out DIR                  where diagnostics of failed recordings go (default: reports/)
      --timeout DURATION         whole-recording timeout per scenario (default: 30m)
  leakspec geo IP...             print country, ASN and organisation of addresses
      --geo-db FILE              as for run
  leakspec init --from CAPTURE --model NAME
                                 write a starter spec allowing exactly the capture's flows, for review
      --out FILE                 where to write it (default: specs/<model>.yaml; - for stdout)
      --force                    overwrite FILE if it exists
  leakspec help | --help         this text
  leakspec --version

Exit codes: 0 every test passed, 1 a test failed, 2 usage or spec error (nothing was run).
`;

type Command = (args: string[]) => number | Promise<number>;

/**
 * Each command's module, imported only when that command runs: start-up
 * then loads what the command needs, not every command's dependencies
 * (mocha and the reporters for `run`, testcontainers for `record`...).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run-command.js')).runCommand,
  validate: async () => (await import('./run-command.js')).validateCommand,
  inspect: async () => (await import('./inspect-command.js')).inspectCommand,
  geo: async () => (await import('./geo-command.js')).geoCommand,
  'merge-reports': async () => (await import('./merge-command.js')).mergeCommand,
  init: async () => (await import('./init-command.js')).initCommand,
  record: async () => (await import('./record-command.js')).recordCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    (cmd ? process.stdout : process.stderr).write(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === '-V') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (!load) {
    process.stderr.write(`leakspec: unknown command '${cmd}'\n\n${USAGE}`);
    return 2;
  }
  const command = await load();
  try {
    return await command(rest);
  } catch (e) {
    if (e instanceof LeakspecError) {
      process.stderr.write(`leakspec: ${e.code}: ${e.message}\n`);
      return e.code === ErrorCodes.CAPTURE_MISSING || e.code === ErrorCodes.CAPTURE_UNKNOWN_FORMAT ? 1 : 2;
    }
    throw e;
  }
}
