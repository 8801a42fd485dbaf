/**
 * The kinds of traffic a phone makes, each as a generator that writes its
 * frames one at a time: TLS 1.3 connections (API calls and downloads),
 * plain HTTP with JSON bodies, DNS lookups, RTP-like media over UDP, and
 * QUIC connections.
 */
import { ipv4Bytes, ipv6Bytes } from '../../test/support/packets.js';
import { dnsQuery, dnsResponse, quicInitial, tlsClientHello, tlsRecords, tlsServerHello } from '../../test/support/protocol-bytes.js';
import { getRequest, jsonBody, postRequest, response, type BodyPlan } from './bodies.js';
import { UNDECLARED } from './identifiers.js';
import type { Endpoint } from './pcap-writer.js';
import { bytesStream, TcpConn, tlsRecordStream, type GenContext } from './tcp-conn.js';

/** A server the phone talks to. */
interface Host {
  name: string;
  v4: string;
  v6?: string;
}

const TLS_HOSTS: Host[] = [
  { name: 'www.googleapis.com', v4: '142.250.74.106', v6: '2a00:1450:400f:80a::200a' },
  { name: 'android.clients.google.com', v4: '142.250.74.46', v6: '2a00:1450:400f:80a::200e' },
  { name: 'i.ytimg.com', v4: '142.250.74.150' },
  { name: 'rr3---sn-uxax4vopj5qx-cxgs.googlevideo.com', v4: '74.125.100.200' },
  { name: 'graph.facebook.com', v4: '157.240.205.18', v6: '2a03:2880:f12d:83:face:b00c:0:25de' },
  { name: 'scontent.xx.fbcdn.net', v4: '157.240.205.2' },
  { name: 'api.vg.no', v4: '195.88.54.16' },
  { name: 'cdn.jsdelivr.net', v4: '151.101.1.229' },
  { name: 'www.nrk.no', v4: '160.68.205.231' },
  { name: 'fcm.googleapis.com', v4: '142.250.74.138' },
  { name: 'api.weather.example', v4: '185.199.108.153' },
  { name: 'ads.adnetwork.example', v4: '104.18.32.7' },
  { name: 'images.shop.example', v4: '13.32.151.23' },
];

const HTTP_HOSTS: Host[] = [
  { name: 'zzhc.vnet.cn', v4: '202.102.94.124' },
  { name: 'log.vendor-telemetry.cn', v4: '123.125.114.144' },
  { name: 'connectivitycheck.gstatic.com', v4: '142.250.74.3' },
  { name: 'track.adnetwork.example', v4: '104.18.33.7' },
  { name: 'img.cdn-plain.example', v4: '93.184.216.34' },
];

const MEDIA_SERVERS = ['157.240.205.60', '142.250.82.127', '3.120.101.77'];
const DEVICE_V4 = ipv4Bytes('10.0.2.15');
const DEVICE_V6 = ipv6Bytes('fd00::15');
const RESOLVER: Endpoint = { ip: ipv4Bytes('10.0.2.3'), port: 53 };

/** Counts of what a generator wrote, per session kind, and the plants. */
export interface GenStats {
  sessions: Record<string, number>;
  /** Undeclared plants: the flow's first frame and the detector kind. */
  plants: Array<{ frame: number; kind: string }>;
  /** HTTP requests that carried the declared identifiers. */
  declaredBodies: number;
}

let nextPort = 32768;
function ephemeral(): number {
  nextPort = nextPort >= 60999 ? 32768 : nextPort + 1;
  return nextPort;
}

const helloCache = new Map<string, Uint8Array>();
function clientHello(name: string): Uint8Array {
  let h = helloCache.get(name);
  if (!h) helloCache.set(name, (h = tlsClientHello({ sni: name, alpn: ['h2', 'http/1.1'], seed: name.length })));
  return h;
}

const serverFlight = (() => {
  const hello = tlsServerHello({ version: '1.3' });
  const ccs = tlsRecords(20, Uint8Array.of(1), 0x0303);
  return { hello, ccs };
})();

