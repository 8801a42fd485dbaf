/** `allowed-flows-only`: every flow is allowed by a rule or is infrastructure. */
import type { FlowContext } from '../flow-context.js';
import type { Assertion, Offence } from './types.js';

/** A flow offends when no allow rule matches it and its protocol is not infrastructure. */
function check(ctx: FlowContext): Offence | null {
  if (ctx.rule || ctx.infrastructure) return null;
  const { flow } = ctx;
  return {
    reason: `no allow rule matches it (protocol ${flow.protocol}, port ${flow.server.port})`,
    findings: flow.findings,
  };
}

/** The `allowed-flows-only` assertion. */
export const allowedFlowsOnly: Assertion = {
  name: 'allowed-flows-only',
  verb: { one: 'matches no allow rule', many: 'match no allow rule' },
  check,
};
