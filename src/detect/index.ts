/**
 * Detect stage: declared identifiers in cleartext bytes.
 *
 * `compileMatcher` builds one automaton for every form of every declared
 * value; `createLocationScanner` finds coordinate pairs near declared
 * locations. A caller that found a hit inside decoded content (a gzip body,
 * a base64 blob) names the decoding chain with `withEncodings`.
 */
export type { Category, Hit, IdentifierDecl, Matcher, MatchStream } from './types.js';
export { CATEGORIES } from './types.js';
export { compileMatcher, type CompiledMatcher } from './matcher.js';
export { identifierForms, MIN_FORM_BYTES, MIN_RAW_BYTES, type IdentifierForm } from './forms.js';
export { normalForms, luhnCheckDigit, type NormalForm } from './normal-forms.js';
export { splitCountryCode, COUNTRY_CALLING_CODES } from './country-codes.js';
export { createLocationScanner, createOneShotLocationScanner, LOCATION_OVERLAP, type LocationScanner } from './location.js';
export { findCoordinatePairs, haversineMeters, type CoordinatePair } from './coordinates.js';
export { AhoCorasick } from './aho-corasick.js';
export { StreamScan, OneShotScan, type ScanHits, type ScanTargets } from './stream-scan.js';

/**
 * The form name of a hit found after undoing some encodings, outermost
 * first: `withEncodings('base64', ['gzip'])` is `gzip+base64`, and
 * `withEncodings('sha256-hex', ['br', 'base64'])` is `br+base64+sha256-hex`.
 * A `raw` hit takes the chain's name alone (`withEncodings('raw', ['gzip'])`
 * is `gzip`); without encodings the form is returned unchanged.
 */
export function withEncodings(form: string, encodings: readonly string[]): string {
  if (encodings.length === 0) return form;
  const chain = encodings.join('+');
  return form === 'raw' ? chain : `${chain}+${form}`;
}
export { ALL_TRIGGER_KINDS, TriggerScan, type TriggerKinds } from './triggers.js';
