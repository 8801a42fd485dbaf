/** Spec stage: YAML -> validated, resolved spec with source locations. */
import type { IdentifierDecl } from '../detect/types.js';
import type { GeoOverride } from '../geo/types.js';

export const ASSERTIONS = ['no-plaintext', 'no-cross-border', 'allowed-flows-only', 'identifiers-confined'] as const;
export type AssertionName = (typeof ASSERTIONS)[number];

export const DETECTORS = ['imei', 'iccid', 'imsi', 'mac', 'email', 'phone', 'location'] as const;
export type DetectorName = (typeof DETECTORS)[number];

/** Where a value was written: absolute file path, 1-based line and column. */
export interface SourceLoc {
  file: string;
  line: number;
  col: number;
}

/** One spec error, printed as `file:line:col: message`. */
export interface SpecDiagnostic extends SourceLoc {
  /** JSON-pointer-like path of the bad value (`/scenarios/0/expect/1`). */
  path: string;
  message: string;
}

export interface ResolvedPolicy {
  /** Expanded to ISO alpha-2 codes (EEA -> 30 codes). */
  home: string[];
  /** The names as written (for reports). */
  homeNames: string[];
  unknownCountry: 'fail' | 'allow';
  minTls: string;
  opaque: 'allow' | 'fail';
  infrastructure: string[];
  uninspected: 'fail' | 'allow';
  detectors: DetectorName[];
  geo: { database?: string; overrides: GeoOverride[] };
}

export interface AllowRule {
  name: string;
  /** Entries as written: host, *.wildcard, IP, CIDR, or ASN ("AS4134"). */
  to: string[];
  /** Protocol names, or ["any"]. */
  protocols: string[];
  /** Server ports, or null for any. */
  ports: number[] | null;
  /** Identifier names or categories this flow may carry. */
  data: string[];
  plaintext: boolean;
  transfer: { countries: string[]; countryNames: string[]; basis: string } | null;
  loc: SourceLoc;
}

export interface Waiver {
  assertion: AssertionName;
  to: string[];
  reason: string;
  ticket: string | null;
  /** YYYY-MM-DD. Holds through that whole day (UTC). */
  expires: string;
  loc: SourceLoc;
}

export type CaptureRef =
  | { kind: 'file'; path: string; loc: SourceLoc }
  | { kind: 'url'; url: string; sha256: string; loc: SourceLoc };

export interface ResolvedScenario {
  name: string;
  /** The spec file the scenario is written in, and its line. */
  loc: SourceLoc;
  firmware: string | null;
  action: string | null;
  captures: CaptureRef[];
  window: { from: number; to: number } | null;
  policy: ResolvedPolicy;
  /** Scenario rules first, then the file's, then extended files' in order. */
  allow: AllowRule[];
  waivers: Waiver[];
  expect: AssertionName[];
  /** Raw `record` block (driver config), validated by the schema. */
  record: unknown | null;
}

export interface ResolvedSpec {
  /** Absolute path of the spec file. */
  file: string;
  model: string;
  firmware: string | null;
  addresses: string[];
  identifiers: IdentifierDecl[];
  scenarios: ResolvedScenario[];
  /** Every file read (this one and those it extends), for provenance. */
  files: string[];
}
