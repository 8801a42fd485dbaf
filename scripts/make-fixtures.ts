/**
 * Writes the bundled example captures, `fixtures/nokia-7-plus/*.pcapng`:
 * a synthetic first boot of an Android emulator running a Nokia 7 Plus
 * image, once on firmware 00WW_3_22C (which POSTs the IMEI, ICCID and cell
 * ID, base64-wrapped, over plain HTTP to zzhc.vnet.cn in China) and once on
 * 00WW_3_22D (the fixed build, without that request).
 *
 * Every byte is fixed: timestamps, ports, sequence numbers, MAC addresses,
 * TLS randoms (seeded), so a rerun writes byte-identical files. The
 * addresses look public, but nothing was ever sent: the packets are built
 * in memory and written to disk.
 *
 * Usage: `node dist/scripts/make-fixtures.js [--out DIR]` (or set
 * `LEAKSPEC_FIXTURES_OUT`); the default folder is `fixtures/nokia-7-plus/`
 * under the package root.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/paths.js';
import { TcpSession, concat, mergeByTime, udpRecord, writePcapng, type Record_ } from '../test/support/packets.js';
import {
  dnsQuery,
  dnsResponse,
  httpRequest,
  httpResponse,
  ntpRequest,
  ntpResponse,
  tlsApplicationData,
  tlsClientHello,
  tlsRecords,
  tlsServerHello,
  type DnsAnswer,
} from '../test/support/protocol-bytes.js';

/** The two firmware builds of the example: the leaky one and its fix. */
export const BUILDS = ['00WW_3_22C', '00WW_3_22D'] as const;
/** A firmware build of the example. */
export type Build = (typeof BUILDS)[number];

/** The build that sends identifiers to zzhc.vnet.cn. */
export const LEAKY_BUILD: Build = '00WW_3_22C';

/** The test device's identifiers (the same values as `specs/nokia-7-plus.yaml`). */
export const IDENTIFIERS = {
  imei: '490154203237518',
  iccid: '89470000000000000017',
  imsi: '242010000000001',
  cellId: '219769344',
} as const;

/** The emulated device and its network (QEMU user-mode networking as the Android emulator sets it up). */
export const NETWORK = {
  device: '10.0.2.15',
  resolver: '10.0.2.3',
  deviceMac: '52:54:00:12:34:56',
  gatewayMac: '52:55:0a:00:02:02',
} as const;

/**
 * Server names and the addresses the capture's DNS answers give them. Each
 * address is one the embedded geo database places in the country noted.
 */
export const SERVERS = {
  connectivity: { name: 'connectivitycheck.gstatic.com', ip: '142.250.74.67' }, // US, AS15169 Google
  androidClients: { name: 'android.clients.google.com', cname: 'android.l.google.com', ip: '193.186.4.68' }, // IE, AS15169
  playApis: { name: 'play.googleapis.com', ip: '193.186.4.106' }, // IE, AS15169
  ntp: { name: 'no.pool.ntp.org', ip: '129.240.2.42', alt: '158.36.191.10' }, // NO, AS224 Sikt
  activation: { name: 'device-activation.hmdglobal.com', ip: '52.49.117.41' }, // IE, AS16509 Amazon (eu-west-1)
  zzhc: { name: 'zzhc.vnet.cn', ip: '202.97.34.18' }, // CN, AS4134 Chinanet
} as const;

/** Capture start times (UTC): 2019-03-18 08:00:00 for 22C, 2019-03-21 08:00:00 for 22D. */
const START: Record<Build, number> = { '00WW_3_22C': 1552896000, '00WW_3_22D': 1553155200 };

const RESOLVER = { ip: NETWORK.resolver, port: 53 };
const enc = new TextEncoder();

function device(port: number): { ip: string; port: number } {
  return { ip: NETWORK.device, port };
}

/** One A query and its answer on a fresh source port, as Android's resolver sends them. */
function dnsExchange(ts: number, port: number, id: number, name: string, answers: DnsAnswer[], rtt = 0.018): Record_[] {
  return [
    udpRecord(ts, device(port), RESOLVER, dnsQuery({ id, name, type: 'A' })),
    udpRecord(ts + rtt, RESOLVER, device(port), dnsResponse({ id, name, type: 'A', answers })),
  ];
}

