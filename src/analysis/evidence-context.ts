/**
 * The matched bytes of a finding in context, with the match masked but its
 * last four characters, so that a report can show where a value was found
 * without leaking the value itself.
 */
const CONTEXT = 24;

export function maskedContext(chunk: Uint8Array, start: number, length: number): string {
  const from = Math.max(0, start - CONTEXT);
  const end = Math.min(chunk.length, start + length);
  const to = Math.min(chunk.length, end + CONTEXT);
  const before = printable(chunk.subarray(from, Math.max(from, start)));
  const matched = printable(chunk.subarray(Math.max(0, start), end));
  const after = printable(chunk.subarray(end, to));
  const keep = Math.min(4, matched.length);
  const masked = '*'.repeat(matched.length - keep) + matched.slice(matched.length - keep);
  return `${from > 0 ? '…' : ''}${before}[${masked}]${after}${to < chunk.length ? '…' : ''}`;
}

/**
 * The bytes as printable ASCII (`\n`, `\r`, `.` for the rest), made in
 * one string: adding characters one by one would leave a chain of string
 * pieces, many times the size of the text, in every finding kept for the
 * report.
 */
function printable(bytes: Uint8Array): string {
  const codes: number[] = [];
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f) codes.push(b);
    else if (b === 0x0a) codes.push(0x5c, 0x6e);
    else if (b === 0x0d) codes.push(0x5c, 0x72);
    else codes.push(0x2e);
  }
  return String.fromCharCode(...codes);
}
