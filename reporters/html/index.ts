/**
 * HTML reporter: `<out>/report.html`, one self-contained page for people.
 * A summary per device model and scenario, each scenario's flows (filter,
 * sort), a world map of where they went coloured by verdict, the evidence
 * of every failure with a Wireshark filter, waivers, and provenance. It
 * loads nothing from the network, so it works offline and as a CI artifact.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import type { ReporterOptions } from '../../src/runner/types.js';
import { collect, type SuiteRecord } from '../collect.js';
import { loadWorldMap, mapCredit, type WorldMapData } from './map.js';
import { buildView } from './model.js';
import { renderPage } from './page.js';

const { EVENT_RUN_END } = Mocha.Runner.constants;

/** Attribution lines for the data a report shows. */
export function credits(opts: ReporterOptions, map: WorldMapData): string[] {
  return [
    ...opts.info.geoDbs.map((g) => `Country data: ${g.name}, built ${g.build_date}${g.license ? `; licence: ${g.license}` : ''}.`),
    'IP to ASN data by DB-IP (db-ip.com), CC BY 4.0.',
    'IP to ASN data by RouteViews (routeviews.org) and RIR statistics by the NRO (nro.net), CC BY 4.0; merged by ip-location-db.',
    mapCredit(map),
  ];
}

/** The report page for collected suites. */
export function renderHtml(suites: SuiteRecord[], opts: ReporterOptions, map: WorldMapData = loadWorldMap()): string {
  return renderPage(buildView(suites, opts, credits(opts, map)), map);
}

export class HtmlReporter {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    const opts = (options as { reporterOptions: ReporterOptions }).reporterOptions;
    const suites = collect(runner);
    runner.once(EVENT_RUN_END, () => {
      const file = join(opts.info.outDir, 'report.html');
      mkdirSync(opts.info.outDir, { recursive: true });
      writeFileSync(file, renderHtml(suites, opts));
      opts.info.written.html = file;
    });
  }
}
