/**
 * DTLS (RFC 6347, RFC 9147) over UDP: records with content type 20-25 and
 * version 0xfeff (1.0), 0xfefd (1.2) or 0xfefc (1.3). The first unfragmented
 * ClientHello gives SNI and ALPN; the ServerHello (or else the highest
 * offered, or else the first record's) gives the version. Encrypted.
 */
import type { Dir } from '../decode/types.js';
import { u16, u24 } from './bytes.js';
import { parseClientHello, parseServerHello, versionText } from './tls-hello.js';
import type { AnalyzerContext, AnalyzerFactory, ProtocolAnalyzer } from './types.js';

const DTLS_VERSIONS = [0xfeff, 0xfefd, 0xfefc];
const RECORD_HEADER = 13;
const HANDSHAKE_HEADER = 12;

/** Whether `b` starts with a plausible DTLS record. */
export function looksLikeDtls(b: Uint8Array): boolean {
  if (b.length < RECORD_HEADER) return false;
  return b[0] >= 20 && b[0] <= 25 && DTLS_VERSIONS.includes(u16(b, 1)) && RECORD_HEADER + u16(b, 11) <= b.length;
}

class DtlsAnalyzer implements ProtocolAnalyzer {
  readonly protocol = 'dtls' as const;
  private recordVersion: string | null = null;
  private clientVersion: string | null = null;
  private serverVersion: string | null = null;
  private sawClientHello = false;

  constructor(private readonly ctx: AnalyzerContext) {}

  onData(_dir: Dir, data: Uint8Array, frame: number): void {
    if (this.sawClientHello && this.serverVersion !== null) return;
    let p = 0;
    while (p + RECORD_HEADER <= data.length) {
      const type = data[p];
      const len = u16(data, p + 11);
      const end = p + RECORD_HEADER + len;
      if (!DTLS_VERSIONS.includes(u16(data, p + 1)) || end > data.length) {
        this.ctx.weird('dtls_bad_record');
        return;
      }
      this.recordVersion ??= versionText(u16(data, p + 1));
      if (type === 22 && u16(data, p + 3) === 0) this.handshake(data, p + RECORD_HEADER, end, frame);
      p = end;
    }
  }

  encryption(): { encrypted: boolean; version: string | null } {
    return { encrypted: true, version: this.serverVersion ?? this.clientVersion ?? this.recordVersion };
  }

  private handshake(b: Uint8Array, start: number, end: number, frame: number): void {
    if (start + HANDSHAKE_HEADER > end) return;
    const type = b[start];
    const len = u24(b, start + 1);
    const fragOffset = u24(b, start + 6);
    const fragLen = u24(b, start + 9);
    const body = start + HANDSHAKE_HEADER;
    if (fragOffset !== 0 || fragLen !== len || body + len > end) return;
    if (type === 1 && !this.sawClientHello) {
      this.sawClientHello = true;
      const r = parseClientHello(b, body, body + len, true);
      if (!r.ok) return this.ctx.weird(r.weird.replace(/^tls_/, 'dtls_'));
      this.clientVersion = r.value.version;
      this.ctx.emit({ type: 'tls-client-hello', frame, sni: r.value.sni, alpn: r.value.alpn, version: r.value.version });
    } else if (type === 2 && this.serverVersion === null) {
      const r = parseServerHello(b, body, body + len);
      if (!r.ok) return this.ctx.weird(r.weird.replace(/^tls_/, 'dtls_'));
      this.serverVersion = r.value;
      this.ctx.emit({ type: 'tls-server-hello', frame, version: r.value });
    }
  }
}

/** DTLS on any UDP port, by its record header. */
export const dtlsFactory: AnalyzerFactory = {
  protocol: 'dtls',
  transports: ['udp'],
  ports: [443, 4433, 5684, 3478],
  sniff: (data) => looksLikeDtls(data),
  create: (ctx) => new DtlsAnalyzer(ctx),
};
