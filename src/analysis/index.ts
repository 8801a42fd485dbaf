export { analyzeCapture } from './analyze.js';
export type { AnalyzeOptions, AnalyzeProgress } from './analyze.js';
export type { CaptureAnalysis, FlowRecord, Finding } from './types.js';
