import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { intOption, parse, shardOption } from '../../src/cli/args.js';
import { MERGE_OPTIONS } from '../../src/cli/merge-command.js';
import { RUN_OPTIONS } from '../../src/cli/run-command.js';
import { repoRoot } from '../support/paths.js';

const dir = join(repoRoot, 'examples', 'ci');

function files(d: string): string[] {
  return readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? files(join(d, n)) : [join(d, n)]));
}

/** Every `npx leakspec ...` command in a text, with CI variables replaced by sample values and shell quotes removed. */
function commands(text: string): string[][] {
  return [...text.matchAll(/npx leakspec ([^\n'|&;]+)/g)].map((m) =>
    m[1]
      .replace(/\$\{\{[^}]*\}\}|\$\(\([^)]*\)\)|\$\{[^}]*\}|\$[A-Z_]+/g, '1')
      .replace(/"/g, '')
      .trim()
      .split(/\s+/),
  );
}

/** Checks a command line against the CLI's own option tables. */
function checkCommand([cmd, ...args]: string[]): void {
  if (cmd === 'run') {
    const { values } = parse(args, RUN_OPTIONS);
    shardOption(values.shard);
    intOption('jobs', values.jobs, 1, 1024);
  } else if (cmd === 'merge-reports') {
    const { positionals } = parse(args, MERGE_OPTIONS);
    assert.ok(positionals.length > 0, 'merge-reports needs report folders');
  } else assert.fail(`unknown leakspec command '${cmd}'`);
}

describe('examples/ci', function () {
  const all = files(dir);

  it('has a GitHub Actions matrix, GitLab parallel:, a Jenkins pipeline and a Kubernetes Indexed Job, each with a merge step', function () {
    const names = all.map((f) => relative(dir, f)).sort();
    for (const want of ['Jenkinsfile', 'README.md', 'github-actions.yml', 'gitlab-ci.yml', 'kubernetes/shards-job.yaml', 'kubernetes/merge-job.yaml']) assert.ok(names.includes(want), `${want} in ${names}`);
    for (const f of all.filter((x) => !x.endsWith('.md') && !x.endsWith('pvc.yaml'))) {
      const cmds = commands(readFileSync(f, 'utf8'));
      assert.ok(cmds.length > 0, `${f} runs leakspec`);
    }
    const merged = all.filter((f) => commands(readFileSync(f, 'utf8')).some((c) => c[0] === 'merge-reports'));
    assert.equal(merged.length, 4, merged.join(', '));
  });

  it('YAML examples parse, with the structure their CI expects', function () {
    for (const f of all.filter((x) => /\.ya?ml$/.test(x))) {
      const docs = parseAllDocuments(readFileSync(f, 'utf8'));
      for (const d of Array.isArray(docs) ? docs : [docs]) assert.deepEqual(d.errors, [], `${f}: ${d.errors.join('; ')}`);
    }
    const one = (f: string): Record<string, any> => parseAllDocuments(readFileSync(join(dir, f), 'utf8'))[0].toJS() as Record<string, any>;
    const gh = one('github-actions.yml');
    assert.deepEqual(gh.jobs.leakspec.strategy.matrix.shard, [1, 2, 3, 4]);
    assert.equal(gh.jobs.merge.needs, 'leakspec');
    const gl = one('gitlab-ci.yml');
    assert.equal(gl.leakspec.parallel, 4);
    assert.deepEqual(gl['leakspec-report'].needs, ['leakspec']);
    const job = one('kubernetes/shards-job.yaml');
    assert.equal(job.kind, 'Job');
    assert.equal(job.spec.completionMode, 'Indexed');
    assert.equal(job.spec.completions, 4);
    assert.match(job.spec.template.spec.containers[0].args[0], /--shard \$\(\(JOB_COMPLETION_INDEX \+ 1\)\)\/4/);
  });

  it('uses only commands and options the CLI accepts', function () {
    let n = 0;
    for (const f of all.filter((x) => !x.endsWith('.md'))) {
      for (const c of commands(readFileSync(f, 'utf8'))) {
        assert.doesNotThrow(() => checkCommand(c), `${relative(dir, f)}: leakspec ${c.join(' ')}`);
        n++;
      }
    }
    assert.ok(n >= 8, `${n} commands checked`);
    assert.throws(() => checkCommand(['run', 'specs/', '--shards', '1/4']), /shards/);
    assert.throws(() => checkCommand(['run', '--shard', '5/4']), /--shard takes I\/N/);
  });
});
