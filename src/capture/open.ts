/**
 * openCapture: a streaming, synchronous FrameSource over a pcap or pcapng file.
 */
import { closeSync } from 'node:fs';
import { ErrorCodes, LeakspecError, NotImplementedError } from '../errors.js';
import { ByteSource, DEFAULT_BUFFER_SIZE } from './byte-source.js';
import { DEFAULT_MAX_PCAP_RECORD, PcapReader, type RecordReader } from './pcap-reader.js';
import { DEFAULT_MAX_PCAPNG_BLOCK, PcapngReader } from './pcapng-reader.js';
import { formatOfHead, openCaptureFile, readHead } from './sniff.js';
import type { CaptureFormat, CaptureSummary, Frame, FrameSource } from './types.js';

/** Options of `openCapture`. */
export interface OpenCaptureOptions {
  /**
   * Largest record accepted, in bytes: a pcap record's captured length
   * (default 256 KiB, `DEFAULT_MAX_PCAP_RECORD`) or a pcapng block's total
   * length (default 16 MiB, `DEFAULT_MAX_PCAPNG_BLOCK`). A record or block
   * that claims more is LS_CAPTURE_CORRUPT. The read buffer never grows
   * beyond this (plus a record header).
   */
  maxRecordBytes?: number;
  /** Initial read buffer size in bytes (default 1 MiB). */
  bufferSize?: number;
}

class CaptureFrameSource implements FrameSource {
  private done = false;
  private failure: unknown = null;
  private firstTs: number | null = null;
  private lastTs: number | null = null;
  private summaryCache: CaptureSummary | null = null;

  constructor(
    readonly format: CaptureFormat,
    readonly file: string,
    private readonly src: ByteSource,
    private readonly reader: RecordReader,
  ) {}

  get bytesRead(): number {
    return this.src.offset;
  }

  get size(): number {
    return this.src.size;
  }

  next(): Frame | null {
    if (this.failure !== null) throw this.failure;
    if (this.done) return null;
    let frame: Frame | null;
    try {
      frame = this.reader.next();
    } catch (e) {
      this.failure = e;
      throw e;
    }
    if (frame === null) {
      this.done = true;
      this.summary();
      this.close();
      return null;
    }
    if (this.firstTs === null) this.firstTs = frame.ts;
    this.lastTs = frame.ts;
    return frame;
  }

  /**
   * `first_ts`/`last_ts` are the timestamps of the first and last frames in
   * file order. After a read error the summary is still given: sha256 and
   * bytes cover the whole file, packets count the frames returned.
   */
  summary(): CaptureSummary {
    if (this.summaryCache) return this.summaryCache;
    if (!this.done && this.failure === null) {
      throw new LeakspecError(ErrorCodes.INTERNAL, `${this.file}: summary() called before next() returned null`, {
        file: this.file,
      });
    }
    const { sha256, bytes } = this.src.finish();
    this.summaryCache = {
      file: this.file,
      format: this.format,
      sha256,
      packets: this.reader.packets,
      bytes,
      first_ts: this.firstTs,
      last_ts: this.lastTs,
    };
    return this.summaryCache;
  }

  close(): void {
    this.src.close();
  }
}

/**
 * Opens a capture for streaming: pcap or pcapng, recognised by content.
 * Reads synchronously through one reusable buffer, hashing every byte, so
 * memory does not grow with the file. Frame data is a view valid until the
 * next `next()`.
 *
 * Throws CaptureError LS_CAPTURE_MISSING (cannot open), LS_CAPTURE_EMPTY
 * (0 bytes), LS_CAPTURE_UNKNOWN_FORMAT; NotImplementedError for HAR. `next()`
 * throws LS_CAPTURE_TRUNCATED or LS_CAPTURE_CORRUPT after every complete
 * frame before the problem was returned.
 */
export function openCapture(path: string, opts: OpenCaptureOptions = {}): FrameSource {
  const { fd, size } = openCaptureFile(path);
  let src: ByteSource;
  let format: CaptureFormat;
  try {
    format = formatOfHead(readHead(fd, path), path);
    if (format === 'har') throw new NotImplementedError('HAR input', { file: path });
    src = new ByteSource(fd, path, size, opts.bufferSize ?? DEFAULT_BUFFER_SIZE);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  const reader =
    format === 'pcap'
      ? new PcapReader(src, opts.maxRecordBytes ?? DEFAULT_MAX_PCAP_RECORD)
      : new PcapngReader(src, opts.maxRecordBytes ?? DEFAULT_MAX_PCAPNG_BLOCK);
  return new CaptureFrameSource(format, path, src, reader);
}
