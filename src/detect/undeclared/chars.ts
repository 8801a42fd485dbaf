/**
 * Character tests on latin1 text by char code; an index outside the text
 * reads as -1 (a boundary), so callers never read past the end.
 */

/** The char code at `i`, or -1 outside the text. */
export function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

/** `0`-`9`. */
export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `A`-`Z` or `a`-`z`. */
export function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** A letter or digit. */
export function isAlnum(c: number): boolean {
  return isDigit(c) || isLetter(c);
}

/** `0`-`9`, `A`-`F`, `a`-`f`. */
export function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** True when text[i..i+2] is a percent-escape `%XX` (hex digits, either case). */
export function isPercentEscape(text: string, i: number): boolean {
  return codeAt(text, i) === 0x25 && isHex(codeAt(text, i + 1)) && isHex(codeAt(text, i + 2));
}

/** True when text[i..i+2] is the percent-escape `%` followed by `hex` (two upper-case hex digits), either case. */
export function isEscapeOf(text: string, i: number, hex: string): boolean {
  return (
    codeAt(text, i) === 0x25 &&
    (codeAt(text, i + 1) | 0x20) === (hex.charCodeAt(0) | 0x20) &&
    (codeAt(text, i + 2) | 0x20) === (hex.charCodeAt(1) | 0x20)
  );
}

/**
 * Luhn check over a string of digits that ends with its check digit
 * (IMEI, ICCID).
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
