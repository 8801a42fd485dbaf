/** Waivers: active ones move offences aside, expired ones fail their assertion (SPEC-FORMAT.md, "Waivers"). */
import { ErrorCodes } from '../errors.js';
import type { AssertionName, Waiver } from '../spec/types.js';
import { withWaiver } from './evidence.js';
import type { FlowContext } from './flow-context.js';
import { matchesAny } from './match.js';
import type { AssertionResult, FlowEvidence } from './types.js';
import { displayPath } from './words.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether a waiver is active on `today` (both YYYY-MM-DD, UTC): it holds
 * through its whole `expires` day and is expired from the next day on. An
 * `expires` that is not a YYYY-MM-DD date is treated as expired.
 */
export function waiverActive(waiver: Waiver, today: string): boolean {
  return DATE.test(waiver.expires) && today <= waiver.expires;
}

/** The error an expired waiver adds to its assertion: names its file:line, ticket and expiry. */
export function expiredWaiverError(waiver: Waiver, today: string): { code: string; message: string } {
  const ticket = waiver.ticket ?? 'no ticket';
  const when = DATE.test(waiver.expires) ? `expired on ${waiver.expires}` : `has an expiry "${waiver.expires}" that is not a date`;
  return {
    code: ErrorCodes.WAIVER_EXPIRED,
    message:
      `waiver at ${displayPath(waiver.loc.file)}:${waiver.loc.line} (${ticket}) for ${waiver.assertion} to ${waiver.to.join(', ')} ` +
      `${when} (today is ${today}): renew it or remove it`,
  };
}

/** One offence before waivers: the flow and its evidence. */
export interface OffenceItem {
  ctx: FlowContext;
  evidence: FlowEvidence;
}

/** What waivers leave of an assertion's offences. */
export type WaiverOutcome = Pick<AssertionResult, 'offenders' | 'waived' | 'errors' | 'unusedWaivers'>;

/**
 * Applies the waivers of `assertion` to its offences. An active waiver whose
 * `to` matches an offending flow moves that flow to `waived` (the first such
 * waiver is attached); active waivers that covered nothing are listed as
 * unused; every expired waiver adds an LS_WAIVER_EXPIRED error, whether or
 * not it still matches anything, and waives nothing.
 */
export function applyWaivers(
  assertion: AssertionName,
  items: readonly OffenceItem[],
  waivers: readonly Waiver[],
  today: string,
): WaiverOutcome {
  const own = waivers.filter((w) => w.assertion === assertion);
  const active = own.filter((w) => waiverActive(w, today));
  const used = new Set<Waiver>();
  const offenders: FlowEvidence[] = [];
  const waived: FlowEvidence[] = [];
  for (const item of items) {
    const waiver = active.find((w) => matchesAny(w.to, item.ctx.flow));
    if (waiver) {
      used.add(waiver);
      waived.push(withWaiver(item.evidence, waiver));
    } else {
      offenders.push(item.evidence);
    }
  }
  return {
    offenders,
    waived,
    errors: own.filter((w) => !waiverActive(w, today)).map((w) => expiredWaiverError(w, today)),
    unusedWaivers: active.filter((w) => !used.has(w)).map((w) => ({ to: [...w.to], loc: { ...w.loc }, expires: w.expires })),
  };
}
