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
    let i = from;
    while (!this.broken && i < data.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, data.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.header[this.have++] = data[i++];
      if (this.have < 5) continue;
      this.have = 0;
      const h = this.header;
      const len = (h[3] << 8) | h[4];
      if (h[0] < 20 || h[0] > 24 || h[1] !== 3 || len > MAX_RECORD_BODY) this.broken = true;
      else this.skip = len;
    }
    return !this.broken;
  }
}
