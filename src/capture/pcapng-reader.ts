/**
 * pcapng files: sections (each a Section Header Block with its own byte
 * order), Interface Description Blocks, and packets in Enhanced, Simple and
 * (obsolete) Packet Blocks. Every other block type (name resolution,
 * statistics, decryption secrets, custom, unknown) is skipped. Frame
 * numbers are Wireshark's: it also numbers Custom Blocks (types 0x00000BAD
 * and 0x40000BAD) and systemd Journal Export Blocks (type 9) as frames, so
 * these are skipped as packets but advance the frame index, and
 * `frame.number == N` finds frame N in Wireshark.
 */
import type { ByteSource } from './byte-source.js';
import { corruptError, truncatedError, type StopContext } from './capture-errors.js';
import type { RecordReader } from './pcap-reader.js';
import { parseInterface, type PcapngInterface } from './pcapng-interface.js';
import type { Frame } from './types.js';

/**
 * Default cap on a pcapng block's total length: 16 MiB, as Wireshark's
 * pcapng reader. A bigger block is reported as LS_CAPTURE_CORRUPT
 * (`maxRecordBytes` changes it).
 */
export const DEFAULT_MAX_PCAPNG_BLOCK = 16 * 1024 * 1024;

/** pcapng block types this reader acts on. */
export const BlockType = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  PB: 0x00000002,
  SPB: 0x00000003,
  EPB: 0x00000006,
  JOURNAL: 0x00000009,
  CB: 0x00000bad,
  DCB: 0x40000bad,
} as const;

/** Blocks that carry no packet but take a frame number in Wireshark. */
const NUMBERED_NON_PACKETS = new Set<number>([BlockType.CB, BlockType.DCB, BlockType.JOURNAL]);

/** Smallest legal total length of each block type this reader parses. */
const MIN_LENGTH: Record<number, number> = {
  [BlockType.SHB]: 28,
  [BlockType.IDB]: 20,
  [BlockType.PB]: 32,
  [BlockType.SPB]: 16,
  [BlockType.EPB]: 32,
  [BlockType.CB]: 16,
  [BlockType.DCB]: 16,
};

const BLOCK_NAMES: Record<number, string> = {
  [BlockType.SHB]: 'Section Header Block',
  [BlockType.IDB]: 'Interface Description Block',
  [BlockType.PB]: 'Packet Block',
  [BlockType.SPB]: 'Simple Packet Block',
  [BlockType.EPB]: 'Enhanced Packet Block',
  [BlockType.CB]: 'Custom Block',
  [BlockType.DCB]: 'Custom Block',
};

function blockName(type: number): string {
  return BLOCK_NAMES[type] ?? `block of type 0x${type.toString(16).padStart(8, '0')}`;
}

/** Reads pcapng blocks from a ByteSource positioned at the start of the file. */
export class PcapngReader implements RecordReader {
  /** Packet records returned. */
  packets = 0;
  /** Last frame number given (packets plus numbered non-packet blocks). */
  private frameNumber = 0;
  private le = true;
  private inSection = false;
  private interfaces: PcapngInterface[] = [];

  constructor(
    private readonly src: ByteSource,
    private readonly maxBlock: number = DEFAULT_MAX_PCAPNG_BLOCK,
  ) {}

  private ctx(): StopContext {
    return { file: this.src.file, format: 'pcapng', size: this.src.size, packets: this.packets };
  }

  next(): Frame | null {
    const src = this.src;
    for (;;) {
      const at = src.offset;
      const have = src.ensure(12);
      if (have === 0) return null;
      if (have < 8) throw truncatedError(this.ctx(), at, 'a pcapng block header');
      const type = src.view.getUint32(src.pos, this.le);
      if (type === BlockType.SHB) {
        if (have < 12) throw truncatedError(this.ctx(), at, 'a pcapng Section Header Block');
        this.startSection(at);
      } else if (!this.inSection) {
        throw corruptError(this.ctx(), at, `${blockName(type)} before any Section Header Block`);
      }
      const len = this.checkedLength(type, at);
      const p = src.pos;
      const view = src.view;
      const frame =
        type === BlockType.EPB || type === BlockType.PB
          ? this.packet(view, p, len, at, type === BlockType.PB)
          : type === BlockType.SPB
            ? this.simplePacket(view, p, len, at)
            : this.other(view, p, len, type);
      src.skip(len);
      if (frame !== null) return frame;
    }
  }

