/** Builders for synthetic HAR files in tests, and a HAR analysis with the embedded geo database. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCapture, type AnalyzeOptions } from '../../src/analysis/index.js';
import type { CaptureAnalysis, FlowRecord } from '../../src/analysis/types.js';
import type { IdentifierDecl } from '../../src/detect/types.js';
import { openGeo } from '../../src/geo/index.js';
import { tempDir } from '../support/paths.js';

/** The test device's IMEI (Luhn-valid). */
export const IMEI = '490154203237518';

export const IMEI_DECL: IdentifierDecl = { name: 'imei', category: 'device-id', value: IMEI };

type Json = Record<string, unknown>;

/** A header list from pairs. */
export function headers(...pairs: Array<[string, string]>): Json[] {
  return pairs.map(([name, value]) => ({ name, value }));
}

/** One HAR entry; `req` and `res` are merged into a minimal request and response. */
export function entry(url: string, opts: { req?: Json; res?: Json | null; at?: string; extra?: Json } = {}): Json {
  const response =
    opts.res === null
      ? null
      : { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], headersSize: -1, bodySize: 0, content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', ...opts.res };
  return {
    startedDateTime: opts.at ?? '2024-05-01T10:00:00.000Z',
    time: 50,
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], cookies: [], queryString: [], headersSize: -1, bodySize: 0, ...opts.req },
    response,
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    ...opts.extra,
  };
}

const dir = tempDir('leakspec-har-analysis-');
let count = 0;

/** Writes a HAR document with these entries to a temp file. */
export function writeHar(entries: Json[], name = `t${count++}.har`): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ log: { version: '1.2', creator: { name: 'leakspec test', version: '1' }, entries } }, null, 2));
  return path;
}

/** Analyses a file (through analyzeCapture, as the runner does) with the embedded geo database. */
export function analyze(path: string, opts: Partial<AnalyzeOptions> = {}): CaptureAnalysis {
  return analyzeCapture(path, { identifiers: [IMEI_DECL], geo: openGeo({}), ...opts });
}

/** The one flow of a single-entry HAR. */
export function onlyFlow(a: CaptureAnalysis): FlowRecord {
  if (a.flows.length !== 1) throw new Error(`expected one flow, got ${a.flows.length}`);
  return a.flows[0];
}
