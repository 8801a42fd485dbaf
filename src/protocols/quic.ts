/**
 * QUIC (RFC 9000, RFC 9369) over UDP: recognised by a long header with the
 * fixed bit and version 1, version 2 or an IETF draft (0xff0000xx); later
 * packets of the flow (short headers) belong to it. Encrypted, version "quic".
 */
import { u32 } from './bytes.js';
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

/** QUIC version 1 and version 2 wire values. */
export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;

function knownVersion(v: number): boolean {
  return v === QUIC_V1 || v === QUIC_V2 || (v >>> 8) === 0xff0000;
}

/** Whether `b` starts with a QUIC long header of a known version with sane connection id lengths. */
export function looksLikeQuicLong(b: Uint8Array): boolean {
  if (b.length < 7 || (b[0] & 0xc0) !== 0xc0) return false;
  if (!knownVersion(u32(b, 1))) return false;
  const dcid = b[5];
  if (dcid > 20 || 6 + dcid >= b.length) return false;
  const scid = b[6 + dcid];
  return scid <= 20 && 7 + dcid + scid <= b.length;
}

class QuicAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'quic' as const;
  constructor(private readonly ctx: AnalyzerContext) {}
  onData(_dir: 0 | 1, data: Uint8Array): void {
    // The fixed bit (0x40) is set in long and short headers, except in Version Negotiation (version 0).
    if (data.length === 0 || (data[0] & 0x40) !== 0) return;
    if ((data[0] & 0x80) !== 0 && data.length >= 5 && u32(data, 1) === 0) return;
    this.ctx.weird('quic_bad_header');
  }
  encryption(): { encrypted: boolean; version: string } {
    return { encrypted: true, version: 'quic' };
  }
}

/** QUIC on any UDP port, by a long header. */
export const quicFactory: AnalyzerFactory = {
  protocol: 'quic',
  transports: ['udp'],
  ports: [443, 80, 8443],
  sniff: (data) => looksLikeQuicLong(data),
  create: (ctx) => new QuicAnalyzer(ctx),
};
