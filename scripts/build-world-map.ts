/**
 * Compiles world-atlas `countries-110m.json` (a dev dependency) into
 * data/world-110m.json, the world map the HTML report draws.
 *
 *   npm run build && node dist/scripts/build-world-map.js
 *
 * Fails when a shape has no alpha-2 code or the result is over 150 KB.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Topology } from 'topojson-specification';
import { packageRoot } from '../src/paths.js';
import { buildWorldMap } from './world-map.js';

const MAX_BYTES = 150 * 1024;

/** The installed world-atlas: its folder and version. */
export function worldAtlas(): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('world-atlas/package.json'));
  return { dir, version: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version };
}

/** The map as it would be written (the same text each time for the same input). */
export function worldMapText(): string {
  const { dir, version } = worldAtlas();
  const topo = JSON.parse(readFileSync(join(dir, 'countries-110m.json'), 'utf8')) as Topology;
  const map = buildWorldMap(topo, version);
  const head = JSON.stringify({ ...map, countries: undefined }).slice(0, -1);
  // One country per line: small diffs when world-atlas changes.
  return `${head},"countries":[\n${map.countries.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`;
}

function main(): void {
  const text = worldMapText();
  if (Buffer.byteLength(text) > MAX_BYTES) throw new Error(`the map is ${Buffer.byteLength(text)} bytes, over the ${MAX_BYTES} budget`);
  const out = join(packageRoot(), 'data', 'world-110m.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  const map = JSON.parse(text) as { countries: unknown[]; width: number; height: number };
  process.stdout.write(`${out}: ${Buffer.byteLength(text)} bytes, ${map.countries.length} shapes, ${map.width}x${map.height}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
