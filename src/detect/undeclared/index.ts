/**
 * Detect stage, undeclared identifiers (`policy.detectors`): IMEI, ICCID,
 * IMSI, MAC addresses, e-mail addresses, E.164 phone numbers and
 * coordinate pairs that no spec declared. Each finding is named
 * `undeclared:<kind>` and has the category of its kind; values equal to a
 * declared identifier are left to the declared matcher.
 *
 * The rules of each kind are documented in its module: digit-runs.ts
 * (imei, iccid, imsi), mac.ts, email.ts, phone.ts, location.ts; streaming
 * in scanner.ts; suppression in suppress.ts.
 */
export { DETECTOR_KINDS, DETECTOR_CATEGORY, undeclaredName, type DetectorKind } from './kinds.js';
export { createDetectorScanner, createOneShotDetector, scanUndeclared, DETECTOR_TAIL, type DetectorScanner } from './scanner.js';
