/**
 * The undeclared-identifier detectors of `policy.detectors` and what each
 * one reports (SPEC-FORMAT.md, "Identifiers").
 */
import type { Category } from '../types.js';

/** Every detector, in the order of the spec. */
export const DETECTOR_KINDS = ['imei', 'iccid', 'imsi', 'mac', 'email', 'phone', 'location'] as const;

/** One detector name (`policy.detectors` entry). */
export type DetectorKind = (typeof DETECTOR_KINDS)[number];

/** The category of the findings of each detector. */
export const DETECTOR_CATEGORY: Readonly<Record<DetectorKind, Category>> = {
  imei: 'device-id',
  mac: 'device-id',
  iccid: 'subscriber-id',
  imsi: 'subscriber-id',
  phone: 'subscriber-id',
  email: 'contact',
  location: 'location',
};

/** The identifier name of a finding: `undeclared:<kind>`. */
export function undeclaredName(kind: DetectorKind): string {
  return `undeclared:${kind}`;
}

/**
 * A match found by one detector in a text (latin1-decoded bytes, so indices
 * are byte offsets).
 */
export interface Candidate {
  kind: DetectorKind;
  /** `raw`, or `url` when the match holds a percent-escape (`%40`, `%2B`). */
  form: 'raw' | 'url';
  /** Index of the first byte of the match. */
  start: number;
  /** Index just past its last byte. */
  end: number;
  /**
   * One past the last index the detector looked at to decide (the match and
   * the bytes around it). A match with `need` beyond the text may change
   * when more bytes arrive, so a streaming caller decides it later.
   */
  need: number;
  /** For `location`: the pair's values (for suppression by declared locations). */
  lat?: number;
  lon?: number;
}

/** A detector: appends every candidate of its kinds found in `text`. */
export interface Detector {
  /** The kinds this detector can report. */
  readonly kinds: readonly DetectorKind[];
  /** Scans `text` once; reports only the kinds in `enabled`. */
  find(text: string, enabled: ReadonlySet<DetectorKind>, out: Candidate[]): void;
}
