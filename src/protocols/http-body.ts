/**
 * HTTP body decoding: content codings (RFC 9110 section 8.4.1) undone with
 * node:zlib's synchronous functions and `maxOutputLength`, so a
 * decompression bomb stops at the cap instead of allocating without bound.
 *
 * Naming of the decoding chain (`encodings` of the `http-body` event): the
 * codings undone, outermost first. The transfer coding is outermost
 * ("chunked"), then the content codings in reverse of the order listed in
 * Content-Encoding (the last listed was applied last), so
 * `Transfer-Encoding: chunked` with `Content-Encoding: deflate, gzip` gives
 * ["chunked", "gzip", "deflate"]. "x-gzip" is reported as "gzip".
 */
import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/** Largest decoded (or collected raw) body inspected: larger ones are reported uninspected. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Content codings that can be undone. */
export const SUPPORTED_CODINGS = ['gzip', 'x-gzip', 'deflate', 'br', 'identity'];

export type DecodeResult =
  | { ok: true; data: Uint8Array; applied: string[] }
  | { ok: false; reason: string; weird: string; applied: string[] };

/** Whether `b` starts with a zlib header (RFC 1950: CM 8, check bits valid). */
function zlibWrapped(b: Uint8Array): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && (b[0] >> 4) <= 7 && ((b[0] << 8) | b[1]) % 31 === 0;
}

function isTooLarge(e: unknown): boolean {
  return e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
}

/** Undoes one coding; `complete` false tolerates a cut stream (flushes what there is). */
function undo(coding: string, b: Uint8Array, max: number, complete: boolean): Uint8Array {
  const opts = { maxOutputLength: max, finishFlush: complete ? constants.Z_FINISH : constants.Z_SYNC_FLUSH };
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(b, opts);
    case 'deflate':
      if (zlibWrapped(b)) {
        try {
          return inflateSync(b, opts);
        } catch (e) {
          if (isTooLarge(e)) throw e;
        }
      }
      return inflateRawSync(b, opts);
    case 'br':
      return brotliDecompressSync(b, {
        maxOutputLength: max,
        finishFlush: complete ? constants.BROTLI_OPERATION_FINISH : constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      return b;
  }
}

/**
 * Undoes `codings` (as listed in Content-Encoding, lower case) on `raw`, last
 * listed first. `complete` is false for a body cut short (end of flow).
 */
export function decodeContent(raw: Uint8Array, codings: string[], complete = true, max = MAX_BODY_BYTES): DecodeResult {
  const applied: string[] = [];
  const unsupported = codings.filter((c) => !SUPPORTED_CODINGS.includes(c));
  if (unsupported.length) {
    return { ok: false, reason: `unsupported content encoding: ${unsupported.join(', ')}`, weird: 'http_unsupported_encoding', applied };
  }
  let data = raw;
  for (let i = codings.length - 1; i >= 0; i--) {
    const c = codings[i];
    if (c === 'identity') continue;
    const name = c === 'x-gzip' ? 'gzip' : c;
    try {
      data = undo(c, data, max, complete);
      applied.push(name);
    } catch (e) {
      if (isTooLarge(e)) {
        return { ok: false, reason: `decoded body over the ${max >> 20} MiB cap (${name})`, weird: 'http_body_over_cap', applied };
      }
      return { ok: false, reason: `${name} body could not be decoded`, weird: 'http_bad_content_encoding', applied };
    }
  }
  return { ok: true, data, applied };
}

/** Collects raw body bytes (copies) up to a cap. */
export class BodyCollector {
  private parts: Uint8Array[] = [];
  private size = 0;
  /** The body went over the cap: the bytes were dropped. */
  overflow = false;

  constructor(private readonly max = MAX_BODY_BYTES) {}

  /** Bytes collected so far. */
  get length(): number {
    return this.size;
  }

  add(data: Uint8Array): void {
    if (this.overflow) return;
    if (this.size + data.length > this.max) {
      this.overflow = true;
      this.parts = [];
      return;
    }
    this.parts.push(data.slice());
    this.size += data.length;
  }

  /** The collected bytes as one array. */
  bytes(): Uint8Array {
    if (this.parts.length === 1) return this.parts[0];
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}
