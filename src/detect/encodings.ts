/**
 * Encoders that turn one text into the byte strings it may be sent as.
 * Each returns `[encodingName, bytes]` pairs, possibly repeating bytes: the
 * caller deduplicates. Used only when compiling a matcher, never per byte.
 */
import { createHash } from 'node:crypto';

/** One encoded spelling of a text. */
export type Encoded = [encoding: string, bytes: Uint8Array];

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/** Every byte as `%XX`, upper or lower case hex. */
export function percentAll(bytes: Uint8Array, upper: boolean): string {
  let out = '';
  for (const b of bytes) {
    const h = b.toString(16).padStart(2, '0');
    out += '%' + (upper ? h.toUpperCase() : h);
  }
  return out;
}

/** URL-encodings: encodeURIComponent, form encoding (space as `+`), and every byte as `%XX`. */
export function urlEncodings(text: string): Encoded[] {
  const bytes = utf8(text);
  return [
    ['url', latin1(encodeURIComponent(text))],
    ['url', latin1(new URLSearchParams({ v: text }).toString().slice(2))],
    ['url', latin1(percentAll(bytes, true))],
    ['url', latin1(percentAll(bytes, false))],
  ];
}

function escapeUnicode(escaped: string, upper: boolean): string {
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped.charCodeAt(i);
    if (c < 0x80) {
      out += escaped[i];
    } else {
      const h = c.toString(16).padStart(4, '0');
      out += '\\u' + (upper ? h.toUpperCase() : h);
    }
  }
  return out;
}

/**
 * JSON string escapes of a text (without the quotes): as JSON.stringify
 * writes it, with non-ASCII as `\uXXXX` (either case), and with `/` as `\/`.
 */
export function jsonEncodings(text: string): Encoded[] {
  const plain = JSON.stringify(text).slice(1, -1);
  const out: Encoded[] = [];
  for (const body of [plain, escapeUnicode(plain, false), escapeUnicode(plain, true)]) {
    out.push(['json', utf8(body)]);
    out.push(['json', utf8(body.replace(/\//g, '\\/'))]);
  }
  return out;
}

/**
 * The base64 characters fully determined by `bytes` when they start `align`
 * bytes (0, 1 or 2) after a 3-byte group boundary inside a longer text. At
 * alignment 0 this is a prefix of the padded and of the unpadded encoding,
 * so it matches both.
 */
export function base64Determined(bytes: Uint8Array, align: 0 | 1 | 2, urlSafe: boolean): string {
  const shifted = new Uint8Array(align + bytes.length);
  shifted.set(bytes, align);
  const full = Buffer.from(shifted).toString(urlSafe ? 'base64url' : 'base64');
  const first = Math.ceil((8 * align) / 6);
  const end = Math.floor((8 * (align + bytes.length)) / 6);
  return full.slice(first, end);
}

/**
 * Base64 at the three alignments, standard (`base64`) and URL-safe
 * (`base64url`), plus standard base64 percent-encoded as it appears in a
 * query string (`url+base64`: `+` `/` as `%2B` `%2F`, either case).
 */
export function base64Encodings(bytes: Uint8Array, alignments: ReadonlyArray<0 | 1 | 2> = [0, 1, 2]): Encoded[] {
  const out: Encoded[] = [];
  for (const urlSafe of [false, true]) {
    for (const a of alignments) out.push([urlSafe ? 'base64url' : 'base64', latin1(base64Determined(bytes, a, urlSafe))]);
  }
  for (const a of alignments) {
    const b64 = base64Determined(bytes, a, false);
    if (!/[+/]/.test(b64)) continue;
    out.push(['url+base64', latin1(b64.replace(/\+/g, '%2B').replace(/\//g, '%2F'))]);
    out.push(['url+base64', latin1(b64.replace(/\+/g, '%2b').replace(/\//g, '%2f'))]);
  }
  return out;
}

/** Hex, lower and upper case. */
export function hexEncodings(bytes: Uint8Array, name = 'hex'): Encoded[] {
  const hex = Buffer.from(bytes).toString('hex');
  return [
    [name, latin1(hex)],
    [name, latin1(hex.toUpperCase())],
  ];
}

/** The digest algorithms whose outputs are searched, in report order. */
export const DIGESTS = ['md5', 'sha1', 'sha256'] as const;

/**
 * MD5, SHA-1 and SHA-256 of the bytes, as hex (either case) and base64 /
 * base64url (the digest stands alone, so alignment 0 only).
 */
export function digestEncodings(bytes: Uint8Array): Encoded[] {
  const out: Encoded[] = [];
  for (const alg of DIGESTS) {
    const digest = new Uint8Array(createHash(alg).update(bytes).digest());
    out.push(...hexEncodings(digest, `${alg}-hex`));
    out.push([`${alg}-base64`, latin1(base64Determined(digest, 0, false))]);
    out.push([`${alg}-base64url`, latin1(base64Determined(digest, 0, true))]);
  }
  return out;
}
