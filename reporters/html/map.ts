/**
 * The world map the HTML report draws: data/world-110m.json (built by
 * scripts/build-world-map.ts from world-atlas), written into the page once
 * as an inline SVG inside a `<template>`, which each scenario clones and
 * colours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { escapeHtml } from './escape.js';

/** The shipped map file's content. */
export interface WorldMapData {
  source: string;
  license: string;
  projection: string;
  width: number;
  height: number;
  countries: Array<{ id: string; name: string; d: string }>;
}

let cached: WorldMapData | null = null;

/** Reads and checks data/world-110m.json (once per process). */
export function loadWorldMap(file = join(packageRoot(), 'data', 'world-110m.json')): WorldMapData {
  if (cached && file === join(packageRoot(), 'data', 'world-110m.json')) return cached;
  const map = JSON.parse(readFileSync(file, 'utf8')) as WorldMapData;
  if (!Number.isInteger(map.width) || !Number.isInteger(map.height) || !Array.isArray(map.countries)) throw new Error(`${file}: not a world map file`);
  for (const c of map.countries) {
    if (!/^[A-Z]{2}$/.test(c.id) || !/^[Mlz0-9 -]+$/.test(c.d)) throw new Error(`${file}: bad shape for ${String(c.id)}`);
  }
  cached = map;
  return map;
}

/** The `<template id="world-map">` holding the map as inline SVG (one path per shape, `data-cc` = alpha-2). */
export function mapTemplate(map: WorldMapData): string {
  const paths = map.countries.map((c) => `<path data-cc="${c.id}" d="${c.d}"><title>${escapeHtml(c.name)}</title></path>`).join('\n');
  return `<template id="world-map"><svg class="world" viewBox="0 0 ${map.width} ${map.height}" role="img" focusable="false">\n${paths}\n</svg></template>`;
}

/** The credit line for the map's data. */
export function mapCredit(map: WorldMapData): string {
  return `Country shapes: ${map.source}; ${map.license}.`;
}
