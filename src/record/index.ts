/** Record stage: make scenarios' captures again (container, netns, command drivers), then test them. */
export { DEFAULT_RECORD_TIMEOUT_MS, progressLine, recordScenario, recordScenarios, recordTarget, scenarioSlug } from './record.js';
export { DEFAULT_READY_TIMEOUT_MS, describeStep, parseDuration, parseRecordConfig } from './config.js';
export { DRIVERS, driverFor } from './drivers/index.js';
export { CONTAINER_LABEL } from './drivers/container.js';
export { NETNS_RANGE } from './drivers/netns-links.js';
export { resendSignal } from './interrupts.js';
export { RecordFailure } from './record-error.js';
export { extractSingleFile } from './tar-extract.js';
export { checkRecordedCapture } from './capture-check.js';
export { MAX_LOG_CHARS } from './log-buffer.js';
export type * from './types.js';
