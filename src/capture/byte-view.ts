/**
 * Views on hot paths. `new Uint8Array(buffer, offset, length)` costs about
 * half of `subarray` (no species lookup), and the per-packet path makes one
 * or two views per packet.
 */

/**
 * A Uint8Array view of `b[start, end)` on the same memory: `b.subarray(start,
 * end)` for in-range bounds, always a plain Uint8Array. Unlike `subarray` it
 * does not clamp, so bounds outside `b` are a bug and throw.
 */
export function byteView(b: Uint8Array, start: number, end: number): Uint8Array {
  if (start < 0 || end > b.length || start > end) {
    throw new RangeError(`byteView: [${start}, ${end}) is outside a ${b.length}-byte array`);
  }
  return new Uint8Array(b.buffer, b.byteOffset + start, end - start);
}
