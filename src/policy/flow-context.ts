/** Everything the assertions need to know about one flow, computed once per flow. */
import type { CaptureAnalysis, FlowRecord } from '../analysis/types.js';
import type { CaptureFormat } from '../capture/types.js';
import type { AllowRule, ResolvedPolicy } from '../spec/types.js';
import { type EncryptionVerdict, judgeEncryption } from './encryption.js';
import { findRule } from './match.js';

/** One flow with its capture, policy verdicts and matched rule. */
export interface FlowContext {
  flow: FlowRecord;
  /** The capture file it was seen in. */
  capture: string;
  format: CaptureFormat;
  policy: ResolvedPolicy;
  /** The first allow rule that matches the flow, or null. */
  rule: AllowRule | null;
  /** Its protocol is one of `policy.infrastructure`. */
  infrastructure: boolean;
  encryption: EncryptionVerdict;
}

/** Builds the context of every flow of an analysis under a policy and its allow rules (in order). */
export function flowContexts(analysis: CaptureAnalysis, policy: ResolvedPolicy, rules: readonly AllowRule[]): FlowContext[] {
  const { file, format } = analysis.capture;
  return analysis.flows.map((flow) => ({
    flow,
    capture: file,
    format,
    policy,
    rule: findRule(flow, rules),
    infrastructure: policy.infrastructure.includes(flow.protocol),
    encryption: judgeEncryption(flow, policy, format),
  }));
}
