/** NTP (RFC 5905) over UDP port 123: cleartext infrastructure, no events. */
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

/** Whether `b` is a plausible NTP packet: 48+ bytes, version 1-4, mode 1-5. */
export function looksLikeNtp(b: Uint8Array): boolean {
  if (b.length < 48) return false;
  const version = (b[0] >> 3) & 0x07;
  const mode = b[0] & 0x07;
  return version >= 1 && version <= 4 && mode >= 1 && mode <= 5;
}

class NtpAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'ntp' as const;
  constructor(private readonly ctx: AnalyzerContext) {}
  onData(_dir: 0 | 1, data: Uint8Array): void {
    if (!looksLikeNtp(data)) this.ctx.weird('ntp_bad_packet');
  }
  encryption(): { encrypted: boolean; version: null } {
    return { encrypted: false, version: null };
  }
}

/** NTP: port 123 on either side and a plausible header. */
export const ntpFactory: AnalyzerFactory = {
  protocol: 'ntp',
  transports: ['udp'],
  ports: [123],
  sniff: (data, _dir, ctx) => (ctx.serverPort === 123 || ctx.clientPort === 123) && looksLikeNtp(data),
  create: (ctx) => new NtpAnalyzer(ctx),
};
