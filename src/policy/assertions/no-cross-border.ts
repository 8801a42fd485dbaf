/** `no-cross-border`: every server is at home, local, or reached through a rule's transfer. */
import type { FlowContext } from '../flow-context.js';
import { countryLabel, ruleLabel } from '../words.js';
import type { Assertion, Offence } from './types.js';

/**
 * A flow offends when its server country is neither `LOCAL` nor in
 * `policy.home`, and the flow's rule has no `transfer.countries` holding
 * it. A country the database could not place (`unknown`, or anything that is
 * not an alpha-2 code) offends under `unknown-country: fail`. Every flow
 * counts: infrastructure flows and flows that carried no data too.
 */
function check(ctx: FlowContext): Offence | null {
  const { flow, rule, policy } = ctx;
  const country = flow.country === 'LOCAL' ? 'LOCAL' : flow.country.toUpperCase();
  if (country === 'LOCAL') return null;
  if (!/^[A-Z]{2}$/.test(country)) {
    if (policy.unknownCountry === 'allow') return null;
    return { reason: 'server country is unknown (unknown-country: fail)', findings: flow.findings };
  }
  if (policy.home.includes(country)) return null;
  if (rule?.transfer?.countries.includes(country)) return null;
  const home = policy.homeNames.length > 0 ? policy.homeNames.join(', ') : policy.home.join(', ');
  const why = rule ? `${ruleLabel(rule)} has no transfer to ${country}` : `no allow rule with a transfer to ${country} matches it`;
  return { reason: `server in ${countryLabel(country)}, outside home (${home || 'none'}), and ${why}`, findings: flow.findings };
}

/** The `no-cross-border` assertion. */
export const noCrossBorder: Assertion = {
  name: 'no-cross-border',
  verb: { one: 'crosses the border', many: 'cross the border' },
  check,
};
