/** The one-line summary and the full message of an assertion result. */
import type { Assertion } from './assertions/types.js';
import { endpoint, evidenceText, flowLabel } from './evidence.js';
import type { AssertionResult, FlowEvidence } from './types.js';
import type { ResolvedScenario } from '../spec/types.js';
import { plural } from './words.js';
import { displayPath } from './words.js';

/** Distinct flows named in a summary before the rest are counted. */
const MAX_SUMMARY_FLOWS = 3;

function summaryItem(e: FlowEvidence): string {
  return `${flowLabel(e)} (${endpoint(e.server)}, ${e.country})`;
}

function offenderSummary(assertion: Assertion, offenders: readonly FlowEvidence[]): string {
  const items = [...new Set(offenders.map(summaryItem))];
  const shown = items.slice(0, MAX_SUMMARY_FLOWS).join(', ');
  const more = items.length > MAX_SUMMARY_FLOWS ? `, and ${items.length - MAX_SUMMARY_FLOWS} more` : '';
  const verb = offenders.length === 1 ? assertion.verb.one : assertion.verb.many;
  return `${plural(offenders.length, 'flow')} ${verb}: ${shown}${more}`;
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

/** One line: "ok" when nothing fails, else the offending flows and/or the first error. */
export function summarize(assertion: Assertion, r: Pick<AssertionResult, 'offenders' | 'errors'>): string {
  const parts: string[] = [];
  if (r.offenders.length > 0) parts.push(offenderSummary(assertion, r.offenders));
  if (r.errors.length > 0) {
    const more = r.errors.length > 1 ? ` (and ${plural(r.errors.length - 1, 'more error')})` : '';
    parts.push(`${firstLine(r.errors[0].message)}${more}`);
  }
  return parts.length === 0 ? 'ok' : parts.join('; ');
}

/** "scenario: <name> at <file>:<line>". */
export function scenarioLine(scenario: ResolvedScenario): string {
  return `scenario: ${scenario.name} at ${displayPath(scenario.loc.file)}:${scenario.loc.line}`;
}

/**
 * The full text a person reads in a failure: the errors, each offending
 * flow with all its evidence, the waived flows marked as waived, then the
 * scenario's file and line. Empty for a passed result.
 */
export function fullMessage(assertion: Assertion, scenario: ResolvedScenario, r: Omit<AssertionResult, 'message' | 'summary'>): string {
  if (r.status === 'passed') return '';
  const blocks: string[] = [];
  for (const e of r.errors) blocks.push(`error ${e.code}: ${e.message}`);
  if (r.offenders.length > 0) {
    const verb = r.offenders.length === 1 ? assertion.verb.one : assertion.verb.many;
    blocks.push(`${plural(r.offenders.length, 'flow')} ${verb}:`);
    for (const e of r.offenders) blocks.push(evidenceText(e));
  }
  if (r.waived.length > 0) {
    blocks.push(`${plural(r.waived.length, 'flow')} waived (not failing):`);
    for (const e of r.waived) blocks.push(evidenceText(e));
  }
  blocks.push(scenarioLine(scenario));
  return blocks.join('\n\n');
}
