/** Analysis stage: one capture -> a CaptureAnalysis (the JSON contract of DESIGN.md). */
import type { CaptureSummary } from '../capture/types.js';
import type { Category } from '../detect/types.js';
import type { Protocol } from '../protocols/types.js';

export interface Finding {
  identifier: string;
  category: Category;
  form: string;
  /** Frame (Wireshark number) where the match ends. */
  frame: number;
  direction: 'up' | 'down';
  /** Byte offset of the match in the flow's stream for that direction (or in the decoded body). */
  offset: number;
  /** Length of the match in bytes. */
  length: number;
  /** Where it was found: "stream", "http-body", "dns". */
  where: string;
  /** Matched bytes with context, identifier masked but its last 4 characters. */
  context?: string;
}

export interface FlowRecord {
  id: number;
  transport: 'tcp' | 'udp';
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  protocol: Protocol;
  /** true, false, or "opaque" (unrecognised high-entropy payload). */
  encrypted: boolean | 'opaque';
  tls_version: string | null;
  names: string[];
  /** Where `names` came from: "sni", "http", "dns" or "none". */
  names_source: 'sni' | 'http' | 'dns' | 'none';
  sni: string | null;
  http_host: string | null;
  country: string;
  asn: number | null;
  as_org: string | null;
  first_frame: number;
  last_frame: number;
  first_ts: number;
  last_ts: number;
  bytes_up: number;
  bytes_down: number;
  packets: number;
  /** Whether any application payload was carried at all. */
  has_payload: boolean;
  /** Reasons the cleartext of this flow could not be inspected whole (gaps, unsupported encodings, caps). */
  uninspected: string[];
  findings: Finding[];
}

export interface CaptureAnalysis {
  capture: CaptureSummary;
  flows: FlowRecord[];
  dns: Array<{ frame: number; name: string; type: string; answers: string[] }>;
  tls: Array<{ frame: number; flow: number; sni: string | null; alpn: string[]; version: string }>;
  http: Array<{ frame: number; flow: number; method: string | null; host: string | null; path: string | null; status: number | null }>;
  weirds: Record<string, number>;
  geo_db: { name: string; build_date: string };
  /**
   * Problems that make the capture unfit to judge (truncated file, corrupt
   * record, undecodable link type, no packets, empty window). Any entry fails
   * every assertion of a scenario that uses the capture.
   */
  errors: Array<{ code: string; message: string }>;
  /** The `window` applied, in seconds from the first packet, or null. */
  window: { from: number; to: number } | null;
}
