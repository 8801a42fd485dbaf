/**
 * Turns world-atlas TopoJSON (Natural Earth country shapes, ids as ISO
 * 3166-1 numeric codes) into the compact map the HTML report draws: one SVG
 * path per country, keyed by alpha-2 code, in the Natural Earth I
 * projection, with integer coordinates written relative to the previous
 * point. Pure: scripts/build-world-map.ts does the file reading and writing.
 */
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { WorldMapData } from '../reporters/html/map.js';
import { NUMERIC_TO_ALPHA2, UNCODED_SHAPES } from './world-map-ids.js';

/** The file the report reads (data/world-110m.json); its shape is the reporter's. */
export type WorldMap = WorldMapData;

/** Shapes left out: Antarctica takes a fifth of the picture and receives no traffic worth drawing. */
const LEFT_OUT = new Set(['AQ']);

type Ring = Array<[number, number]>;

/** Natural Earth I (Šavrič et al.), the polynomial d3-geo uses; lon/lat in degrees, y up. */
export function naturalEarth(lon: number, lat: number): [number, number] {
  const l = (lon * Math.PI) / 180;
  const p = (lat * Math.PI) / 180;
  const p2 = p * p;
  const p4 = p2 * p2;
  return [
    l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4))),
    p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4))),
  ];
}

/** The alpha-2 code of a world-atlas shape, or throws: every shape must be mapped. */
export function alpha2Of(id: string | number | undefined, name: string): string {
  const code = id === undefined ? UNCODED_SHAPES[name] : NUMERIC_TO_ALPHA2[String(id).padStart(3, '0')];
  if (!code) throw new Error(`world map: no alpha-2 code for shape ${String(id)} (${name})`);
  return code;
}

function rings(geometry: { type: string; coordinates: unknown } | null): Ring[] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return geometry.coordinates as Ring[];
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as Ring[][]).flat();
  return [];
}

/**
 * A ring with continuous longitudes (no jump across the antimeridian),
 * shifted by a whole turn so that most of it lies in [-180, 180], then
 * clamped there: the part past the antimeridian (the tip of Chukotka, a
 * Fijian island) collapses onto the map's edge instead of drawing a line
 * across the whole map.
 */
export function cutAtAntimeridian(ring: Ring): Ring {
  const out: Ring = [];
  let offset = 0;
  for (const [lon, lat] of ring) {
    if (out.length) {
      const d = lon + offset - out[out.length - 1][0];
      if (d > 180) offset -= 360;
      else if (d < -180) offset += 360;
    }
    out.push([lon + offset, lat]);
  }
  let shift = 0;
  let inside = -1;
  for (const s of [0, -360, 360]) {
    const n = out.filter(([l]) => l + s >= -180 && l + s <= 180).length;
    if (n > inside) [shift, inside] = [s, n];
  }
  return out.map(([l, lat]) => [Math.max(-180, Math.min(180, l + shift)), lat]);
}

/** One ring as `M x y l dx dy ... z`, integers, repeated points dropped; '' when it collapses. */
export function ringPath(points: Array<[number, number]>): string {
  const pts: Array<[number, number]> = [];
  for (const [x, y] of points) {
    const q: [number, number] = [Math.round(x), Math.round(y)];
    const last = pts[pts.length - 1];
    if (last && last[0] === q[0] && last[1] === q[1]) continue;
    const prev = pts[pts.length - 2];
    // Drop the middle of three collinear points.
    if (prev && (last[0] - prev[0]) * (q[1] - last[1]) === (last[1] - prev[1]) * (q[0] - last[0])) pts.pop();
    pts.push(q);
  }
  if (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
  if (pts.length < 3) return '';
  let d = `M${pts[0][0]} ${pts[0][1]}l`;
  for (let i = 1; i < pts.length; i++) {
    const dx = pts[i][0] - pts[i - 1][0];
    const dy = pts[i][1] - pts[i - 1][1];
    d += `${i > 1 && dx >= 0 ? ' ' : ''}${dx}${dy >= 0 ? ' ' : ''}${dy}`;
  }
  return `${d}z`;
}

/** Builds the map from world-atlas `countries-110m.json` (or 50m, 10m) and its package version. */
export function buildWorldMap(topo: Topology, version: string, width = 1000): WorldMap {
  const fc = feature(topo, topo.objects.countries as GeometryCollection<{ name: string }>);
  const shapes = fc.features
    .map((f) => ({ id: alpha2Of(f.id, f.properties.name), name: f.properties.name, rings: rings(f.geometry as never).map((r) => cutAtAntimeridian(r).map(([lon, lat]) => naturalEarth(lon, lat))) }))
    .filter((s) => !LEFT_OUT.has(s.id));
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const s of shapes) {
    for (const r of s.rings) {
      for (const [x, y] of r) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
  }
  const k = width / (maxX - minX);
  const height = Math.ceil((maxY - minY) * k);
  const countries = shapes
    .map((s) => ({
      id: s.id,
      name: s.name,
      d: s.rings.map((r) => ringPath(r.map(([x, y]) => [(x - minX) * k, (maxY - y) * k]))).join(''),
    }))
    .filter((c) => c.d !== '')
    .sort((a, b) => (a.id === b.id ? a.name.localeCompare(b.name) : a.id < b.id ? -1 : 1));
  return {
    source: `world-atlas ${version} countries-110m.json (Natural Earth 1:110m Cultural Vectors, admin 0 countries)`,
    license: 'Natural Earth: public domain; world-atlas: ISC, Mike Bostock',
    projection: 'Natural Earth I',
    width,
    height,
    countries,
  };
}