function a(name: string, ip: string, ttl = 300): DnsAnswer {
  return { name, type: 'A', data: ip, ttl };
}

/** Moves a session's clock forward (server think time, idle periods). */
function wait(s: TcpSession, seconds: number): TcpSession {
  s.ts += seconds;
  return s;
}

/**
 * A TLS 1.3 handshake as seen on the wire: ClientHello (SNI, ALPN), the
 * server's ServerHello, ChangeCipherSpec and encrypted flight, and the
 * client's ChangeCipherSpec and Finished.
 */
function tls13Handshake(s: TcpSession, sni: string, seed: number, rtt: number): TcpSession {
  const ccs = tlsRecords(20, Uint8Array.of(1), 0x0303);
  s.send(true, tlsClientHello({ sni, alpn: ['h2', 'http/1.1'], seed }));
  wait(s, rtt);
  s.send(false, concat([tlsServerHello({ version: '1.3', seed: seed + 1 }), ccs, tlsApplicationData(2816, seed + 2)]));
  wait(s, 0.004);
  return s.send(true, concat([ccs, tlsApplicationData(53, seed + 3)]));
}

/** Android's captive-portal probe: `GET /generate_204` answered `204 No Content`. */
function connectivityCheck(ts: number, port: number, isn: number, date: string): Record_[] {
  const s = new TcpSession(device(port), { ip: SERVERS.connectivity.ip, port: 80 }, { ts, clientIsn: isn, serverIsn: (isn ^ 0x5a5a5a5a) >>> 0 });
  s.handshake();
  s.send(
    true,
    httpRequest({
      target: '/generate_204',
      headers: [
        ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.32 Safari/537.36'],
        ['Host', SERVERS.connectivity.name],
        ['Connection', 'Keep-Alive'],
        ['Accept-Encoding', 'gzip'],
      ],
    }),
  );
  wait(s, 0.021);
  s.send(false, httpResponse({ status: 204, reason: 'No Content', headers: [['Content-Length', '0'], ['Date', date]] }));
  return wait(s, 0.3).close().records;
}

/** One SNTP poll: a client request and the server's reply. */
function ntpPoll(ts: number, port: number, server: string, seed: number): Record_[] {
  return [udpRecord(ts, device(port), { ip: server, port: 123 }, ntpRequest(seed)), udpRecord(ts + 0.046, { ip: server, port: 123 }, device(port), ntpResponse(seed))];
}

/** Google checkin over one long-lived TLS connection: a burst at boot, another after idling. */
function googleCheckin(ts: number): Record_[] {
  const s = new TcpSession(device(41822), { ip: SERVERS.androidClients.ip, port: 443 }, { ts, clientIsn: 0x2c6b1f03, serverIsn: 0x91d40e77 });
  tls13Handshake(s.handshake(), SERVERS.androidClients.name, 101, 0.031);
  s.send(true, tlsApplicationData(612, 105));
  wait(s, 0.12);
  s.send(false, concat([tlsApplicationData(246, 106), tlsApplicationData(1874, 107)]));
  wait(s, 92.5);
  s.send(true, tlsApplicationData(388, 108));
  wait(s, 0.09);
  s.send(false, tlsApplicationData(731, 109));
  return wait(s, 1.5).close().records;
}

/** Google Play services fetching its configuration over TLS. */
function playServices(ts: number): Record_[] {
  const s = new TcpSession(device(41830), { ip: SERVERS.playApis.ip, port: 443 }, { ts, clientIsn: 0x4e02a9c1, serverIsn: 0x0bb3f418 });
  tls13Handshake(s.handshake(), SERVERS.playApis.name, 201, 0.029);
  s.send(true, tlsApplicationData(944, 205));
  wait(s, 0.2);
  s.send(false, tlsApplicationData(5320, 206));
  return wait(s, 2).close().records;
}

