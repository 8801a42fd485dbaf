/** Helpers for the undeclared-detector tests: an independent Luhn and one-kind scans. */
import { scanUndeclared, type DetectorKind } from '../../../src/detect/undeclared/index.js';
import type { Hit, IdentifierDecl } from '../../../src/detect/types.js';

/** Luhn sum written from the definition (every second digit from the right doubled, digits of products added). */
function luhnSum(digits: string): number {
  const reversed = digits.split('').reverse();
  let sum = 0;
  reversed.forEach((ch, i) => {
    const product = Number(ch) * (i % 2 === 1 ? 2 : 1);
    sum += String(product)
      .split('')
      .reduce((a, d) => a + Number(d), 0);
  });
  return sum;
}

/** `payload` followed by the digit that makes it Luhn-valid. */
export function withLuhn(payload: string): string {
  for (let d = 0; d <= 9; d++) if (luhnSum(payload + d) % 10 === 0) return payload + d;
  throw new Error('unreachable');
}

/** `payload` followed by a digit that makes it fail the Luhn check. */
export function withoutLuhn(payload: string): string {
  const good = Number(withLuhn(payload).slice(-1));
  return payload + String((good + 1) % 10);
}

/** The matched texts of the hits of `kinds` in `text` (latin1). */
export function matched(kinds: readonly DetectorKind[], text: string, declared: IdentifierDecl[] = []): string[] {
  const bytes = Buffer.from(text, 'latin1');
  return scanUndeclared(kinds, declared, bytes).map((h) => bytes.subarray(h.offset, h.offset + h.length).toString('latin1'));
}

/** Hits of one kind in `text`. */
export function hitsOf(kind: DetectorKind, text: string, declared: IdentifierDecl[] = []): Hit[] {
  return scanUndeclared([kind], declared, Buffer.from(text, 'latin1'));
}

/** A deterministic base64 blob of `n` bytes (a pseudo-random sequence, no crypto). */
export function base64Blob(n: number, seed = 7): string {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b.toString('base64');
}
