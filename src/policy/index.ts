/** Policy stage: resolved scenario + analyses -> one result per assertion, with evidence. */
export { evaluateScenario, failScenario, isIsoDate, todayUtc } from './evaluate.js';
export { findRule, matchesAny, matchesTarget, normaliseHost, parseTarget, portMatches, protocolMatches, type Target } from './match.js';
export { judgeEncryption, tlsVersionRank, type EncryptionVerdict } from './encryption.js';
export { endpoint, evidenceText, toEvidence, wiresharkFilter, withWaiver } from './evidence.js';
export { applyWaivers, expiredWaiverError, waiverActive } from './waivers.js';
export { assertions, type Assertion, type Offence } from './assertions/index.js';
export { flowContexts, type FlowContext } from './flow-context.js';
export { countryLabel, countryName } from './words.js';
export type { AssertionResult, FlowEvidence, PolicyInput } from './types.js';