/** HMD's device activation over TLS (it carries the IMEI, encrypted, as the spec allows). */
function hmdActivation(ts: number): Record_[] {
  const s = new TcpSession(device(41826), { ip: SERVERS.activation.ip, port: 443 }, { ts, clientIsn: 0x7a11c35e, serverIsn: 0x3f08d2b4 });
  tls13Handshake(s.handshake(), SERVERS.activation.name, 301, 0.038);
  s.send(true, tlsApplicationData(871, 305));
  wait(s, 0.26);
  s.send(false, tlsApplicationData(417, 306));
  return wait(s, 0.5).close().records;
}

/** The JSON object that 00WW_3_22C sends to zzhc.vnet.cn, and its base64 (standard, padded). */
export function activationBody(ts: number): { json: string; base64: string } {
  const json = JSON.stringify({
    model: 'Nokia 7 plus',
    firmware: LEAKY_BUILD,
    imei: IDENTIFIERS.imei,
    iccid: IDENTIFIERS.iccid,
    cellid: IDENTIFIERS.cellId,
    lac: '7003',
    mcc: '242',
    mnc: '01',
    ts,
    ver: '1.0.3',
  });
  return { json, base64: Buffer.from(json, 'utf8').toString('base64') };
}

/**
 * The leak: `POST /zzhc/v1/activate` over plain HTTP, body the base64 of a
 * JSON object with the identifiers. The server's small MSS (200) splits the
 * body over two TCP segments, so finding it needs reassembly.
 */
function zzhcActivation(ts: number, date: string): Record_[] {
  const s = new TcpSession(device(43230), { ip: SERVERS.zzhc.ip, port: 80 }, { ts, clientIsn: 0x1d6e22f0, serverIsn: 0xc4b1597a, mss: 200 });
  const body = enc.encode(activationBody(Math.floor(ts)).base64);
  s.handshake();
  s.send(
    true,
    httpRequest({
      method: 'POST',
      target: '/zzhc/v1/activate',
      headers: [
        ['Content-Type', 'text/plain; charset=utf-8'],
        ['Content-Length', String(body.length)],
        ['User-Agent', 'Dalvik/2.1.0 (Linux; U; Android 8.1.0; Nokia 7 plus Build/OPM1.171019.026)'],
        ['Host', SERVERS.zzhc.name],
        ['Connection', 'Keep-Alive'],
        ['Accept-Encoding', 'gzip'],
      ],
      body,
    }),
  );
  wait(s, 0.241);
  const reply = '{"code":0,"msg":"success"}';
  s.send(
    false,
    httpResponse({
      headers: [
        ['Server', 'nginx'],
        ['Date', date],
        ['Content-Type', 'application/json;charset=UTF-8'],
        ['Content-Length', String(reply.length)],
        ['Connection', 'keep-alive'],
      ],
      body: reply,
    }),
  );
  return wait(s, 0.4).close().records;
}

/** An HTTP Date header value for a Unix time. */
function httpDate(ts: number): string {
  return new Date(Math.floor(ts) * 1000).toUTCString();
}

/**
 * Final touches on merged frames: timestamps on whole milliseconds (the
 * sessions' clocks add up floating-point steps), and Ethernet addresses by
 * direction, device to gateway or gateway to device.
 */
function finish(records: Record_[]): Record_[] {
  const dev = Uint8Array.from(NETWORK.deviceMac.split(':').map((x) => parseInt(x, 16)));
  const gw = Uint8Array.from(NETWORK.gatewayMac.split(':').map((x) => parseInt(x, 16)));
  const ip = Uint8Array.from(NETWORK.device.split('.').map(Number));
  for (const r of records) {
    r.ts = Math.round(r.ts * 1000) / 1000;
    const d = r.data;
    const fromDevice = d[26] === ip[0] && d[27] === ip[1] && d[28] === ip[2] && d[29] === ip[3];
    d.set(fromDevice ? gw : dev, 0);
    d.set(fromDevice ? dev : gw, 6);
  }
  return records;
}

