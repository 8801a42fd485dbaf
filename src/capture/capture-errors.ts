/**
 * The CaptureErrors a reader throws on a cut or damaged file, with messages
 * that say where, how many packets came before, and how to keep them.
 */
import { CaptureError, ErrorCodes } from '../errors.js';
import type { CaptureFormat } from './types.js';

/** What a record reader knows when it stops: for messages. */
export interface StopContext {
  file: string;
  format: CaptureFormat;
  /** File size in bytes. */
  size: number;
  /** Complete packets returned before the problem. */
  packets: number;
}

function shellQuote(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** How to keep the packets read before a problem, with editcap (ships with Wireshark). */
export function repairHint(ctx: StopContext): string {
  if (ctx.packets === 0) return 'No complete packet comes before it, so there is nothing to keep: record the capture again.';
  const out = ctx.format === 'pcapng' ? 'repaired.pcapng' : 'repaired.pcap';
  const n = ctx.packets;
  return `Keep the ${n} complete packet${n === 1 ? '' : 's'} with \`editcap -r ${shellQuote(ctx.file)} ${out} 1-${n}\` (editcap ships with Wireshark).`;
}

function packetsRead(n: number): string {
  return `${n} complete packet${n === 1 ? ' was' : 's were'} read before it`;
}

/**
 * LS_CAPTURE_TRUNCATED: the file ends inside `what`, which starts at byte
 * offset `at`.
 */
export function truncatedError(ctx: StopContext, at: number, what: string): CaptureError {
  return new CaptureError(
    ErrorCodes.CAPTURE_TRUNCATED,
    `${ctx.file}: the file is cut short: it ends at byte ${ctx.size} inside ${what} that starts at byte offset ${at}; ` +
      `${packetsRead(ctx.packets)}. ${repairHint(ctx)}`,
    { file: ctx.file, offset: at },
  );
}

/** LS_CAPTURE_CORRUPT: an impossible record or block at byte offset `at`. */
export function corruptError(ctx: StopContext, at: number, problem: string): CaptureError {
  return new CaptureError(
    ErrorCodes.CAPTURE_CORRUPT,
    `${ctx.file}: damaged ${ctx.format} file: ${problem} (at byte offset ${at}); ${packetsRead(ctx.packets)}. ${repairHint(ctx)}`,
    { file: ctx.file, offset: at },
  );
}
