/** Capture stage: file bytes -> frames, streamed (pcap, pcapng); HAR files read whole into entries. */
export { openCapture, type OpenCaptureOptions } from './open.js';
export { sniffFormat, sniffBytes } from './sniff.js';
export { DEFAULT_BUFFER_SIZE } from './byte-source.js';
export { DEFAULT_MAX_PCAP_RECORD, PCAP_LINKTYPE_MASK } from './pcap-reader.js';
export { DEFAULT_MAX_PCAPNG_BLOCK } from './pcapng-reader.js';
export * from './types.js';
export { readHar, DEFAULT_MAX_HAR_BYTES, type ReadHarOptions } from './har-reader.js';
export { cleanServerAddress } from './har-entry.js';
export type * from './har-types.js';
