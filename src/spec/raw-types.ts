/**
 * The shape of a spec file that passed the JSON Schema
 * (schema/leakspec-1.schema.json). Only the schema's validate function
 * narrows plain YAML data to these types.
 */
import type { Category } from '../detect/types.js';
import type { AssertionName, DetectorName } from './types.js';

/** `device.identifiers.location`. */
export interface RawLocation {
  lat: number;
  lon: number;
  'radius-m': number;
}

/** An identifier as written: a string, `{ value, category }`, or (for `location`) coordinates. */
export type RawIdentifier = string | { value: string; category?: Category } | RawLocation;

export interface RawDevice {
  model: string;
  firmware?: string;
  addresses?: string[];
  identifiers?: Record<string, RawIdentifier>;
}

export interface RawGeoOverride {
  cidr: string;
  country: string;
  asn?: number;
}

export interface RawPolicy {
  home?: string[];
  'unknown-country'?: 'fail' | 'allow';
  'min-tls'?: string;
  opaque?: 'allow' | 'fail';
  infrastructure?: string[];
  uninspected?: 'fail' | 'allow';
  detectors?: DetectorName[];
  geo?: { database?: string; overrides?: RawGeoOverride[] };
}

export interface RawAllowRule {
  name?: string;
  to: string[];
  protocols?: string[];
  ports?: number[];
  data?: string[];
  plaintext?: boolean;
  transfer?: { countries: string[]; basis: string };
}

export interface RawWaiver {
  assertion: AssertionName;
  to: string[];
  reason: string;
  ticket?: string;
  expires: string;
}

export type RawCapture = string | string[] | { url: string; sha256: string };

export interface RawScenario {
  name: string;
  firmware?: string;
  action?: string;
  capture: RawCapture;
  window?: { from: number; to: number };
  record?: Record<string, unknown>;
  policy?: RawPolicy;
  allow?: RawAllowRule[];
  waivers?: RawWaiver[];
  expect?: AssertionName[];
}

export interface RawSpecFile {
  leakspec: 1;
  extends?: string | string[];
  device?: RawDevice;
  policy?: RawPolicy;
  allow?: RawAllowRule[];
  waivers?: RawWaiver[];
  scenarios?: RawScenario[];
}
