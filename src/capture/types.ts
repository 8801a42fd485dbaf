/** Capture stage: file bytes -> frames, streamed. */

/** LINKTYPE_* values (https://www.tcpdump.org/linktypes.html) that matter here. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  NFLOG: 239,
  IPV4: 228,
  IPV6: 229,
  PKTAP: 258,
  LINUX_SLL2: 276,
} as const;

export interface Frame {
  /** 1-based, exactly as Wireshark numbers frames (`frame.number == index`). */
  index: number;
  /** Seconds since the Unix epoch (fractional). */
  ts: number;
  /** LINKTYPE_* of the interface the packet was captured on. */
  linkType: number;
  /**
   * Captured bytes. A view into the reader's buffer: valid only until the next
   * call to `next()`. Copy what must be kept.
   */
  data: Uint8Array;
  /** Original length on the wire (may exceed data.length when snapped). */
  origLen: number;
}

export type CaptureFormat = 'pcap' | 'pcapng' | 'har';

/** The `capture` object of the JSON contract (DESIGN.md). */
export interface CaptureSummary {
  file: string;
  format: CaptureFormat;
  sha256: string;
  packets: number;
  bytes: number;
  first_ts: number | null;
  last_ts: number | null;
}

/**
 * A pull reader. `next()` returns frames in file order and `null` at the end.
 * Errors (truncation, corruption) are thrown as CaptureError with the byte
 * offset, after every complete frame before it has been returned.
 */
export interface FrameSource {
  readonly format: CaptureFormat;
  readonly file: string;
  next(): Frame | null;
  /** Bytes consumed so far (for progress). */
  readonly bytesRead: number;
  /** File size in bytes. */
  readonly size: number;
  /** Valid once next() returned null: sha256 over the whole file, counts. */
  summary(): CaptureSummary;
  close(): void;
}
