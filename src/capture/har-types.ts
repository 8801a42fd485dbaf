/**
 * HAR (HTTP Archive 1.1 and 1.2) entries as the capture stage hands them on:
 * every field the analysis reads, normalised (missing optional fields are
 * null, empty lists or -1), nothing decoded yet.
 */
import type { CaptureSummary } from './types.js';

/** A header, cookie or query parameter: `{ name, value }`. */
export interface HarNameValue {
  name: string;
  value: string;
}

/** One `postData.params` item (a form field or an uploaded file). */
export interface HarParam {
  name: string;
  value: string | null;
  fileName: string | null;
  contentType: string | null;
}

/** `request.postData`: the request body as the exporter stored it. */
export interface HarPostData {
  mimeType: string | null;
  /** The body text, or null when the exporter kept none. */
  text: string | null;
  /** `"base64"` when `text` is base64 (an extension some exporters use), else null. */
  encoding: string | null;
  params: HarParam[];
}

export interface HarRequest {
  method: string;
  /** The absolute URL as stored (query string included). */
  url: string;
  httpVersion: string | null;
  headers: HarNameValue[];
  cookies: HarNameValue[];
  /** Bytes of the request head; -1 when unknown. */
  headersSize: number;
  /** Bytes of the request body; -1 when unknown. */
  bodySize: number;
  postData: HarPostData | null;
}

/** `response.content`: the response body as the exporter stored it. */
export interface HarContent {
  /** Length of the body after content decoding; -1 when unknown. */
  size: number;
  mimeType: string | null;
  /** The body text, or null when the exporter kept none. */
  text: string | null;
  /** `"base64"` when `text` is base64, else null (or the unknown value as written). */
  encoding: string | null;
}

export interface HarResponse {
  /** HTTP status; 0 when the exporter recorded none (a failed or blocked request). */
  status: number;
  httpVersion: string | null;
  headers: HarNameValue[];
  cookies: HarNameValue[];
  headersSize: number;
  bodySize: number;
  content: HarContent;
}

/** A WebSocket message of a Chrome or mitmproxy export (`_webSocketMessages`). */
export interface HarWebSocketMessage {
  /** `send` (client to server) or `receive`; anything else is kept as written. */
  type: string;
  /** WebSocket opcode: 1 text, 2 binary (`data` is then base64); null when absent. */
  opcode: number | null;
  data: string;
}

export interface HarEntry {
  /** 1-based position in `log.entries`: the entry's "frame" number in reports. */
  index: number;
  startedDateTime: string | null;
  /** `startedDateTime` in seconds since the Unix epoch, or null when absent or unparseable. */
  ts: number | null;
  /** Total time of the entry in milliseconds; -1 when unknown. */
  time: number;
  /**
   * The server address: `serverIPAddress` (IPv6 brackets and a trailing
   * `:port` removed), else the `_ip_addr` (WebPageTest) or
   * `response._remoteAddress` (capture-har) extension; null when none.
   * Not checked to be an IP here.
   */
  serverAddress: string | null;
  /** `connection` as written (a port in Firefox exports, a connection id in Chrome's). */
  connection: string | null;
  request: HarRequest;
  /** Null when the exporter recorded no response (`pcap2har -k`, a request that failed). */
  response: HarResponse | null;
  webSocketMessages: HarWebSocketMessage[];
}

/** A HAR file read whole. */
export interface HarCapture {
  file: string;
  /** `log.version` as written ("1.2", "1.1"), or null. */
  version: string | null;
  /** `log.creator.name` and version, for messages; null when absent. */
  creator: string | null;
  entries: HarEntry[];
  /**
   * format "har", sha256 and size of the file, packets = number of entries,
   * first_ts/last_ts the earliest and latest `startedDateTime`.
   */
  summary: CaptureSummary;
  /** Odd but tolerated content, by name (`har_bad_started_date_time`, ...). */
  weirds: Record<string, number>;
}
