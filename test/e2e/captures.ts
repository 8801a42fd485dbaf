/** Small realistic captures for end-to-end tests, built with the test packet builders. */
import { TcpSession, mergeByTime, udpRecord, writePcapng, type Record_ } from '../support/packets.js';
import { dnsQuery, dnsResponse, httpRequest, httpResponse, tlsApplicationData, tlsClientHello, tlsServerHello } from '../support/protocol-bytes.js';

export const DEVICE = '10.0.2.15';
export const RESOLVER = '10.0.2.3';
/** Addresses the embedded database places: FI (EEA), CN (China Telecom, AS4134), US. */
export const ADDR = { fi: '95.216.1.1', cn: '202.97.1.1', us: '8.8.8.8' } as const;

let dnsId = 0x1000;
let port = 40000;

export function dns(ts: number, name: string, address: string): Record_[] {
  const id = dnsId++;
  const p = port++;
  return [
    udpRecord(ts, { ip: DEVICE, port: p }, { ip: RESOLVER, port: 53 }, dnsQuery({ id, name, type: 'A' })),
    udpRecord(ts + 0.01, { ip: RESOLVER, port: 53 }, { ip: DEVICE, port: p }, dnsResponse({ id, name, type: 'A', answers: [{ name, type: 'A', data: address, ttl: 300 }] })),
  ];
}

export function tls(ts: number, sni: string, address: string, version: '1.2' | '1.3' = '1.3'): Record_[] {
  const s = new TcpSession({ ip: DEVICE, port: port++ }, { ip: address, port: 443 }, { ts });
  s.handshake()
    .send(true, tlsClientHello({ sni, alpn: ['h2', 'http/1.1'], versions: version === '1.3' ? ['1.3', '1.2'] : ['1.2'] }))
    .send(false, tlsServerHello({ version }))
    .send(true, tlsApplicationData(300, 7))
    .send(false, tlsApplicationData(900, 8))
    .close();
  return s.records;
}

export function httpPost(ts: number, host: string, address: string, path: string, body: string, mss = 1400): Record_[] {
  const s = new TcpSession({ ip: DEVICE, port: port++ }, { ip: address, port: 80 }, { ts, mss });
  s.handshake()
    .send(
      true,
      httpRequest({
        method: 'POST',
        target: path,
        headers: [
          ['Host', host],
          ['Content-Type', 'text/plain'],
          ['Content-Length', String(Buffer.byteLength(body))],
        ],
        body,
      }),
    )
    .send(false, httpResponse({ status: 200, headers: [['Content-Length', '2']], body: 'ok' }))
    .close();
  return s.records;
}

/** A capture: a TLS flow to FI, plus optionally the leaky POST of `body` to zzhc.vnet.cn (CN). */
export function bootCapture(opts: { leakBody?: string | null } = {}): Uint8Array {
  const t0 = 1_767_225_600; // 2026-01-01T00:00:00Z
  const parts: Record_[][] = [dns(t0, 'activation.hmdglobal.com', ADDR.fi), tls(t0 + 0.1, 'activation.hmdglobal.com', ADDR.fi)];
  if (opts.leakBody) {
    parts.push(dns(t0 + 1, 'zzhc.vnet.cn', ADDR.cn), httpPost(t0 + 1.1, 'zzhc.vnet.cn', ADDR.cn, '/zzhc/v1/activate', opts.leakBody, 200));
  }
  return writePcapng(mergeByTime(...parts));
}

export const IDS = { imei: '490154203237518', iccid: '89470000000000000017', cellId: '219769344' };

/** The leak's body: base64 of JSON, encoded with Node's Buffer (independent of leakspec's matcher). */
export function leakBody(): string {
  return Buffer.from(JSON.stringify({ imei: IDS.imei, iccid: IDS.iccid, cellid: IDS.cellId, model: 'TA-1046' })).toString('base64');
}

export function specYaml(captures: Record<string, string>, extra = ''): string {
  return `leakspec: 1
device:
  model: Test Phone
  addresses: [${DEVICE}]
  identifiers:
    imei: "${IDS.imei}"
    iccid: "${IDS.iccid}"
    cell-id: "${IDS.cellId}"
allow:
  - name: HMD activation
    to: ["*.hmdglobal.com"]
    protocols: [tls]
    data: [imei]
scenarios:
${Object.entries(captures)
  .map(([name, file]) => `  - name: ${name}\n    capture: ${file}\n`)
  .join('')}${extra}`;
}
