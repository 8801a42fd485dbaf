/**
 * Normal forms of identifier values: the other ways the same MAC address,
 * IMEI or phone number is commonly written. Each is later encoded like the
 * value itself (hex, base64, digests...), since a device hashes or encodes
 * whichever spelling its software happens to use.
 *
 * - MAC (names `mac`, `bluetooth-mac`, `wifi-bssid`, or any value shaped
 *   like a MAC: six octets with `:` or `-`, or `xxxx.xxxx.xxxx`):
 *   `mac-colon-lower`, `mac-colon-upper`, `mac-dash-lower`, `mac-dash-upper`,
 *   `mac-dot-lower`, `mac-dot-upper`, `mac-nosep-lower`, `mac-nosep-upper`.
 *   A value of 12 bare hex digits counts as a MAC only under a MAC name.
 * - IMEI (names `imei`, `imei2`): separators removed; `imei-14` without the
 *   Luhn check digit and `imei-15` with it (computed when the value has 14
 *   digits).
 * - Phone number (names `phone-number`, `msisdn`): spaces, dashes, dots,
 *   slashes and brackets removed. A value starting with `+` or with the
 *   international prefix `00` is split into country calling code and
 *   national number (ITU table in country-codes.ts); `msisdn` values
 *   without either are read as international too (an MSISDN holds its
 *   country code by definition). Forms: `phone-e164` (`+4791234567`),
 *   `phone-noplus` (`4791234567`), `phone-00` (`004791234567`),
 *   `phone-national` (`91234567`) and `phone-trunk0` (`091234567`, the
 *   national format of countries with a trunk prefix 0). A `phone-number`
 *   written without `+`/`00` is national: `phone-compact`, and
 *   `phone-national` when it starts with a trunk 0 that can be dropped.
 */
import { splitCountryCode } from './country-codes.js';
import type { IdentifierDecl } from './types.js';

/** One normal form: a name for reports and the text it spells. */
export interface NormalForm {
  name: string;
  text: string;
}

const MAC_NAMES = new Set(['mac', 'bluetooth-mac', 'wifi-bssid']);
const IMEI_NAMES = new Set(['imei', 'imei2']);
const PHONE_NAMES = new Set(['phone-number', 'msisdn']);

const MAC_SEPARATED = /^[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}$/i;
const MAC_DOTTED = /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i;
const MAC_BARE = /^[0-9a-f]{12}$/i;

/** The 12 lower-case hex digits of a MAC-shaped value, or null. */
export function macDigits(value: string, declaredAsMac: boolean): string | null {
  const v = value.trim();
  if (MAC_SEPARATED.test(v) || MAC_DOTTED.test(v) || (declaredAsMac && MAC_BARE.test(v))) {
    return v.replace(/[^0-9a-f]/gi, '').toLowerCase();
  }
  return null;
}

function macForms(hex12: string): NormalForm[] {
  const pairs = hex12.match(/../g) ?? [];
  const quads = hex12.match(/..../g) ?? [];
  const spellings: Array<[string, string]> = [
    ['colon', pairs.join(':')],
    ['dash', pairs.join('-')],
    ['dot', quads.join('.')],
    ['nosep', hex12],
  ];
  const out: NormalForm[] = [];
  for (const [sep, text] of spellings) {
    out.push({ name: `mac-${sep}-lower`, text });
    out.push({ name: `mac-${sep}-upper`, text: text.toUpperCase() });
  }
  return out;
}

/** The Luhn check digit for a string of digits (the payload, without check digit). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function imeiForms(value: string): NormalForm[] {
  const digits = value.replace(/[\s\-/.]/g, '');
  if (!/^[0-9]+$/.test(digits)) return [];
  if (digits.length === 15) {
    return [
      { name: 'imei-15', text: digits },
      { name: 'imei-14', text: digits.slice(0, 14) },
    ];
  }
  if (digits.length === 14) {
    return [
      { name: 'imei-14', text: digits },
      { name: 'imei-15', text: digits + String(luhnCheckDigit(digits)) },
    ];
  }
  return [];
}

function internationalForms(cc: string, national: string): NormalForm[] {
  return [
    { name: 'phone-e164', text: `+${cc}${national}` },
    { name: 'phone-noplus', text: `${cc}${national}` },
    { name: 'phone-00', text: `00${cc}${national}` },
    { name: 'phone-national', text: national },
    { name: 'phone-trunk0', text: `0${national}` },
  ];
}

function phoneForms(name: string, value: string): NormalForm[] {
  const compact = value.replace(/[\s\-./()]/g, '');
  let intl: string | null = null;
  if (/^\+[0-9]+$/.test(compact)) intl = compact.slice(1);
  else if (/^00[1-9][0-9]*$/.test(compact)) intl = compact.slice(2);
  else if (name === 'msisdn' && /^[1-9][0-9]+$/.test(compact)) intl = compact;
  if (intl !== null) {
    const split = splitCountryCode(intl);
    if (split) return internationalForms(split.cc, split.national);
    return [
      { name: 'phone-e164', text: `+${intl}` },
      { name: 'phone-noplus', text: intl },
      { name: 'phone-00', text: `00${intl}` },
    ];
  }
  if (!/^[0-9]+$/.test(compact)) return [];
  const out: NormalForm[] = [{ name: 'phone-compact', text: compact }];
  if (/^0[1-9]/.test(compact)) out.push({ name: 'phone-national', text: compact.slice(1) });
  return out;
}

/**
 * The normal forms of a declared value (see the module comment), without
 * the value's own text. Empty for identifiers that have none.
 */
export function normalForms(decl: IdentifierDecl): NormalForm[] {
  const value = decl.value;
  if (value === null) return [];
  const mac = macDigits(value, MAC_NAMES.has(decl.name));
  let forms: NormalForm[] = [];
  if (mac !== null) forms = macForms(mac);
  else if (IMEI_NAMES.has(decl.name)) forms = imeiForms(value);
  else if (PHONE_NAMES.has(decl.name)) forms = phoneForms(decl.name, value);
  return forms.filter((f) => f.text !== value);
}
