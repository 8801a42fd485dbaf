/** The bench's results table: throughput, packets/s, peak RSS and ratios to the read floor. */

/** One measured run. */
export interface Row {
  name: string;
  /** Input bytes. */
  bytes: number;
  /** Frames in the input, or null (not a capture). */
  packets: number | null;
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds (user + system), or null when unknown. */
  cpuSeconds: number | null;
  peakRss: number | null;
}

/** Bytes as MiB text, or `?`. */
export function mib(bytes: number | null): string {
  return bytes === null ? '?' : (bytes / (1 << 20)).toFixed(0);
}

/** MB per CPU second (per wall second when CPU time is unknown). */
export function mbps(r: Row): number {
  return r.bytes / 1e6 / (r.cpuSeconds ?? r.seconds);
}

/**
 * The table. MB/s and packets/s are per CPU second (user + system) of the
 * one core the run was pinned to, so that other load on the machine does
 * not distort them; wall MB/s is shown beside. Ratios are MB/s over the
 * floor rows' MB/s (1.00 = as fast as reading).
 */
export function formatTable(rows: Row[], floor: Row | null, hashed: Row | null): string {
  const head = ['run', 'MB', 'CPU s', 'MB/s', 'packets/s', 'wall MB/s', 'peak RSS MiB'];
  if (floor) head.push('vs read');
  if (hashed) head.push('vs read+sha256');
  const body = rows.map((r) => {
    const cells = [
      r.name,
      (r.bytes / 1e6).toFixed(0),
      (r.cpuSeconds ?? r.seconds).toFixed(2),
      mbps(r).toFixed(0),
      r.packets === null ? '' : `${(r.packets / (r.cpuSeconds ?? r.seconds) / 1e3).toFixed(0)}k`,
      (r.bytes / 1e6 / r.seconds).toFixed(0),
      mib(r.peakRss),
    ];
    if (floor) cells.push(`${(mbps(r) / mbps(floor)).toFixed(2)}`);
    if (hashed) cells.push(`${(mbps(r) / mbps(hashed)).toFixed(2)}`);
    return cells;
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
