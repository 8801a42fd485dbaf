/** DHCP/BOOTP (RFC 2131) over UDP ports 67/68: cleartext infrastructure, no events. */
import { u32 } from './bytes.js';
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

/** The DHCP magic cookie at offset 236. */
export const DHCP_MAGIC = 0x63825363;

/** Whether `b` is a BOOTP message (op 1 or 2, 240+ bytes) with the DHCP magic cookie. */
export function looksLikeDhcp(b: Uint8Array): boolean {
  return b.length >= 240 && (b[0] === 1 || b[0] === 2) && u32(b, 236) === DHCP_MAGIC;
}

/** Whether the options after the cookie are well-formed TLVs ending in END (255) or the packet. */
export function dhcpOptionsOk(b: Uint8Array): boolean {
  let p = 240;
  while (p < b.length) {
    const code = b[p];
    if (code === 255) return true;
    if (code === 0) {
      p++;
      continue;
    }
    if (p + 2 > b.length || p + 2 + b[p + 1] > b.length) return false;
    p += 2 + b[p + 1];
  }
  return true;
}

class DhcpAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'dhcp' as const;
  constructor(private readonly ctx: AnalyzerContext) {}
  onData(_dir: 0 | 1, data: Uint8Array): void {
    if (!looksLikeDhcp(data)) this.ctx.weird('dhcp_bad_packet');
    else if (!dhcpOptionsOk(data)) this.ctx.weird('dhcp_bad_option');
  }
  encryption(): { encrypted: boolean; version: null } {
    return { encrypted: false, version: null };
  }
}

/** DHCP: port 67 or 68 on either side and the magic cookie. */
export const dhcpFactory: AnalyzerFactory = {
  protocol: 'dhcp',
  transports: ['udp'],
  ports: [67, 68],
  sniff: (data, _dir, ctx) => [67, 68].includes(ctx.serverPort) || [67, 68].includes(ctx.clientPort) ? looksLikeDhcp(data) : false,
  create: (ctx) => new DhcpAnalyzer(ctx),
};
