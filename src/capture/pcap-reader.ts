/**
 * Classic libpcap files: a 24-byte file header, then records of a 16-byte
 * header (seconds, micro- or nanoseconds, captured length, original length)
 * and the captured bytes. Both byte orders; the Kuznetzov "modified" variant
 * (magic a1b2cd34) has 24-byte record headers.
 */
import type { ByteSource } from './byte-source.js';
import { corruptError, truncatedError, type StopContext } from './capture-errors.js';
import { PCAP_MAGICS } from './sniff.js';
import type { Frame } from './types.js';

/**
 * Default cap on a pcap record's captured length: 256 KiB, libpcap's and
 * Wireshark's largest standard snapshot length. A bigger record is reported
 * as LS_CAPTURE_CORRUPT (`maxRecordBytes` raises it).
 */
export const DEFAULT_MAX_PCAP_RECORD = 256 * 1024;

/** Size of the pcap file header. */
export const PCAP_FILE_HEADER = 24;

/** Mask of the link-type field: the upper bits carry FCS information. */
export const PCAP_LINKTYPE_MASK = 0x03ffffff;

/** One frame source over one file format. */
export interface RecordReader {
  /** The next frame, or null at the end of the file; throws CaptureError. */
  next(): Frame | null;
  /** Frames returned so far. */
  readonly packets: number;
}

/** Reads pcap records from a ByteSource positioned at the start of the file. */
export class PcapReader implements RecordReader {
  packets = 0;
  private littleEndian = true;
  private fracDivisor = 1e6;
  private recordHeader = 16;
  private linkType = 0;
  private started = false;

  constructor(
    private readonly src: ByteSource,
    private readonly maxRecord: number = DEFAULT_MAX_PCAP_RECORD,
  ) {}

  private ctx(): StopContext {
    return { file: this.src.file, format: 'pcap', size: this.src.size, packets: this.packets };
  }

  private readFileHeader(): void {
    const src = this.src;
    const at = src.offset;
    if (src.ensure(PCAP_FILE_HEADER) < PCAP_FILE_HEADER) throw truncatedError(this.ctx(), at, 'the 24-byte pcap file header');
    const b = src.buf;
    const p = src.pos;
    const magic = PCAP_MAGICS.find((m) => m.bytes.every((v, i) => b[p + i] === v));
    if (!magic) throw corruptError(this.ctx(), at, 'no pcap magic number');
    this.littleEndian = magic.littleEndian;
    this.fracDivisor = magic.nano ? 1e9 : 1e6;
    this.recordHeader = magic.modified ? 24 : 16;
    this.linkType = (src.view.getUint32(p + 20, this.littleEndian) & PCAP_LINKTYPE_MASK) >>> 0;
    src.skip(PCAP_FILE_HEADER);
  }

  next(): Frame | null {
    if (!this.started) {
      this.started = true;
      this.readFileHeader();
    }
    const src = this.src;
    const hl = this.recordHeader;
    if (src.available >= hl) {
      // The whole record is usually in the buffer already: no reads, no checks to report.
      const view = src.view;
      const p = src.pos;
      const le = this.littleEndian;
      const capLen = view.getUint32(p + 8, le);
      const total = hl + capLen;
      if (capLen <= this.maxRecord && src.available >= total) {
        const sec = view.getUint32(p, le);
        const frac = view.getUint32(p + 4, le);
        const origLen = view.getUint32(p + 12, le);
        const data = src.buf.subarray(p + hl, p + total);
        src.skip(total);
        const index = ++this.packets;
        return { index, ts: sec + frac / this.fracDivisor, linkType: this.linkType, data, origLen };
      }
    }
    return this.nextSlow();
  }

  /** `next` when the record is not (wholly) in the buffer, or is impossible. */
  private nextSlow(): Frame | null {
    const src = this.src;
    const hl = this.recordHeader;
    const have = src.ensure(hl);
    if (have === 0) return null;
    const at = src.offset;
    const record = this.packets + 1;
    if (have < hl) throw truncatedError(this.ctx(), at, `the header of packet record ${record}`);
    const le = this.littleEndian;
    const view = src.view;
    let p = src.pos;
    const sec = view.getUint32(p, le);
    const frac = view.getUint32(p + 4, le);
    const capLen = view.getUint32(p + 8, le);
    const origLen = view.getUint32(p + 12, le);
    if (capLen > this.maxRecord) {
      throw corruptError(
        this.ctx(),
        at,
        `packet record ${record} claims ${capLen} captured bytes, more than the ${this.maxRecord}-byte limit for a record`,
      );
    }
    const total = hl + capLen;
    if (src.ensure(total) < total) {
      throw truncatedError(this.ctx(), at, `packet record ${record} (${capLen} captured bytes)`);
    }
    p = src.pos;
    const data = src.buf.subarray(p + hl, p + total);
    src.skip(total);
    this.packets = record;
    return { index: record, ts: sec + frac / this.fracDivisor, linkType: this.linkType, data, origLen };
  }
}