/** A DNS lookup of a host (query and answer over UDP). */
export function* dnsLookup(ctx: GenContext, host: Host): Generator<void> {
  const client: Endpoint = { ip: DEVICE_V4, port: ephemeral() };
  const id = ctx.rng.int(0, 0xffff);
  ctx.w.udp(ctx.now(), client, RESOLVER, dnsQuery({ id, name: host.name, type: 'A' }));
  yield;
  ctx.w.udp(ctx.now(), RESOLVER, client, dnsResponse({ id, name: host.name, type: 'A', answers: [{ name: host.name, type: 'A', data: host.v4, ttl: 300 }] }));
  yield;
}

/** A TLS 1.3 connection: handshake, then API calls or a download; closed by FIN, RST or not at all. */
export function* tlsSession(ctx: GenContext): Generator<void> {
  const rng = ctx.rng;
  const host = rng.pick(TLS_HOSTS);
  if (rng.chance(0.5)) yield* dnsLookup(ctx, host);
  const v6 = host.v6 !== undefined && rng.chance(0.4);
  const conn = new TcpConn(ctx, { ip: v6 ? DEVICE_V6 : DEVICE_V4, port: ephemeral() }, { ip: v6 ? ipv6Bytes(host.v6 as string) : ipv4Bytes(host.v4), port: 443 });
  yield* conn.handshake();
  yield* conn.send(true, bytesStream(clientHello(host.name)));
  const flight = new Uint8Array(serverFlight.hello.length + serverFlight.ccs.length);
  flight.set(serverFlight.hello);
  flight.set(serverFlight.ccs, serverFlight.hello.length);
  yield* conn.send(false, bytesStream(flight));
  yield* conn.send(false, tlsRecordStream(ctx, rng.int(2500, 5200), 4096));
  yield* conn.send(true, tlsRecordStream(ctx, 6 + 58));
  const download = rng.chance(0.3);
  const exchanges = download ? rng.int(1, 3) : rng.int(1, 6);
  const lose = rng.chance(0.01);
  for (let i = 0; i < exchanges; i++) {
    yield* conn.send(true, tlsRecordStream(ctx, rng.int(90, 1800)));
    const size = download ? rng.logInt(50_000, 8_000_000) : rng.logInt(300, 40_000);
    yield* conn.send(false, tlsRecordStream(ctx, size), lose && i === 0);
  }
  const end = rng.next();
  if (end < 0.8) yield* conn.close();
  else if (end < 0.9) yield* conn.reset();
}

/** A plain HTTP connection: JSON POSTs (some with identifiers) and image GETs. */
export function* httpSession(ctx: GenContext, stats: GenStats, plaintextOnly: boolean): Generator<void> {
  const rng = ctx.rng;
  const host = rng.pick(HTTP_HOSTS);
  if (!plaintextOnly && rng.chance(0.5)) yield* dnsLookup(ctx, host);
  const conn = new TcpConn(ctx, { ip: DEVICE_V4, port: ephemeral() }, { ip: ipv4Bytes(host.v4), port: 80 });
  yield* conn.handshake();
  const requests = rng.int(1, 4);
  let planted = false;
  for (let i = 0; i < requests; i++) {
    if (rng.chance(plaintextOnly ? 0.1 : 0.3)) {
      yield* conn.send(true, bytesStream(getRequest(rng, host.name)));
      yield* conn.send(false, bytesStream(response(rng, 'image', ctx.pool, rng.logInt(2_000, 60_000))));
      continue;
    }
    const r = rng.next();
    const plan: BodyPlan = { declared: r < 0.1 ? 'raw' : r < 0.15 ? 'base64' : r < 0.2 ? 'gzip' : 'none', undeclared: -1 };
    if (!planted && plan.declared !== 'gzip' && rng.chance(0.08)) {
      plan.undeclared = rng.int(0, UNDECLARED.length - 1);
      planted = true;
      stats.plants.push({ frame: conn.firstFrame, kind: UNDECLARED[plan.undeclared].kind });
    }
    if (plan.declared !== 'none') stats.declaredBodies++;
    const { body, gzip } = jsonBody(rng, plaintextOnly ? rng.logInt(2_000, 64_000) : rng.logInt(300, 6_000), plan);
    yield* conn.send(true, bytesStream(postRequest(host.name, `/v1/${rng.pick(['events', 'collect', 'log', 'activate'])}`, body, gzip)));
    yield* conn.send(false, bytesStream(response(rng, rng.chance(0.3) ? 'chunked' : 'json', ctx.pool)));
  }
  yield* conn.close();
}