/** Every frame of the first boot on `build`, in time order (about two minutes). */
export function bootRecords(build: Build): Record_[] {
  const t = START[build];
  const c = SERVERS;
  const lists: Record_[][] = [
    dnsExchange(t + 0.0, 38110, 0x3a01, c.connectivity.name, [a(c.connectivity.name, c.connectivity.ip)]),
    connectivityCheck(t + 0.04, 43216, 0x5f1c0a21, httpDate(t)),
    dnsExchange(t + 0.61, 38114, 0x3a02, c.androidClients.name, [
      { name: c.androidClients.name, type: 'CNAME', data: c.androidClients.cname, ttl: 21599 },
      a(c.androidClients.cname, c.androidClients.ip),
    ]),
    googleCheckin(t + 0.65),
    dnsExchange(t + 1.2, 38117, 0x3a03, c.ntp.name, [a(c.ntp.name, c.ntp.ip, 150), a(c.ntp.name, c.ntp.alt, 150)], 0.024),
    ntpPoll(t + 1.26, 47011, c.ntp.ip, 31),
    dnsExchange(t + 2.5, 38121, 0x3a04, c.activation.name, [a(c.activation.name, c.activation.ip, 60)], 0.035),
    hmdActivation(t + 2.55),
    dnsExchange(t + 9.8, 38125, 0x3a05, c.playApis.name, [a(c.playApis.name, c.playApis.ip)]),
    playServices(t + 9.84),
    connectivityCheck(t + 31.02, 43238, 0x6a2d9e10, httpDate(t + 31)),
    ntpPoll(t + 65.3, 47019, c.ntp.ip, 32),
    connectivityCheck(t + 118.4, 43252, 0x0c37b8d5, httpDate(t + 118)),
  ];
  if (build === LEAKY_BUILD) {
    lists.push(dnsExchange(t + 5.73, 38123, 0x3a06, c.zzhc.name, [a(c.zzhc.name, c.zzhc.ip, 600)], 0.212));
    lists.push(zzhcActivation(t + 5.95, httpDate(t + 6)));
  }
  return finish(mergeByTime(...lists));
}

/** The pcapng file bytes of the first boot on `build`. */
export function bootCapture(build: Build, records: Record_[] = bootRecords(build)): Uint8Array {
  return writePcapng(records, 1, {
    ifName: 'eth0',
    comment: `Synthetic: Nokia 7 Plus emulator, first boot, firmware ${build}. Generated by leakspec scripts/make-fixtures.ts; nothing was ever sent.`,
  });
}

/** One file written by {@link writeFixtures}. */
export interface WrittenFixture {
  file: string;
  packets: number;
  sha256: string;
}

/** The capture's file name for a build. */
export function fixtureName(build: Build): string {
  return `first-boot-${build}.pcapng`;
}

/** Writes both captures into `outDir` (created if needed) and says what it wrote. */
export function writeFixtures(outDir: string): WrittenFixture[] {
  mkdirSync(outDir, { recursive: true });
  return BUILDS.map((build) => {
    const records = bootRecords(build);
    const bytes = bootCapture(build, records);
    const file = join(outDir, fixtureName(build));
    writeFileSync(file, bytes);
    return { file, packets: records.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
}

/** The output folder: `--out DIR`, else `LEAKSPEC_FIXTURES_OUT`, else `fixtures/nokia-7-plus`. */
export function outputDir(argv: string[], env: NodeJS.ProcessEnv = process.env): string {
  const i = argv.indexOf('--out');
  if (i >= 0 && argv[i + 1]) return resolve(argv[i + 1]);
  if (env.LEAKSPEC_FIXTURES_OUT) return resolve(env.LEAKSPEC_FIXTURES_OUT);
  return join(packageRoot(), 'fixtures', 'nokia-7-plus');
}

function main(): void {
  for (const w of writeFixtures(outputDir(process.argv.slice(2)))) {
    const rel = relative(process.cwd(), w.file);
    process.stdout.write(`${rel.startsWith('..') ? w.file : rel}  packets=${w.packets}  sha256=${w.sha256}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
