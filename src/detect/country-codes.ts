/**
 * ITU-T E.164 country calling codes, used to split the country code off an
 * international phone number (`+4791234567` -> `47` and `91234567`).
 *
 * Country codes form a prefix-free set: no code is the start of another, so
 * reading one, two, then three digits finds at most one code. The table
 * lists the codes assigned by ITU-T (Operational Bulletin, list of E.164
 * assigned country codes), including the global services (800, 808, 870,
 * 881, 882, 883, 888) since a device may carry such a number.
 */

const ONE_DIGIT = ['1', '7'];

const TWO_DIGITS = [
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84',
  '86', '90', '91', '92', '93', '94', '95', '98',
];

/** Three-digit codes, written as ranges `from-to` or single codes. */
const THREE_DIGIT_RANGES = [
  '211', '212', '213', '216', '218', '220-229', '230-239', '240-249', '250-258', '260-269',
  '290', '291', '297-299', '350-359', '370-383', '385', '386', '387', '389', '420', '421', '423',
  '500-509', '590-599', '670', '672-683', '685-692', '800', '808', '850', '852', '853', '855', '856',
  '870', '878', '880-883', '886', '888', '960-968', '970-977', '979', '992-996', '998',
];

function expandRanges(ranges: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of ranges) {
    const dash = r.indexOf('-');
    if (dash < 0) {
      out.push(r);
      continue;
    }
    const from = Number(r.slice(0, dash));
    const to = Number(r.slice(dash + 1));
    for (let n = from; n <= to; n++) out.push(String(n));
  }
  return out;
}

/** Every assigned country calling code, as digit strings. */
export const COUNTRY_CALLING_CODES: ReadonlySet<string> = new Set([
  ...ONE_DIGIT,
  ...TWO_DIGITS,
  ...expandRanges(THREE_DIGIT_RANGES),
]);

/**
 * Splits an international number (digits only, without `+` or `00`) into its
 * country calling code and national significant number. Returns null when
 * no assigned code starts the digits or fewer than four digits would remain.
 */
export function splitCountryCode(digits: string): { cc: string; national: string } | null {
  if (!/^[0-9]+$/.test(digits)) return null;
  for (let len = 1; len <= 3 && len < digits.length; len++) {
    const cc = digits.slice(0, len);
    if (COUNTRY_CALLING_CODES.has(cc)) {
      const national = digits.slice(len);
      return national.length >= 4 ? { cc, national } : null;
    }
  }
  return null;
}
