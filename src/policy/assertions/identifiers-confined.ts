/** `identifiers-confined`: identifiers go only where a rule's `data` lets them. */
import type { Finding } from '../../analysis/types.js';
import type { AllowRule } from '../../spec/types.js';
import type { FlowContext } from '../flow-context.js';
import { identifierList, ruleLabel } from '../words.js';
import type { Assertion, Offence } from './types.js';

/** Whether the rule's `data` holds the finding's identifier name (`imei`, `undeclared:imei`) or its category. */
export function dataAllows(rule: AllowRule, finding: Finding): boolean {
  const data = rule.data.map((d) => d.toLowerCase());
  return data.includes(finding.identifier.toLowerCase()) || data.includes(finding.category.toLowerCase());
}

/**
 * A flow offends for each finding whose identifier, by name or category, is
 * not in the `data` of the flow's rule. A flow no rule allows, and an
 * infrastructure flow (whatever rule matches it), may carry none.
 */
function check(ctx: FlowContext): Offence | null {
  const { flow, rule } = ctx;
  if (flow.findings.length === 0) return null;
  const all = identifierList(flow.findings);
  if (ctx.infrastructure) return { reason: `infrastructure flow (${flow.protocol}) carries identifiers: ${all}`, findings: flow.findings };
  if (!rule) return { reason: `no allow rule admits it, and it carries identifiers: ${all}`, findings: flow.findings };
  const bad = flow.findings.filter((f) => !dataAllows(rule, f));
  if (bad.length === 0) return null;
  const data = rule.data.length > 0 ? rule.data.join(', ') : 'none';
  return { reason: `carries ${identifierList(bad)}, not in the data of ${ruleLabel(rule)} (${data})`, findings: bad };
}

/** The `identifiers-confined` assertion. */
export const identifiersConfined: Assertion = {
  name: 'identifiers-confined',
  verb: { one: 'carries identifiers its rule does not allow', many: 'carry identifiers their rule does not allow' },
  check,
};