  /** Reads the byte-order magic of the SHB at the cursor and starts a section. */
  private startSection(at: number): void {
    const src = this.src;
    const bom = src.view.getUint32(src.pos + 8, false);
    if (bom === 0x1a2b3c4d) this.le = false;
    else if (bom === 0x4d3c2b1a) this.le = true;
    else throw corruptError(this.ctx(), at, `Section Header Block with an invalid byte-order magic 0x${bom.toString(16)}`);
    this.inSection = true;
    this.interfaces = [];
  }

  /** The block's total length after every sanity check; the whole block is then in the buffer. */
  private checkedLength(type: number, at: number): number {
    const src = this.src;
    const len = src.view.getUint32(src.pos + 4, this.le);
    if (len % 4 !== 0 || len < 12) {
      throw corruptError(
        this.ctx(),
        at,
        `${blockName(type)} with an impossible length of ${len} bytes (must be a multiple of 4, at least 12)`,
      );
    }
    const min = MIN_LENGTH[type];
    if (min !== undefined && len < min) {
      throw corruptError(this.ctx(), at, `${blockName(type)} of ${len} bytes, shorter than its ${min}-byte minimum`);
    }
    if (len > this.maxBlock) {
      throw corruptError(
        this.ctx(),
        at,
        `${blockName(type)} claims ${len} bytes, more than the ${this.maxBlock}-byte limit for a block`,
      );
    }
    if (src.ensure(len) < len) throw truncatedError(this.ctx(), at, `a ${len}-byte ${blockName(type)}`);
    const trailer = src.view.getUint32(src.pos + len - 4, this.le);
    if (trailer !== len) {
      throw corruptError(this.ctx(), at, `${blockName(type)} of ${len} bytes ends with a different length (${trailer})`);
    }
    return len;
  }

  private iface(id: number, at: number): PcapngInterface {
    const ifc = this.interfaces[id];
    if (ifc === undefined) {
      throw corruptError(
        this.ctx(),
        at,
        `packet ${this.packets + 1} refers to interface ${id}, but the section declares ${this.interfaces.length} interface(s)`,
      );
    }
    return ifc;
  }

  /** Enhanced Packet Block, or the obsolete Packet Block (16-bit interface id). */
  private packet(view: DataView, p: number, len: number, at: number, obsolete: boolean): Frame {
    const le = this.le;
    const ifc = this.iface(obsolete ? view.getUint16(p + 8, le) : view.getUint32(p + 8, le), at);
    const hi = view.getUint32(p + 12, le);
    const lo = view.getUint32(p + 16, le);
    const capLen = view.getUint32(p + 20, le);
    const origLen = view.getUint32(p + 24, le);
    if (capLen > len - 32) {
      throw corruptError(
        this.ctx(),
        at,
        `${blockName(obsolete ? BlockType.PB : BlockType.EPB)} of ${len} bytes claims ${capLen} captured bytes`,
      );
    }
    this.packets++;
    const index = ++this.frameNumber;
    const ts = hi * ifc.hiScale + lo / ifc.unitsPerSecond + ifc.offsetSeconds;
    return { index, ts, linkType: ifc.linkType, data: this.src.buf.subarray(p + 28, p + 28 + capLen), origLen };
  }

  /** Simple Packet Block: interface 0, no timestamp (ts 0). */
  private simplePacket(view: DataView, p: number, len: number, at: number): Frame {
    const ifc = this.iface(0, at);
    const origLen = view.getUint32(p + 8, this.le);
    let capLen = Math.min(len - 16, origLen);
    if (ifc.snapLen > 0 && ifc.snapLen < capLen) capLen = ifc.snapLen;
    this.packets++;
    const index = ++this.frameNumber;
    return { index, ts: 0, linkType: ifc.linkType, data: this.src.buf.subarray(p + 12, p + 12 + capLen), origLen };
  }

  /** Interface descriptions are kept; every other non-packet block is skipped (some take a frame number). */
  private other(view: DataView, p: number, len: number, type: number): null {
    if (type === BlockType.IDB) this.interfaces.push(parseInterface(view, p, len, this.le));
    else if (NUMBERED_NON_PACKETS.has(type)) this.frameNumber++;
    return null;
  }
}
