/**
 * The bytes of a body as a HAR stored it. Exporters store bodies decoded
 * (browsers, mitmproxy and pcap2har undo gzip and brotli), as text or, for
 * binary bodies, base64 with `encoding: "base64"`. base64 is only how the
 * file stores the bytes, so it is undone and not reported as a form. A
 * base64 body whose message says `Content-Encoding: gzip` (or br, deflate)
 * may still be compressed: it is decoded with the HTTP decoder, and both the
 * stored and the decoded bytes are searched (findings in the decoded ones
 * carry the coding in their form, `gzip`, `gzip+base64`...).
 */
import type { HarNameValue } from '../capture/har-types.js';
import { decodeContent } from '../protocols/http-body.js';

/** Bytes to search, with the codings undone to get them (outermost first). */
export interface BodyView {
  bytes: Uint8Array;
  encodings: string[];
}

/** The views of a body, and what went wrong on the way. */
export interface StoredBody {
  views: BodyView[];
  /** Why part of it could not be inspected (a decoded body over the cap). */
  uninspected: string[];
  weirds: string[];
}

const BASE64_TEXT = /^[A-Za-z0-9+/\-_=\s]*$/;

/** Content codings named by a message's Content-Encoding headers, lower case, `identity` left out. */
export function contentCodings(headers: readonly HarNameValue[]): string[] {
  const out: string[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== 'content-encoding') continue;
    for (const t of h.value.split(',')) {
      const c = t.trim().toLowerCase();
      if (c !== '' && c !== 'identity') out.push(c);
    }
  }
  return out;
}

/**
 * The views of a stored body: `text` as UTF-8, or with `encoding: "base64"`
 * the bytes it encodes (plus, when `codings` are listed and undoing them
 * works, the decoded bytes). An unknown `encoding` value is searched as text.
 */
export function storedBody(text: string, encoding: string | null, codings: readonly string[]): StoredBody {
  const out: StoredBody = { views: [], uninspected: [], weirds: [] };
  const enc = encoding?.trim().toLowerCase() ?? '';
  if (enc !== 'base64') {
    if (enc !== '') out.weirds.push('har_unknown_body_encoding');
    out.views.push({ bytes: Buffer.from(text, 'utf8'), encodings: [] });
    return out;
  }
  if (!BASE64_TEXT.test(text)) {
    out.weirds.push('har_bad_base64');
    out.views.push({ bytes: Buffer.from(text, 'utf8'), encodings: [] });
  }
  const stored = Buffer.from(text, 'base64');
  out.views.push({ bytes: stored, encodings: [] });
  if (codings.length > 0 && stored.length > 0) {
    const r = decodeContent(stored, [...codings]);
    if (r.ok) out.views.push({ bytes: r.data, encodings: r.applied });
    else if (r.weird === 'http_body_over_cap') {
      out.uninspected.push(r.reason);
      out.weirds.push(r.weird);
    }
    // Otherwise the exporter stored the body already decoded, as they do.
  }
  return out;
}
