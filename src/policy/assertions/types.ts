/** The shape of one assertion module. */
import type { Finding } from '../../analysis/types.js';
import type { AssertionName } from '../../spec/types.js';
import type { FlowContext } from '../flow-context.js';

/** Why one flow offends an assertion. */
export interface Offence {
  /** One line. */
  reason: string;
  /** The findings that are part of the offence (all of the flow's, or the offending ones). */
  findings: Finding[];
}

/** An assertion: judges each flow on its own. */
export interface Assertion {
  name: AssertionName;
  /** Verb phrase for the summary line, for one flow and for several: "sends plaintext" / "send plaintext". */
  verb: { one: string; many: string };
  /** The offence of this flow, or null when the flow passes. */
  check(ctx: FlowContext): Offence | null;
}
