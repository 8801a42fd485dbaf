import assert from 'node:assert/strict';
import { join } from 'node:path';
import { planRun, shardOf } from '../../src/runner/plan.js';
import { specYaml } from '../e2e/captures.js';
import { write } from '../e2e/cli.js';
import { tempDir } from '../support/paths.js';

function slices(specs: string, total: number): string[][] {
  return Array.from({ length: total }, (_, i) =>
    planRun([specs], { shard: { index: i + 1, total } }).specs.flatMap((s) => s.scenarios.map((sc) => `${s.spec.model}/${sc.name}`)),
  );
}

describe('runner: --shard', function () {
  it('splits scenarios into slices that do not overlap and cover all', function () {
    const dir = tempDir();
    const names = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`s${i}`, 'c.pcapng']));
    write(join(dir, 'specs', 'a.yaml'), specYaml(names));
    const all = planRun([join(dir, 'specs')]).specs.flatMap((s) => s.scenarios.map((sc) => `${s.spec.model}/${sc.name}`));
    const parts = slices(join(dir, 'specs'), 3);
    assert.deepEqual(parts.flat().sort(), [...all].sort());
    assert.equal(new Set(parts.flat()).size, all.length);
    assert.ok(parts.every((p) => p.length > 0), JSON.stringify(parts));
  });

  it('keeps every scenario in its shard when spec files are added elsewhere', function () {
    const dir = tempDir();
    const specs = join(dir, 'specs');
    write(join(specs, 'm.yaml'), specYaml(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`boot ${i}`, 'c.pcapng']))));
    const before = slices(specs, 4);
    write(join(specs, 'a-new.yaml'), specYaml({ x: 'c.pcapng', y: 'c.pcapng' }).replace('Test Phone', 'New Phone'));
    write(join(specs, 'sub', 'z-new.yaml'), specYaml({ 'boot 0': 'c.pcapng' }).replace('Test Phone', 'Other Phone'));
    const after = slices(specs, 4).map((p) => p.filter((n) => n.startsWith('Test Phone/')));
    assert.deepEqual(after, before);
  });

  it('depends only on the spec path relative to the working folder and the scenario name', function () {
    const a = shardOf(join(process.cwd(), 'specs', 'x.yaml'), 'boot', 7);
    assert.equal(shardOf(join(process.cwd(), 'specs', 'x.yaml'), 'boot', 7), a);
    assert.ok(a >= 1 && a <= 7);
    const spread = new Set(Array.from({ length: 50 }, (_, i) => shardOf('specs/x.yaml', `s${i}`, 5)));
    assert.deepEqual([...spread].sort(), [1, 2, 3, 4, 5]);
  });
});
