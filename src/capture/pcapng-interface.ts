/**
 * pcapng Interface Description Block: link type, snap length and the
 * timestamp options (`if_tsresol`, `if_tsoffset`) packets are read with.
 */

/** An interface of the current section, as packets need it. */
export interface PcapngInterface {
  linkType: number;
  /** 0 means no limit. */
  snapLen: number;
  /** Timestamp units per second (10^6 unless `if_tsresol` says otherwise). */
  unitsPerSecond: number;
  /** Seconds per unit of the upper 32 bits of a timestamp: 2^32 / unitsPerSecond. */
  hiScale: number;
  /** `if_tsoffset`: seconds added to every timestamp. */
  offsetSeconds: number;
}

/** Option code of `if_tsresol`. */
export const OPT_IF_TSRESOL = 9;
/** Option code of `if_tsoffset`. */
export const OPT_IF_TSOFFSET = 14;

/** Timestamp units per second for an `if_tsresol` byte: 10^v, or 2^(v & 0x7f) with the high bit set. */
export function unitsPerSecond(tsresol: number): number {
  return tsresol & 0x80 ? 2 ** (tsresol & 0x7f) : 10 ** tsresol;
}

/** Reads a signed 64-bit integer as a number (exact up to 2^53). */
export function getInt64(view: DataView, at: number, le: boolean): number {
  const lo = view.getUint32(le ? at : at + 4, le);
  const hi = view.getInt32(le ? at + 4 : at, le);
  return hi * 4294967296 + lo;
}

/**
 * Parses the body of an IDB block that starts at `p` in `view` and is `len`
 * bytes long (len >= 20, checked by the caller). Options that run past the
 * block end are ignored from that point: the block's own length already
 * proved sound, so the interface is still usable.
 */
export function parseInterface(view: DataView, p: number, len: number, le: boolean): PcapngInterface {
  const linkType = view.getUint16(p + 8, le);
  const snapLen = view.getUint32(p + 12, le);
  let units = 1e6;
  let offsetSeconds = 0;
  const end = p + len - 4;
  let o = p + 16;
  while (o + 4 <= end) {
    const code = view.getUint16(o, le);
    const olen = view.getUint16(o + 2, le);
    if (code === 0) break;
    const value = o + 4;
    if (value + olen > end) break;
    if (code === OPT_IF_TSRESOL && olen >= 1) units = unitsPerSecond(view.getUint8(value));
    else if (code === OPT_IF_TSOFFSET && olen >= 8) offsetSeconds = getInt64(view, value, le);
    o = value + ((olen + 3) & ~3);
  }
  return { linkType, snapLen, unitsPerSecond: units, hiScale: 4294967296 / units, offsetSeconds };
}
