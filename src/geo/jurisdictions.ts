/**
 * Jurisdiction names for `policy.home` and `transfer.countries`: ISO 3166-1
 * alpha-2 codes (upper case), the groups `EU`, `EEA` and `EU-ADEQUACY`, and
 * `EL` (the EU's code for Greece) as an alias of `GR`.
 *
 * The groups are dated data: check `adequacyInfo().asOf` against the
 * European Commission's list when it matters.
 */
import { ErrorCodes, LeakspecError } from '../errors.js';
import { COUNTRY_NAMES, countryName, isCountryCode } from './countries.js';

export { countryName };

/** The group names. */
export const JURISDICTIONS: readonly string[] = Object.freeze(['EU', 'EEA', 'EU-ADEQUACY']);

/** Aliases accepted for country codes. */
export const JURISDICTION_ALIASES: Readonly<Record<string, string>> = Object.freeze({ EL: 'GR' });

/** The 27 EU member states (since 1 February 2020), Greece as GR. */
export const EU_MEMBERS: readonly string[] = Object.freeze([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

/** The EEA: the EU plus Iceland, Liechtenstein and Norway. */
export const EEA_MEMBERS: readonly string[] = Object.freeze([...EU_MEMBERS, 'IS', 'LI', 'NO']);

/** One EU adequacy decision (GDPR Art. 45, or Directive 95/46/EC Art. 25(6) kept in force by Art. 45(9)). */
export interface AdequacyDecision {
  code: string;
  /** Year the decision was adopted. */
  adopted: number;
  /** True when the decision covers only some recipients in the country. */
  partial: boolean;
  /** What the decision covers, when partial; notes otherwise. */
  scope: string;
}

/** The EU adequacy list: dated, with its source. */
export interface AdequacyList {
  /** The date the list was checked against the source. */
  asOf: string;
  source: string;
  decisions: readonly AdequacyDecision[];
}

const ADEQUACY: AdequacyList = Object.freeze({
  asOf: '2025-12-31',
  source:
    'European Commission, "Adequacy decisions" (https://commission.europa.eu/law/law-topic/data-protection/' +
    'international-dimension-data-protection/adequacy-decisions_en). Only adopted decisions for countries and ' +
    'territories are listed; drafts and decisions for international organisations are not.',
  decisions: Object.freeze([
    { code: 'AD', adopted: 2010, partial: false, scope: 'Andorra' },
    { code: 'AR', adopted: 2003, partial: false, scope: 'Argentina' },
    { code: 'CA', adopted: 2001, partial: true, scope: 'commercial organisations subject to PIPEDA only' },
    { code: 'CH', adopted: 2000, partial: false, scope: 'Switzerland' },
    { code: 'FO', adopted: 2010, partial: false, scope: 'Faroe Islands' },
    { code: 'GB', adopted: 2021, partial: false, scope: 'United Kingdom (GDPR decision renewed in 2025)' },
    { code: 'GG', adopted: 2003, partial: false, scope: 'Guernsey' },
    { code: 'IL', adopted: 2011, partial: false, scope: 'Israel' },
    { code: 'IM', adopted: 2004, partial: false, scope: 'Isle of Man' },
    { code: 'JE', adopted: 2008, partial: false, scope: 'Jersey' },
    { code: 'JP', adopted: 2019, partial: true, scope: 'private-sector recipients under the APPI, with the Supplementary Rules' },
    { code: 'KR', adopted: 2021, partial: false, scope: 'Republic of Korea (recipients subject to PIPA)' },
    { code: 'NZ', adopted: 2012, partial: false, scope: 'New Zealand' },
    { code: 'US', adopted: 2023, partial: true, scope: 'organisations certified under the EU-US Data Privacy Framework only' },
    { code: 'UY', adopted: 2012, partial: false, scope: 'Uruguay' },
  ]),
});

/** The EU adequacy list, with its date and source. */
export function adequacyInfo(): AdequacyList {
  return ADEQUACY;
}

/** The country code a name stands for, applying aliases (EL -> GR); null for a name that is not a country. */
function countryOf(name: string): string | null {
  const c = JURISDICTION_ALIASES[name] ?? name;
  return isCountryCode(c) ? c : null;
}

/** True for a group name, an assigned alpha-2 code (upper case) or an alias. */
export function isJurisdiction(name: string): boolean {
  return JURISDICTIONS.includes(name) || countryOf(name) !== null;
}

/** Every accepted name, for "did you mean" suggestions. */
export function jurisdictionNames(): string[] {
  return [...JURISDICTIONS, ...Object.keys(JURISDICTION_ALIASES), ...Object.keys(COUNTRY_NAMES)];
}

/**
 * Expands jurisdiction names into country codes. `partial` lists the codes
 * that came only through a partial adequacy decision (named nowhere else),
 * so reports can say so. Throws LeakspecError(SPEC_INVALID) for an unknown name.
 */
export function expandJurisdictions(names: readonly string[]): { codes: Set<string>; partial: string[] } {
  const codes = new Set<string>();
  const direct = new Set<string>();
  const viaPartial = new Set<string>();
  for (const name of names) {
    if (name === 'EU') EU_MEMBERS.forEach((c) => direct.add(c));
    else if (name === 'EEA') EEA_MEMBERS.forEach((c) => direct.add(c));
    else if (name === 'EU-ADEQUACY') {
      for (const d of ADEQUACY.decisions) (d.partial ? viaPartial : direct).add(d.code);
    } else {
      const c = countryOf(name);
      if (c === null) throw new LeakspecError(ErrorCodes.SPEC_INVALID, `unknown jurisdiction "${name}"`);
      direct.add(c);
    }
  }
  direct.forEach((c) => codes.add(c));
  viaPartial.forEach((c) => codes.add(c));
  const partial = [...viaPartial].filter((c) => !direct.has(c)).sort();
  return { codes, partial };
}
