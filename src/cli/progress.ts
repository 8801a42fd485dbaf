/** A progress line on a TTY while captures are analysed; nothing when not a TTY. */
import { basename } from 'node:path';
import type { AnalyzeProgress } from '../analysis/index.js';

export function progressPrinter(stream: NodeJS.WriteStream): { update: (file: string, p: AnalyzeProgress) => void; done: () => void } {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let shown = false;
  let last = 0;
  return {
    update(file, p) {
      const now = Date.now();
      if (now - last < 200 && p.bytesRead < p.size) return;
      last = now;
      const pct = p.size ? Math.floor((p.bytesRead / p.size) * 100) : 100;
      const mb = (p.bytesRead / 1e6).toFixed(1);
      stream.write(`\r\u001b[2Kanalysing ${basename(file)}: ${pct}% ${mb} MB, ${p.frames} packets, ${p.flows} flows`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
