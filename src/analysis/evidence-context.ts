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

function printable(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else if (b === 0x0a) s += '\\n';
    else if (b === 0x0d) s += '\\r';
    else s += '.';
  }
  return s;
}
