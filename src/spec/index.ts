/** Spec stage: YAML spec files -> validated, resolved specs with source locations. */
export * from './types.js';
export { loadSpec, isPartialSpec, type LoadSpecOptions, type LoadSpecResult } from './load.js';
export { findSpecFiles, SPEC_EXTENSIONS, type FoundSpecs } from './discover.js';
export { formatDiagnostic, displayPath, sortDiagnostics } from './format.js';
export { WELL_KNOWN_IDENTIFIERS, wellKnownCategory } from './well-known.js';
export { checkDestination, checkCidr, isHostName, type DestinationKind, type DestinationCheck } from './destinations.js';
export { defaultPolicy } from './resolve.js';
export { schemaPath } from './schema.js';
export { MAX_SPEC_BYTES, MAX_NESTING, MAX_ALIAS_COUNT } from './yaml-source.js';
