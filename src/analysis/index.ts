export { analyzeCapture } from './analyze.js';
export type { AnalyzeOptions, AnalyzeProgress } from './analyze.js';
export type { CaptureAnalysis, FlowRecord, Finding } from './types.js';
export { analyzeHar, HAR_CLIENT_PLACEHOLDER } from './har-analysis.js';
export { UNPLACED, placeFlows } from './place.js';
