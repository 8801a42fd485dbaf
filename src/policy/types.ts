/** Policy stage: resolved scenario + analyses -> one result per assertion, with evidence. */
import type { CaptureAnalysis, FlowRecord, Finding } from '../analysis/types.js';
import type { AssertionName, SourceLoc } from '../spec/types.js';

/** One offending (or waived) flow, with everything a person needs to check it in Wireshark. */
export interface FlowEvidence {
  capture: string;
  flow: number;
  names: string[];
  server: { ip: string; port: number };
  client: { ip: string; port: number };
  country: string;
  asn: number | null;
  as_org: string | null;
  protocol: string;
  encrypted: boolean | 'opaque';
  /** The flow's TLS/DTLS version as read from its handshake, or null. */
  tls_version?: string | null;
  first_frame: number;
  last_frame: number;
  findings: Finding[];
  /** Why this flow offends this assertion. */
  reason: string;
  /** The allow rule that matched the flow, if any: its name, file and line. */
  rule: { name: string; loc: SourceLoc } | null;
  /** A Wireshark display filter showing the flow. */
  filter: string;
  /** Set when an active waiver covers this offence. */
  waiver?: { reason: string; ticket: string | null; expires: string; loc: SourceLoc };
}

export interface AssertionResult {
  assertion: AssertionName;
  status: 'passed' | 'failed';
  /** One line: what went wrong (or "ok"). */
  summary: string;
  /** Full multi-line message with the evidence (empty when passed). */
  message: string;
  offenders: FlowEvidence[];
  waived: FlowEvidence[];
  /** Errors that fail the assertion whatever the flows (capture unreadable, expired waiver...). */
  errors: Array<{ code: string; message: string }>;
  /** Waivers of this assertion that were active but matched nothing. */
  unusedWaivers: Array<{ to: string[]; loc: SourceLoc; expires: string }>;
}

export interface PolicyInput {
  analyses: CaptureAnalysis[];
  /** YYYY-MM-DD: "today" for waiver expiry (LEAKSPEC_TODAY overrides the clock). */
  today: string;
}

export type { FlowRecord };
