/**
 * HTTP messages of the generated capture: telemetry and API requests with
 * JSON bodies (some carrying the declared identifiers raw, base64-wrapped
 * or gzip'd, a few carrying a planted undeclared value), and responses
 * (JSON, chunked JSON, images).
 */
import { gzipSync } from 'node:zlib';
import { chunked, httpRequest, httpResponse } from '../../test/support/protocol-bytes.js';
import { DECLARED, UNDECLARED } from './identifiers.js';
import type { Rng } from './rng.js';

const APPS = ['com.example.news', 'com.vendor.weather', 'com.shop.app', 'com.social.feed', 'com.vendor.launcher'];
const EVENTS = ['app_open', 'screen_view', 'scroll', 'click', 'ad_impression', 'session_end', 'purchase_view'];

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(0, 15)];
  return s;
}

function uuid(rng: Rng): string {
  return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)}`;
}

/** One telemetry event as a JSON object text (no identifiers). */
function event(rng: Rng, seq: number): string {
  return JSON.stringify({
    event: rng.pick(EVENTS),
    ts: 1718000000000 + rng.int(0, 99999999),
    seq,
    session: uuid(rng),
    app: rng.pick(APPS),
    ver: `${rng.int(1, 9)}.${rng.int(0, 30)}.${rng.int(0, 9)}`,
    os: 'Android 13',
    model: 'Pixel 7',
    net: rng.pick(['wifi', 'lte', '5g']),
    dur_ms: rng.int(10, 60000),
    price: `${rng.int(1, 999)}.${rng.int(10, 99)}`,
    screen: '1080x2400',
    items: [hex(rng, 16), hex(rng, 16)],
  });
}

/** What a request body carries besides plain events. */
export interface BodyPlan {
  /** Declared identifiers: none, raw fields, base64 blob, or the whole body gzip'd. */
  declared: 'none' | 'raw' | 'base64' | 'gzip';
  /** An undeclared value to plant (index into UNDECLARED), or -1. */
  undeclared: number;
}

function declaredFields(): Record<string, unknown> {
  const d = DECLARED;
  return {
    imei: d.imei,
    iccid: d.iccid,
    adid: d.advertisingId,
    wifi_mac: d.mac,
    user: d.email,
    tel: d.phone,
    lat: d.location.lat,
    lon: d.location.lon,
  };
}

/** A JSON body of about `size` bytes of events, with what the plan asks for. */
export function jsonBody(rng: Rng, size: number, plan: BodyPlan): { body: Uint8Array; gzip: boolean } {
  const events: string[] = [];
  let n = 0;
  for (let seq = 0; n < size; seq++) {
    const e = event(rng, seq);
    events.push(e);
    n += e.length + 1;
  }
  const extra: Record<string, unknown> = {};
  if (plan.declared === 'raw') Object.assign(extra, declaredFields());
  if (plan.declared === 'base64') extra.blob = Buffer.from(JSON.stringify(declaredFields())).toString('base64');
  if (plan.declared === 'gzip') Object.assign(extra, declaredFields());
  if (plan.undeclared >= 0) {
    const u = UNDECLARED[plan.undeclared];
    extra[u.key] = u.value;
  }
  const head = Object.keys(extra).length ? `${JSON.stringify(extra).slice(0, -1)},"events":[` : '{"events":[';
  const text = `${head}${events.join(',')}]}`;
  const raw = Buffer.from(text, 'utf8');
  if (plan.declared === 'gzip') return { body: gzipSync(raw, { level: 6 }), gzip: true };
  return { body: raw, gzip: false };
}

/** A POST carrying a JSON body. */
export function postRequest(host: string, path: string, body: Uint8Array, gzip: boolean): Uint8Array {
  const headers: Array<[string, string]> = [
    ['Host', host],
    ['User-Agent', 'Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230805.001)'],
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Content-Length', String(body.length)],
    ['Accept-Encoding', 'gzip'],
    ['Connection', 'keep-alive'],
  ];
  if (gzip) headers.splice(3, 0, ['Content-Encoding', 'gzip']);
  return httpRequest({ method: 'POST', target: path, headers, body });
}

/** A GET of a resource. */
export function getRequest(rng: Rng, host: string): Uint8Array {
  return httpRequest({
    method: 'GET',
    target: `/static/${hex(rng, 12)}.jpg?w=${rng.int(100, 1200)}`,
    headers: [
      ['Host', host],
      ['User-Agent', 'Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230805.001)'],
      ['Accept', 'image/webp,image/*'],
      ['Connection', 'keep-alive'],
    ],
  });
}

/** A response: JSON (plain or chunked) or an image of `imageBytes` bytes cut from `pool`. */
export function response(rng: Rng, kind: 'json' | 'chunked' | 'image', pool: Uint8Array, imageBytes = 0): Uint8Array {
  const date = 'Mon, 10 Jun 2024 08:00:00 GMT';
  if (kind === 'image') {
    const at = rng.int(0, pool.length - imageBytes);
    const body = pool.subarray(at, at + imageBytes);
    return httpResponse({
      headers: [['Date', date], ['Content-Type', 'image/jpeg'], ['Content-Length', String(body.length)], ['Cache-Control', 'max-age=86400']],
      body,
    });
  }
  const text = JSON.stringify({ ok: true, id: uuid(rng), config: { refresh_s: rng.int(60, 3600), flags: [hex(rng, 8), hex(rng, 8)] } });
  if (kind === 'chunked') {
    return httpResponse({
      headers: [['Date', date], ['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked']],
      body: chunked(text, 64),
    });
  }
  return httpResponse({ headers: [['Date', date], ['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(text))]], body: text });
}
