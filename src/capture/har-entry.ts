/**
 * One `log.entries` item of a parsed HAR, normalised into a HarEntry.
 * Optional fields may be missing or of the wrong type (exporters differ):
 * they become null, -1 or empty lists, with a named weird when a value was
 * present but unusable. An entry without a request URL is not an HTTP
 * exchange at all: that is a damaged file (CaptureError LS_CAPTURE_CORRUPT).
 */
import { CaptureError, ErrorCodes } from '../errors.js';
import type {
  HarContent,
  HarEntry,
  HarNameValue,
  HarParam,
  HarPostData,
  HarRequest,
  HarResponse,
  HarWebSocketMessage,
} from './har-types.js';

type Json = Record<string, unknown>;
type Weird = (name: string) => void;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** A size or time: a finite number (or numeric string), else -1; negative stays negative (unknown). */
function size(v: unknown, weird: Weird, what: string): number {
  if (v === undefined || v === null) return -1;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n === 'number' && Number.isFinite(n)) return n < 0 ? -1 : n;
  weird(`har_bad_${what}`);
  return -1;
}

function list(v: unknown, weird: Weird, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  weird(`har_bad_${what}`);
  return [];
}

function nameValues(v: unknown, weird: Weird, what: string): HarNameValue[] {
  const out: HarNameValue[] = [];
  for (const item of list(v, weird, what)) {
    const name = isObject(item) ? str(item.name) : null;
    if (name === null) {
      weird(`har_bad_${what}`);
      continue;
    }
    out.push({ name, value: str((item as Json).value) ?? '' });
  }
  return out;
}

function params(v: unknown, weird: Weird): HarParam[] {
  const out: HarParam[] = [];
  for (const p of list(v, weird, 'post_params')) {
    if (!isObject(p)) {
      weird('har_bad_post_params');
      continue;
    }
    out.push({ name: str(p.name) ?? '', value: str(p.value), fileName: str(p.fileName), contentType: str(p.contentType) });
  }
  return out;
}

function postData(v: unknown, weird: Weird): HarPostData | null {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) {
    weird('har_bad_post_data');
    return null;
  }
  return { mimeType: str(v.mimeType), text: str(v.text), encoding: str(v.encoding), params: params(v.params, weird) };
}

function request(v: unknown, index: number, file: string, weird: Weird): HarRequest {
  const url = isObject(v) ? str(v.url) : null;
  if (!isObject(v) || url === null) {
    throw new CaptureError(
      ErrorCodes.CAPTURE_CORRUPT,
      `${file}: damaged HAR file: entry ${index} has no ${isObject(v) ? 'request.url' : 'request object'}`,
      { file },
    );
  }
  return {
    method: str(v.method) ?? '',
    url,
    httpVersion: str(v.httpVersion),
    headers: nameValues(v.headers, weird, 'request_headers'),
    cookies: nameValues(v.cookies, weird, 'request_cookies'),
    headersSize: size(v.headersSize, weird, 'headers_size'),
    bodySize: size(v.bodySize, weird, 'body_size'),
    postData: postData(v.postData, weird),
  };
}

function content(v: unknown, weird: Weird): HarContent {
  if (!isObject(v)) {
    if (v !== undefined && v !== null) weird('har_bad_content');
    return { size: -1, mimeType: null, text: null, encoding: null };
  }
  return { size: size(v.size, weird, 'content_size'), mimeType: str(v.mimeType), text: str(v.text), encoding: str(v.encoding) };
}

function response(v: unknown, weird: Weird): HarResponse | null {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) {
    weird('har_bad_response');
    return null;
  }
  const status = size(v.status, weird, 'status');
  return {
    status: status > 0 ? Math.trunc(status) : 0,
    httpVersion: str(v.httpVersion),
    headers: nameValues(v.headers, weird, 'response_headers'),
    cookies: nameValues(v.cookies, weird, 'response_cookies'),
    headersSize: size(v.headersSize, weird, 'headers_size'),
    bodySize: size(v.bodySize, weird, 'body_size'),
    content: content(v.content, weird),
  };
}

function webSocketMessages(v: unknown, weird: Weird): HarWebSocketMessage[] {
  const out: HarWebSocketMessage[] = [];
  for (const m of list(v, weird, 'websocket_messages')) {
    const data = isObject(m) ? str(m.data) : null;
    if (data === null) {
      weird('har_bad_websocket_message');
      continue;
    }
    const m2 = m as Json;
    const opcode = typeof m2.opcode === 'number' && Number.isInteger(m2.opcode) ? m2.opcode : null;
    out.push({ type: str(m2.type) ?? '', opcode, data });
  }
  return out;
}

/**
 * A server address as exporters write it, without IPv6 brackets or a port:
 * `[2001:db8::1]` and `[2001:db8::1]:443` give `2001:db8::1`,
 * `192.0.2.1:443` gives `192.0.2.1`; empty gives null.
 */
export function cleanServerAddress(v: unknown): string | null {
  const s = str(v)?.trim() ?? '';
  if (s === '') return null;
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(s);
  if (bracketed) return bracketed[1] === '' ? null : bracketed[1];
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(s);
  return v4port ? v4port[1] : s;
}

function serverAddress(e: Json): string | null {
  const remote = isObject(e.response) ? e.response._remoteAddress : undefined;
  return cleanServerAddress(e.serverIPAddress) ?? cleanServerAddress(e._ip_addr) ?? cleanServerAddress(remote);
}

function startTime(v: unknown, weird: Weird): { text: string | null; ts: number | null } {
  const text = str(v);
  if (text === null) {
    weird('har_missing_started_date_time');
    return { text: null, ts: null };
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    weird('har_bad_started_date_time');
    return { text, ts: null };
  }
  return { text, ts: ms / 1000 };
}

/**
 * Normalises entry number `index` (1-based) of `file`. Throws CaptureError
 * LS_CAPTURE_CORRUPT when the entry is not an object or has no request URL.
 */
export function normaliseEntry(v: unknown, index: number, file: string, weird: Weird): HarEntry {
  if (!isObject(v)) {
    throw new CaptureError(ErrorCodes.CAPTURE_CORRUPT, `${file}: damaged HAR file: entry ${index} is not an object`, { file });
  }
  const req = request(v.request, index, file, weird);
  const started = startTime(v.startedDateTime, weird);
  const messages = v._webSocketMessages ?? (isObject(v.response) ? v.response._webSocketMessages : undefined);
  return {
    index,
    startedDateTime: started.text,
    ts: started.ts,
    time: size(v.time, weird, 'time'),
    serverAddress: serverAddress(v),
    connection: str(v.connection),
    request: req,
    response: response(v.response, weird),
    webSocketMessages: webSocketMessages(messages, weird),
  };
}
