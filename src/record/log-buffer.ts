/** Diagnostics of one recording, capped: the newest text is kept, what was dropped is counted. */
import type { LogSink } from './types.js';

/** Most diagnostics text kept per recording (1 MiB); older text is dropped and counted. */
export const MAX_LOG_CHARS = 1 << 20;

/** A capped text log: container logs, tcpdump and step output. */
export class LogBuffer implements LogSink {
  private parts: string[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly cap: number = MAX_LOG_CHARS) {}

  write(text: string): void {
    if (!text) return;
    this.parts.push(text);
    this.size += text.length;
    while (this.size > this.cap && this.parts.length) {
      const over = this.size - this.cap;
      const first = this.parts[0];
      if (first.length <= over) {
        this.parts.shift();
        this.size -= first.length;
        this.dropped += first.length;
      } else {
        this.parts[0] = first.slice(over);
        this.size -= over;
        this.dropped += over;
      }
    }
  }

  /** Everything kept, with a first line saying how much was dropped when the cap was hit. */
  text(): string {
    const body = this.parts.join('');
    return this.dropped ? `[... ${this.dropped} earlier characters dropped: the log keeps the last ${this.cap}]\n${body}` : body;
  }
}

/** The last `lines` non-empty lines of a text, for one-paragraph error messages. */
export function tailLines(text: string, lines = 8): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean)
    .slice(-lines)
    .join('\n');
}

/** Writes each line of a chunk stream to the sink with a prefix (`[tcpdump] `). */
export function prefixedWriter(sink: LogSink, prefix: string): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const cut = pending.lastIndexOf('\n');
    if (cut < 0) {
      if (pending.length > 4096) {
        sink.write(`${prefix}${pending}\n`);
        pending = '';
      }
      return;
    }
    for (const line of pending.slice(0, cut).split('\n')) sink.write(`${prefix}${line}\n`);
    pending = pending.slice(cut + 1);
  };
}
