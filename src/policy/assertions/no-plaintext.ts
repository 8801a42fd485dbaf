/** `no-plaintext`: no unencrypted application data unless allowed, and never an identifier in the clear. */
import type { FlowContext } from '../flow-context.js';
import { identifierList, ruleLabel } from '../words.js';
import type { Assertion, Offence } from './types.js';

/**
 * A flow offends when:
 * - it carries application data, counts as unencrypted under the policy
 *   (see judgeEncryption), is not an infrastructure protocol, and its rule
 *   (the first that matches) does not set `plaintext: true`;
 * - or, whatever the rules say, it carries any finding (declared or
 *   `undeclared:*`) and was readable on the wire or counts as unencrypted.
 *   This includes an `opaque` flow under `opaque: allow`: an identifier found
 *   in its bytes was sent in the clear. Findings in encrypted flows (HAR
 *   `https://` entries) never count here;
 * - or it was readable on the wire, could not be inspected whole
 *   (`uninspected` reasons) and `policy.uninspected` is `fail`, since the
 *   part not inspected may hide an identifier.
 */
function check(ctx: FlowContext): Offence | null {
  const { flow, encryption, rule } = ctx;
  const reasons: string[] = [];
  const exposed = encryption.unencrypted || encryption.cleartext;
  if (flow.has_payload && encryption.unencrypted && !ctx.infrastructure && !rule?.plaintext) {
    const why = rule ? `${ruleLabel(rule)} does not set plaintext: true` : 'no allow rule with plaintext: true admits it';
    reasons.push(`carries application data unencrypted (${encryption.description}) and ${why}`);
  }
  if (exposed && flow.findings.length > 0) {
    reasons.push(`sends identifiers unencrypted: ${identifierList(flow.findings)}`);
  }
  if (encryption.cleartext && flow.uninspected.length > 0 && ctx.policy.uninspected === 'fail') {
    reasons.push(`cleartext not inspected whole (${flow.uninspected.join(', ')}) may hide an identifier (uninspected: fail)`);
  }
  if (reasons.length === 0) return null;
  return { reason: reasons.join('; '), findings: exposed ? flow.findings : [] };
}

/** The `no-plaintext` assertion. */
export const noPlaintext: Assertion = {
  name: 'no-plaintext',
  verb: { one: 'sends plaintext', many: 'send plaintext' },
  check,
};