/** RTP-like media: opaque datagrams both ways, mostly downstream. */
export function* mediaSession(ctx: GenContext): Generator<void> {
  const rng = ctx.rng;
  const device: Endpoint = { ip: DEVICE_V4, port: ephemeral() };
  const server: Endpoint = { ip: ipv4Bytes(rng.pick(MEDIA_SERVERS)), port: rng.pick([3478, 19302, 50000 + rng.int(0, 9999)]) };
  const packets = rng.int(200, 3000);
  const ssrc = [rng.u32(), rng.u32()];
  const seq = [rng.int(0, 0xffff), rng.int(0, 0xffff)];
  const buf = new Uint8Array(1200);
  for (let i = 0; i < packets; i++) {
    const down = rng.chance(0.7);
    const d = down ? 1 : 0;
    const size = down ? rng.int(400, 1180) : rng.int(120, 300);
    const at = rng.int(0, ctx.pool.length - size);
    buf.set(ctx.pool.subarray(at, at + size), 12);
    buf[0] = 0x80;
    buf[1] = down ? 96 : 111;
    buf[2] = (seq[d] >> 8) & 0xff;
    buf[3] = seq[d] & 0xff;
    seq[d] = (seq[d] + 1) & 0xffff;
    const ts = i * 960;
    buf[4] = (ts >>> 24) & 0xff;
    buf[5] = (ts >>> 16) & 0xff;
    buf[6] = (ts >>> 8) & 0xff;
    buf[7] = ts & 0xff;
    for (let k = 0; k < 4; k++) buf[8 + k] = (ssrc[d] >>> (24 - 8 * k)) & 0xff;
    const payload = buf.subarray(0, 12 + size);
    if (down) ctx.w.udp(ctx.now(), server, device, payload);
    else ctx.w.udp(ctx.now(), device, server, payload);
    yield;
  }
}

/** A QUIC connection: Initials both ways, then short-header packets (mostly downstream). */
export function* quicSession(ctx: GenContext): Generator<void> {
  const rng = ctx.rng;
  const host = rng.pick(TLS_HOSTS.slice(0, 6));
  if (rng.chance(0.5)) yield* dnsLookup(ctx, host);
  const device: Endpoint = { ip: DEVICE_V4, port: ephemeral() };
  const server: Endpoint = { ip: ipv4Bytes(host.v4), port: 443 };
  ctx.w.udp(ctx.now(), device, server, quicInitial(1, rng.int(1, 1000)));
  yield;
  ctx.w.udp(ctx.now(), server, device, quicInitial(1, rng.int(1, 1000)));
  yield;
  let left = rng.logInt(20_000, 10_000_000);
  const buf = new Uint8Array(1252);
  const dcid = rng.u32();
  while (left > 0) {
    const down = rng.chance(0.8);
    const size = down ? Math.min(1252, Math.max(40, left)) : rng.int(30, 60);
    const at = rng.int(0, ctx.pool.length - size);
    buf.set(ctx.pool.subarray(at, at + size));
    buf[0] = 0x40 | (buf[0] & 0x3f);
    for (let k = 0; k < 4; k++) buf[1 + k] = (dcid >>> (24 - 8 * k)) & 0xff;
    const payload = buf.subarray(0, size);
    if (down) {
      ctx.w.udp(ctx.now(), server, device, payload);
      left -= size;
    } else ctx.w.udp(ctx.now(), device, server, payload);
    yield;
  }
}

/** A lone DNS lookup of a random host. */
export function* lookupSession(ctx: GenContext): Generator<void> {
  yield* dnsLookup(ctx, ctx.rng.pick([...TLS_HOSTS, ...HTTP_HOSTS]));
}
