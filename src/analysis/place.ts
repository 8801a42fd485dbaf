/**
 * Placing servers on the map after the analysis. Worker threads analyse
 * captures with no geolocation database loaded (loading one costs each
 * thread about 0.2 s); the main thread, which has it loaded already, then
 * fills in each flow's country, ASN and organisation. The result equals an
 * analysis run with the database in the first place.
 */
import type { GeoLookup } from '../geo/types.js';
import type { CaptureAnalysis } from './types.js';

/** A lookup that places nothing: for analyses whose flows `placeFlows` fills in later. */
export const UNPLACED: GeoLookup = {
  lookup: () => ({ country: 'unknown', asn: null, as_org: null }),
  info: () => ({ name: '', build_date: '', license: '' }),
};

/** Sets every flow's country, ASN and organisation, and the analysis's geo_db, from `geo`. Returns `a`. */
export function placeFlows(a: CaptureAnalysis, geo: GeoLookup): CaptureAnalysis {
  for (const f of a.flows) {
    const g = geo.lookup(f.server.ip);
    f.country = g.country;
    f.asn = g.asn;
    f.as_org = g.as_org;
  }
  const info = geo.info();
  a.geo_db = { name: info.name, build_date: info.build_date };
  return a;
}
