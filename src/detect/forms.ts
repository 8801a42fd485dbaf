/**
 * Every byte string a declared identifier may appear as (SPEC-FORMAT.md,
 * "Identifiers").
 *
 * Form names. For the value as written: `raw`, `upper`, `lower`, `url`,
 * `json`, `hex`, `base64`, `base64url`, `url+base64` (base64 percent-encoded
 * in a query string), `md5-hex`, `md5-base64`, `md5-base64url`, `sha1-...`,
 * `sha256-...`. For a normal form of the value (normal-forms.ts), the
 * normal form's name, then `+` and the encoding unless it is the text
 * itself: `mac-nosep-upper`, `mac-dash-lower+sha256-hex`, `imei-14+base64`,
 * `phone-e164+md5-hex`. Normal forms skip `upper`/`lower`, since they list
 * their own cases.
 *
 * Base64 forms hold only the characters fully determined by the value's
 * bytes at each of the three byte alignments inside a longer base64 text;
 * at alignment 0 that is a prefix of both the padded and the unpadded
 * encoding, so both are found. Line breaks inside base64 are handled by the
 * automaton, which ignores CR and LF.
 *
 * Forms are deduplicated by bytes: the first one generated keeps its name,
 * and generation goes from the simplest (`raw`) to the most derived, so
 * when two forms spell the same bytes the simpler name is reported.
 *
 * Length floor: a form shorter than {@link MIN_FORM_BYTES} bytes matches too
 * much unrelated traffic, so it is not compiled. The one exception is the
 * raw value itself, kept down to {@link MIN_RAW_BYTES} bytes. A value
 * shorter than MIN_FORM_BYTES gets its raw form only (nothing derived), and
 * a value shorter than MIN_RAW_BYTES gets no form at all; compileMatcher
 * reports both in its warnings.
 */
import { base64Encodings, digestEncodings, hexEncodings, jsonEncodings, urlEncodings, type Encoded } from './encodings.js';
import { normalForms } from './normal-forms.js';
import type { IdentifierDecl } from './types.js';

/** Forms shorter than this many bytes are not compiled (they would raise false alarms). */
export const MIN_FORM_BYTES = 6;
/** The raw value is still compiled down to this many bytes. */
export const MIN_RAW_BYTES = 4;

/** One form of an identifier: its name for reports and its bytes. */
export interface IdentifierForm {
  form: string;
  bytes: Uint8Array;
}

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

/** Every encoding of one text, from the simplest on; `withCase` adds `upper`/`lower`. */
function encodingsOf(text: string, withCase: boolean): Encoded[] {
  const bytes = utf8(text);
  const out: Encoded[] = [['raw', bytes]];
  if (withCase) out.push(['upper', utf8(text.toUpperCase())], ['lower', utf8(text.toLowerCase())]);
  out.push(...urlEncodings(text), ...jsonEncodings(text), ...hexEncodings(bytes), ...base64Encodings(bytes));
  out.push(...digestEncodings(bytes));
  return out;
}

function bytesKey(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

/** The bytes without CR and LF, which the automaton skips in the traffic too. */
function withoutLineBreaks(bytes: Uint8Array): Uint8Array {
  return bytes.includes(0x0a) || bytes.includes(0x0d) ? bytes.filter((b) => b !== 0x0a && b !== 0x0d) : bytes;
}

/**
 * Every form of a declared identifier, deduplicated by bytes, `raw` first.
 * Empty for a `location` identifier (value null) and for values shorter
 * than MIN_RAW_BYTES. CR and LF are removed from every form (a value written
 * with a line break): the automaton skips those bytes in the traffic too.
 */
export function identifierForms(decl: IdentifierDecl): IdentifierForm[] {
  const value = decl.value;
  if (value === null) return [];
  const rawBytes = withoutLineBreaks(utf8(value));
  if (rawBytes.length < MIN_RAW_BYTES) return [];
  if (rawBytes.length < MIN_FORM_BYTES) return [{ form: 'raw', bytes: rawBytes }];

  const candidates: Array<[string, Uint8Array]> = encodingsOf(value, true);
  for (const nf of normalForms(decl)) {
    for (const [enc, bytes] of encodingsOf(nf.text, false)) {
      candidates.push([enc === 'raw' ? nf.name : `${nf.name}+${enc}`, bytes]);
    }
  }

  const seen = new Set<string>();
  const out: IdentifierForm[] = [];
  for (const [form, encoded] of candidates) {
    const bytes = withoutLineBreaks(encoded);
    if (bytes.length < MIN_FORM_BYTES) continue;
    const key = bytesKey(bytes);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ form, bytes });
  }
  return out;
}
