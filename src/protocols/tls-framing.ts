/**
 * Record framing of a TLS stream after its handshake: walks record headers
 * without copying or reading record bodies, so that a flow which opens like
 * TLS and then carries anything else is not trusted as encrypted. A header
 * may span chunks; bodies are skipped by length.
 */

/** Largest record body allowed (2^14 plus the expansion TLS 1.2 allows). */
export const MAX_RECORD_BODY = 16384 + 2048;

export class RecordWalker {
  /** Body bytes of the current record still to skip. */
  private skip = 0;
  private readonly header = new Uint8Array(5);
  private have = 0;
  /** Set once a header is impossible for TLS: the stream is not (or no longer) TLS. */
  broken = false;

  /** Walks `data[from..]`; returns false once the framing is broken. */
  push(data: Uint8Array, from = 0): boolean {
    if (this.broken) return false;
    const n = data.length;
    let i = Math.min(from, n);
    let skip = this.skip;
    for (;;) {
      if (skip > 0) {
        if (skip >= n - i) {
          this.skip = skip - (n - i);
          return true;
        }
        i += skip;
        skip = 0;
      }
      if (i >= n) break;
      if (this.have === 0 && n - i >= 5) {
        // A whole header in this chunk: read it in place.
        const len = (data[i + 3] << 8) | data[i + 4];
        if (!plausible(data[i], data[i + 1], len)) return this.fail();
        skip = len;
        i += 5;
        continue;
      }
      this.header[this.have++] = data[i++];
      if (this.have < 5) continue;
      this.have = 0;
      const h = this.header;
      const len = (h[3] << 8) | h[4];
      if (!plausible(h[0], h[1], len)) return this.fail();
      skip = len;
    }
    this.skip = skip;
    return true;
  }

  private fail(): false {
    this.broken = true;
    this.skip = 0;
    return false;
  }
}

/** Whether a record header (content type, major version, body length) can be TLS. */
function plausible(type: number, major: number, len: number): boolean {
  return type >= 20 && type <= 24 && major === 3 && len <= MAX_RECORD_BODY;
}
