/**
 * Builders of real application-protocol bytes (TLS, DNS, HTTP/1.x, NTP,
 * DHCP, MQTT, SSH, DTLS, QUIC) for tests and fixtures. They are written from
 * the RFCs, independently of the analyzers in src/protocols, and tshark
 * dissects their output as intended. Random-looking fields come from a
 * seeded generator, so every call with the same arguments gives the same bytes.
 */

import { createCipheriv, createHmac } from 'node:crypto';

const enc = new TextEncoder();

/** A deterministic pseudo-random byte generator (xorshift32). */
export function pseudoRandomBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = (seed | 0) || 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function cat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function u8(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff);
}
function u16(n: number): Uint8Array {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff);
}
function u24(n: number): Uint8Array {
  return Uint8Array.of((n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}
function u32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}
/** A vector with a 1-, 2- or 3-byte length prefix. */
function vec(lenBytes: 1 | 2 | 3, body: Uint8Array): Uint8Array {
  const prefix = lenBytes === 1 ? u8(body.length) : lenBytes === 2 ? u16(body.length) : u24(body.length);
  return cat([prefix, body]);
}
function u16list(values: number[]): Uint8Array {
  return cat(values.map(u16));
}

// ---------------------------------------------------------------- TLS

/** TLS version text -> wire value. */
export const TLS_VERSION_CODES: Record<string, number> = { SSL3: 0x0300, '1.0': 0x0301, '1.1': 0x0302, '1.2': 0x0303, '1.3': 0x0304 };

/** A GREASE value (RFC 8701), as Chrome puts first in its lists. */
export const GREASE = 0x0a0a;

export interface ClientHelloOptions {
  /** server_name host; omitted when undefined or null. */
  sni?: string | null;
  /** ALPN protocol names; extension omitted when empty or undefined. */
  alpn?: string[];
  /** supported_versions list (default ['1.3', '1.2']); `[]` omits the extension. */
  versions?: Array<'1.0' | '1.1' | '1.2' | '1.3'>;
  /** ClientHello.legacy_version (default '1.2'). */
  legacyVersion?: '1.0' | '1.1' | '1.2' | 'SSL3';
  /** Insert GREASE values in cipher suites, groups, versions and extensions (default true). */
  grease?: boolean;
  /** Seed for random, session id and key share. */
  seed?: number;
}

function ext(type: number, body: Uint8Array): Uint8Array {
  return cat([u16(type), vec(2, body)]);
}

/** The ClientHello handshake message (type 1, with its 4-byte header), no record header. */
export function tlsClientHelloHandshake(o: ClientHelloOptions = {}): Uint8Array {
  const grease = o.grease ?? true;
  const versions = o.versions ?? ['1.3', '1.2'];
  const legacy = TLS_VERSION_CODES[o.legacyVersion ?? '1.2'];
  const rnd = pseudoRandomBytes(32 + 32 + 32, o.seed ?? 7);
  const suites = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
  const exts: Uint8Array[] = [];
  if (grease) exts.push(ext(0x1a1a, new Uint8Array(0)));
  if (o.sni !== undefined && o.sni !== null) {
    const host = enc.encode(o.sni);
    exts.push(ext(0, vec(2, cat([u8(0), vec(2, host)]))));
  }
  exts.push(ext(23, new Uint8Array(0))); // extended_master_secret
  exts.push(ext(0xff01, u8(0))); // renegotiation_info
  exts.push(ext(10, vec(2, u16list([...(grease ? [0x2a2a] : []), 0x001d, 0x0017, 0x0018])))); // supported_groups
  exts.push(ext(11, vec(1, u8(0)))); // ec_point_formats
  exts.push(ext(35, new Uint8Array(0))); // session_ticket
  if (o.alpn && o.alpn.length) exts.push(ext(16, vec(2, cat(o.alpn.map((p) => vec(1, enc.encode(p)))))));
  exts.push(ext(5, Uint8Array.of(1, 0, 0, 0, 0))); // status_request
  exts.push(ext(13, vec(2, u16list([0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601])))); // signature_algorithms
  exts.push(ext(18, new Uint8Array(0))); // signed_certificate_timestamp
  if (versions.includes('1.3')) {
    const share = cat([u16(0x001d), vec(2, rnd.subarray(64, 96))]);
    exts.push(ext(51, vec(2, cat([...(grease ? [cat([u16(0x2a2a), vec(2, u8(0))])] : []), share])))); // key_share
    exts.push(ext(45, vec(1, u8(1)))); // psk_key_exchange_modes
  }
  if (versions.length) {
    exts.push(ext(43, vec(1, u16list([...(grease ? [0x3a3a] : []), ...versions.map((v) => TLS_VERSION_CODES[v])]))));
  }
  if (grease) exts.push(ext(0x4a4a, u8(0)));
  const body = cat([
    u16(legacy),
    rnd.subarray(0, 32),
    vec(1, rnd.subarray(32, 64)),
    vec(2, u16list([...(grease ? [GREASE] : []), ...suites])),
    vec(1, u8(0)),
    vec(2, cat(exts)),
  ]);
  return cat([u8(1), vec(3, body)]);
}

/** TLS records (content type, record version 0x0301 for hellos) carrying `payload`, split at `maxFragment`. */
export function tlsRecords(type: number, payload: Uint8Array, version = 0x0301, maxFragment = 16384): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let o = 0; o < payload.length || (o === 0 && payload.length === 0); o += maxFragment) {
    const frag = payload.subarray(o, Math.min(payload.length, o + maxFragment));
    parts.push(cat([u8(type), u16(version), vec(2, frag)]));
    if (payload.length === 0) break;
  }
  return cat(parts);
}

/** A full TLS record carrying a realistic ClientHello (Chrome-like extensions). */
export function tlsClientHello(o: ClientHelloOptions = {}): Uint8Array {
  return tlsRecords(22, tlsClientHelloHandshake(o));
}

/** The ServerHello handshake message (type 2, with header). */
export function tlsServerHelloHandshake(o: { version: '1.0' | '1.1' | '1.2' | '1.3' | 'SSL3'; seed?: number }): Uint8Array {
  const rnd = pseudoRandomBytes(96, o.seed ?? 11);
  const tls13 = o.version === '1.3';
  const exts: Uint8Array[] = [];
  if (tls13) {
    exts.push(ext(51, cat([u16(0x001d), vec(2, rnd.subarray(64, 96))])));
    exts.push(ext(43, u16(0x0304)));
  } else {
    exts.push(ext(0xff01, u8(0)));
    exts.push(ext(11, vec(1, u8(0))));
  }
  const body = cat([
    u16(tls13 ? 0x0303 : TLS_VERSION_CODES[o.version]),
    rnd.subarray(0, 32),
    vec(1, rnd.subarray(32, 64)),
    u16(tls13 ? 0x1301 : 0xc02f),
    u8(0),
    vec(2, cat(exts)),
  ]);
  return cat([u8(2), vec(3, body)]);
}

/** A TLS record carrying a ServerHello that selects `version`. */
export function tlsServerHello(o: { version: '1.0' | '1.1' | '1.2' | '1.3' | 'SSL3'; seed?: number }): Uint8Array {
  const recVersion = o.version === '1.3' ? 0x0303 : TLS_VERSION_CODES[o.version];
  return tlsRecords(22, tlsServerHelloHandshake(o), recVersion);
}

/** `length` pseudo-random bytes in TLS application-data (0x17) records of up to 16 KiB. */
export function tlsApplicationData(length: number, seed = 3): Uint8Array {
  return tlsRecords(23, pseudoRandomBytes(length, seed), 0x0303);
}

/** An SSLv2-format ClientHello (2-byte header with the high bit set), offering up to `version`. */
export function sslv2ClientHello(version: 'SSL2' | 'SSL3' | '1.0' = '1.0'): Uint8Array {
  const ver = version === 'SSL2' ? 0x0002 : TLS_VERSION_CODES[version];
  const specs = Uint8Array.of(0x01, 0x00, 0x80, 0x07, 0x00, 0xc0, 0x00, 0x00, 0x2f, 0x00, 0x00, 0x35);
  const challenge = pseudoRandomBytes(16, 5);
  const body = cat([u8(1), u16(ver), u16(specs.length), u16(0), u16(challenge.length), specs, challenge]);
  return cat([u16(0x8000 | body.length), body]);
}

// ---------------------------------------------------------------- DNS

/** DNS type names -> numbers. */
export const DNS_TYPES: Record<string, number> = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, SVCB: 64, HTTPS: 65, ANY: 255,
};

class NameWriter {
  private readonly offsets = new Map<string, number>();
  /** Encodes `name` at stream offset `at`, pointing at the longest suffix already written when `compress`. */
  write(name: string, at: number, compress: boolean): Uint8Array {
    const labels = name.replace(/\.$/, '').split('.').filter((l) => l.length);
    const parts: Uint8Array[] = [];
    let pos = at;
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const prior = this.offsets.get(suffix);
      if (compress && prior !== undefined) {
        parts.push(u16(0xc000 | prior));
        return cat(parts);
      }
      if (pos < 0x3fff) this.offsets.set(suffix, pos);
      const l = enc.encode(labels[i]);
      parts.push(u8(l.length), l);
      pos += 1 + l.length;
    }
    parts.push(u8(0));
    return cat(parts);
  }
}

function ipv4(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}
function ipv6(text: string): Uint8Array {
  const [h, t] = text.split('::') as [string, string | undefined];
  const head = h ? h.split(':') : [];
  const tail = t ? t.split(':') : [];
  const groups = [...head, ...Array<string>(t === undefined ? 0 : 8 - head.length - tail.length).fill('0'), ...tail];
  return cat(groups.map((g) => u16(parseInt(g, 16))));
}

export interface DnsAnswer {
  name: string;
  type: 'A' | 'AAAA' | 'CNAME';
  /** Address text (A, AAAA) or target name (CNAME). */
  data: string;
  ttl: number;
}

function dnsMessage(o: { id: number; name: string; type: string; flags: number; answers: DnsAnswer[] }): Uint8Array {
  const qtype = DNS_TYPES[o.type] ?? Number(o.type.replace(/^TYPE/, ''));
  const w = new NameWriter();
  const parts: Uint8Array[] = [u16(o.id), u16(o.flags), u16(1), u16(o.answers.length), u16(0), u16(0)];
  let at = 12;
  const push = (b: Uint8Array): void => {
    parts.push(b);
    at += b.length;
  };
  push(w.write(o.name, at, false));
  push(cat([u16(qtype), u16(1)]));
  for (const a of o.answers) {
    push(w.write(a.name, at, true));
    push(cat([u16(DNS_TYPES[a.type]), u16(1), u32(a.ttl)]));
    if (a.type === 'CNAME') {
      const target = w.write(a.data, at + 2, true);
      push(cat([u16(target.length), target]));
    } else {
      const addr = a.type === 'A' ? ipv4(a.data) : ipv6(a.data);
      push(cat([u16(addr.length), addr]));
    }
  }
  return cat(parts);
}

/** A standard recursive DNS query with one question (class IN). */
export function dnsQuery(o: { id: number; name: string; type: string }): Uint8Array {
  return dnsMessage({ ...o, flags: 0x0100, answers: [] });
}

/** A DNS response (QR, RD, RA, NOERROR) echoing the question, answers name-compressed as servers do. */
export function dnsResponse(o: { id: number; name: string; type: string; answers: DnsAnswer[] }): Uint8Array {
  return dnsMessage({ ...o, flags: 0x8180 });
}

/** A DNS message framed for TCP (2-byte length prefix). */
export function dnsOverTcp(message: Uint8Array): Uint8Array {
  return vec(2, message);
}

// ---------------------------------------------------------------- HTTP

/** An HTTP/1.x request. `headers` are written in order; `body` (string or bytes) is appended as is. */
export function httpRequest(o: {
  method?: string;
  target?: string;
  version?: string;
  headers?: Array<[string, string]>;
  body?: Uint8Array | string;
}): Uint8Array {
  const head = `${o.method ?? 'GET'} ${o.target ?? '/'} ${o.version ?? 'HTTP/1.1'}\r\n${(o.headers ?? []).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  const body = typeof o.body === 'string' ? enc.encode(o.body) : (o.body ?? new Uint8Array(0));
  return cat([enc.encode(head), body]);
}

/** An HTTP/1.x response. */
export function httpResponse(o: {
  status?: number;
  reason?: string;
  version?: string;
  headers?: Array<[string, string]>;
  body?: Uint8Array | string;
}): Uint8Array {
  const head = `${o.version ?? 'HTTP/1.1'} ${o.status ?? 200} ${o.reason ?? 'OK'}\r\n${(o.headers ?? []).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  const body = typeof o.body === 'string' ? enc.encode(o.body) : (o.body ?? new Uint8Array(0));
  return cat([enc.encode(head), body]);
}

/** A body in chunked transfer coding, cut into chunks of `chunkSize`, with optional trailer lines. */
export function chunked(body: Uint8Array | string, chunkSize = 7, trailers: Array<[string, string]> = []): Uint8Array {
  const b = typeof body === 'string' ? enc.encode(body) : body;
  const parts: Uint8Array[] = [];
  for (let o = 0; o < b.length; o += chunkSize) {
    const c = b.subarray(o, Math.min(b.length, o + chunkSize));
    parts.push(enc.encode(`${c.length.toString(16)}\r\n`), c, enc.encode('\r\n'));
  }
  parts.push(enc.encode(`0\r\n${trailers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`));
  return cat(parts);
}

// ---------------------------------------------------------------- UDP infrastructure

/** An NTPv4 client request (mode 3), 48 bytes, with a transmit timestamp. */
export function ntpRequest(seed = 9): Uint8Array {
  const b = new Uint8Array(48);
  b[0] = (0 << 6) | (4 << 3) | 3;
  b[2] = 6; // poll
  b[3] = 0xe9; // precision -23
  const ts = pseudoRandomBytes(8, seed);
  b.set(u32(0xe9000000 + (ts[0] << 8)), 40);
  b.set(ts.subarray(4, 8), 44);
  return b;
}

/** An NTPv4 server response (mode 4, stratum 2). */
export function ntpResponse(seed = 9): Uint8Array {
  const b = ntpRequest(seed);
  b[0] = (4 << 3) | 4;
  b[1] = 2;
  b.set(Uint8Array.of(192, 0, 2, 1), 12);
  return b;
}

/** A DHCPDISCOVER (BOOTP request with the magic cookie and options 53, 61, 55, 12), padded to 300 bytes. */
export function dhcpDiscover(mac: string, hostname = 'device'): Uint8Array {
  const m = Uint8Array.from(mac.split(':').map((x) => parseInt(x, 16)));
  const b = new Uint8Array(240);
  b[0] = 1; // BOOTREQUEST
  b[1] = 1; // Ethernet
  b[2] = 6;
  b.set(u32(0x3903f326), 4); // xid
  b.set(u16(0x8000), 10); // broadcast flag
  b.set(m, 28);
  b.set(u32(0x63825363), 236);
  const host = enc.encode(hostname);
  const opts = cat([
    Uint8Array.of(53, 1, 1),
    cat([u8(61), u8(7), u8(1), m]),
    Uint8Array.of(55, 4, 1, 3, 6, 15),
    cat([u8(12), u8(host.length), host]),
    u8(255),
  ]);
  const msg = cat([b, opts]);
  return msg.length >= 300 ? msg : cat([msg, new Uint8Array(300 - msg.length)]);
}

// ---------------------------------------------------------------- other

/** An MQTT 3.1.1 CONNECT packet (clean session, keep-alive 60). */
export function mqttConnect(clientId: string, protocolName: 'MQTT' | 'MQIsdp' = 'MQTT'): Uint8Array {
  const level = protocolName === 'MQTT' ? 4 : 3;
  const vh = cat([vec(2, enc.encode(protocolName)), u8(level), u8(0x02), u16(60)]);
  const payload = vec(2, enc.encode(clientId));
  return mqttPacket(0x10, cat([vh, payload]));
}

/** An SSH identification line (RFC 4253 section 4.2). */
export function sshBanner(software = 'OpenSSH_9.6'): Uint8Array {
  return enc.encode(`SSH-2.0-${software}\r\n`);
}

/** A DTLS 1.2 record (epoch 0) carrying a ClientHello with an empty cookie and SNI. */
export function dtlsClientHello(o: { sni?: string; seed?: number } = {}): Uint8Array {
  const rnd = pseudoRandomBytes(32, o.seed ?? 13);
  const exts: Uint8Array[] = [];
  if (o.sni) exts.push(ext(0, vec(2, cat([u8(0), vec(2, enc.encode(o.sni))]))));
  exts.push(ext(10, vec(2, u16list([0x001d, 0x0017]))));
  exts.push(ext(13, vec(2, u16list([0x0403, 0x0804]))));
  const body = cat([u16(0xfefd), rnd, vec(1, new Uint8Array(0)), vec(1, new Uint8Array(0)), vec(2, u16list([0xc02b, 0xc02f])), vec(1, u8(0)), vec(2, cat(exts))]);
  // handshake: type, length, message_seq, fragment_offset, fragment_length
  const hs = cat([u8(1), u24(body.length), u16(0), u24(0), u24(body.length), body]);
  return cat([u8(22), u16(0xfefd), u16(0), u16(0), u32(0), vec(2, hs)]);
}

/**
 * A QUIC long-header Initial packet (version 1 or 2), padded to 1200 bytes.
 * The protected payload is pseudo-random, so tshark recognises the header but
 * reports that it cannot decrypt the payload.
 */
export function quicInitial(version: 1 | 2 = 1, seed = 17): Uint8Array {
  const v = version === 1 ? 0x00000001 : 0x6b3343cf;
  const typeBits = version === 1 ? 0 : 1; // Initial is 0b00 in v1, 0b01 in v2
  const dcid = pseudoRandomBytes(8, seed);
  const scid = pseudoRandomBytes(8, seed + 1);
  const first = 0xc0 | (typeBits << 4) | 0x03;
  const payloadLen = 1200 - (1 + 4 + 1 + 8 + 1 + 8 + 1 + 2);
  const hdr = cat([u8(first), u32(v), vec(1, dcid), vec(1, scid), u8(0), u16(0x4000 | payloadLen)]);
  return cat([hdr, pseudoRandomBytes(payloadLen, seed + 2)]);
}

// ---------------------------------------------------------------- QUIC with real Initial protection

/** A QUIC variable-length integer (RFC 9000 section 16), in the shortest encoding. */
export function quicVarint(n: number): Uint8Array {
  if (n < 0x40) return u8(n);
  if (n < 0x4000) return u16(0x4000 | n);
  if (n < 0x40000000) return u32((0x80000000 | n) >>> 0);
  return cat([u32(0xc0000000 + Math.floor(n / 2 ** 32)), u32(n % 2 ** 32)]);
}

/** A CRYPTO frame (type 0x06) carrying `data` at stream `offset`. */
export function quicCryptoFrame(offset: number, data: Uint8Array): Uint8Array {
  return cat([u8(0x06), quicVarint(offset), quicVarint(data.length), data]);
}

export interface QuicInitialPacketOptions {
  version?: 1 | 2;
  dcid: Uint8Array;
  scid: Uint8Array;
  /** The connection id the Initial secrets come from (default `dcid`; a server uses the client's). */
  keyDcid?: Uint8Array;
  /** Sent by the server: "server in" secret (default false). */
  server?: boolean;
  packetNumber?: number;
  token?: Uint8Array;
  /** PADDING frames are added so the whole packet has at least this size (default 1200 for a client, 0 for a server). */
  padTo?: number;
}

const QUIC_SALTS = { 1: '38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 2: '0dede3def700a6db819381be6e269dcbf9bd2ed9' } as const;

function hkdfLabel(secret: Buffer, label: string, length: number): Buffer {
  const info = cat([u16(length), vec(1, enc.encode(`tls13 ${label}`)), u8(0)]);
  return createHmac('sha256', secret).update(info).update(u8(1)).digest().subarray(0, length);
}

/**
 * A QUIC Initial packet protected as RFC 9001 section 5 (v1) or RFC 9369
 * (v2) says: AES-128-GCM payload, AES-128-ECB header protection, 4-byte
 * packet number. `frames` is the plaintext payload.
 */
export function quicProtectedInitial(frames: Uint8Array, o: QuicInitialPacketOptions): Uint8Array {
  const version = o.version ?? 1;
  const pn = o.packetNumber ?? 0;
  const secret0 = createHmac('sha256', Buffer.from(QUIC_SALTS[version], 'hex')).update(o.keyDcid ?? o.dcid).digest();
  const secret = hkdfLabel(secret0, o.server ? 'server in' : 'client in', 32);
  const prefix = version === 1 ? 'quic' : 'quicv2';
  const key = hkdfLabel(secret, `${prefix} key`, 16);
  const iv = hkdfLabel(secret, `${prefix} iv`, 12);
  const hp = hkdfLabel(secret, `${prefix} hp`, 16);
  const first = 0xc0 | ((version === 1 ? 0 : 1) << 4) | 0x03;
  const headStart = cat([u8(first), u32(version === 1 ? 1 : 0x6b3343cf), vec(1, o.dcid), vec(1, o.scid), quicVarint(o.token?.length ?? 0), o.token ?? new Uint8Array(0)]);
  const padTo = o.padTo ?? (o.server ? 0 : 1200);
  // header + 2-byte length + 4-byte pn + payload + 16-byte tag
  const payload = cat([frames, new Uint8Array(Math.max(0, padTo - (headStart.length + 2 + 4 + frames.length + 16), 20 - frames.length))]);
  const header = cat([headStart, u16(0x4000 | (4 + payload.length + 16)), u32(pn)]);
  const nonce = Buffer.from(iv);
  for (let i = 0; i < 4; i++) nonce[11 - i] ^= (pn >>> (8 * i)) & 0xff;
  const c = createCipheriv('aes-128-gcm', key, nonce);
  c.setAAD(header);
  const packet = cat([header, c.update(payload), c.final(), c.getAuthTag()]);
  const pnAt = header.length - 4;
  const ecb = createCipheriv('aes-128-ecb', hp, null).setAutoPadding(false);
  const mask = ecb.update(packet.subarray(pnAt + 4, pnAt + 20));
  packet[0] ^= mask[0] & 0x0f;
  for (let i = 0; i < 4; i++) packet[pnAt + i] ^= mask[1 + i];
  return packet;
}

/**
 * The client's first flight: a ClientHello (TLS 1.3 only, with SNI/ALPN)
 * split into `pieces` CRYPTO frames of about equal size, one per Initial
 * packet (one datagram each, padded to 1200 bytes), sent in `order` (indexes
 * of the pieces; default in order). Packet numbers count up from 0.
 */
export function quicClientInitials(o: { version?: 1 | 2; sni?: string; alpn?: string[]; seed?: number; pieces?: number; order?: number[]; dcid?: Uint8Array; scid?: Uint8Array } = {}): Uint8Array[] {
  const hello = tlsClientHelloHandshake({ sni: o.sni, alpn: o.alpn ?? ['h3'], versions: ['1.3'], seed: o.seed });
  const n = o.pieces ?? 1;
  const size = Math.ceil(hello.length / n);
  const dcid = o.dcid ?? pseudoRandomBytes(8, (o.seed ?? 7) + 100);
  const scid = o.scid ?? pseudoRandomBytes(8, (o.seed ?? 7) + 200);
  const order = o.order ?? [...Array(n).keys()];
  return order.map((i, packetNumber) =>
    quicProtectedInitial(quicCryptoFrame(i * size, hello.subarray(i * size, Math.min(hello.length, (i + 1) * size))), { version: o.version, dcid, scid, packetNumber }),
  );
}

/** A Version Negotiation packet (RFC 9000 section 17.2.1) listing `versions`. */
export function quicVersionNegotiation(dcid: Uint8Array, scid: Uint8Array, versions: number[] = [1, 0x6b3343cf]): Uint8Array {
  return cat([u8(0x80 | 0x2a), u32(0), vec(1, dcid), vec(1, scid), ...versions.map(u32)]);
}

/** A Retry packet (RFC 9000 section 17.2.5) with `token` and a (not verified) 16-byte integrity tag. */
export function quicRetry(o: { version?: 1 | 2; dcid: Uint8Array; scid: Uint8Array; token: Uint8Array }): Uint8Array {
  const version = o.version ?? 1;
  const first = 0xc0 | ((version === 1 ? 3 : 0) << 4);
  return cat([u8(first), u32(version === 1 ? 1 : 0x6b3343cf), vec(1, o.dcid), vec(1, o.scid), o.token, pseudoRandomBytes(16, 99)]);
}

// ---------------------------------------------------------------- MQTT packets beyond CONNECT

/** An MQTT control packet: fixed header byte, remaining-length varint (MQTT 3.1.1 section 2.2.3), body. */
export function mqttPacket(first: number, body: Uint8Array): Uint8Array {
  const len: number[] = [];
  let n = body.length;
  do {
    let d = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) d |= 0x80;
    len.push(d);
  } while (n > 0);
  return cat([u8(first), Uint8Array.from(len), body]);
}

function mqttString(s: string | Uint8Array): Uint8Array {
  return vec(2, typeof s === 'string' ? enc.encode(s) : s);
}

/** MQTT 5 properties: a varint length then the raw property bytes (empty by default). */
function mqttProps(props: Uint8Array = new Uint8Array(0)): Uint8Array {
  return mqttPacket(0, props).subarray(1);
}

export interface MqttConnectOptions {
  clientId: string;
  /** 4 (3.1.1, default) or 5. */
  level?: 4 | 5;
  keepAlive?: number;
  username?: string;
  password?: string | Uint8Array;
  will?: { topic: string; payload: string | Uint8Array; qos?: 0 | 1 | 2; retain?: boolean };
  cleanStart?: boolean;
  /** MQTT 5 CONNECT properties, raw (e.g. 0x11 session expiry). */
  properties?: Uint8Array;
}

/** A full MQTT 3.1.1 or 5 CONNECT (MQTT 5.0 section 3.1): will, username and password as given. */
export function mqttConnectFull(o: MqttConnectOptions): Uint8Array {
  const v5 = o.level === 5;
  let flags = o.cleanStart === false ? 0 : 0x02;
  if (o.will) flags |= 0x04 | ((o.will.qos ?? 0) << 3) | (o.will.retain ? 0x20 : 0);
  if (o.password !== undefined) flags |= 0x40;
  if (o.username !== undefined) flags |= 0x80;
  const parts = [mqttString('MQTT'), u8(o.level ?? 4), u8(flags), u16(o.keepAlive ?? 60)];
  if (v5) parts.push(mqttProps(o.properties));
  parts.push(mqttString(o.clientId));
  if (o.will) {
    if (v5) parts.push(mqttProps(Uint8Array.of(0x01, 0x01))); // payload format indicator: UTF-8
    parts.push(mqttString(o.will.topic), mqttString(o.will.payload));
  }
  if (o.username !== undefined) parts.push(mqttString(o.username));
  if (o.password !== undefined) parts.push(mqttString(o.password));
  return mqttPacket(0x10, cat(parts));
}

/** An MQTT PUBLISH (section 3.3): packet id for QoS 1 and 2, properties when `v5`. */
export function mqttPublish(o: { topic: string; payload: string | Uint8Array; qos?: 0 | 1 | 2; packetId?: number; retain?: boolean; v5?: boolean; properties?: Uint8Array }): Uint8Array {
  const qos = o.qos ?? 0;
  const payload = typeof o.payload === 'string' ? enc.encode(o.payload) : o.payload;
  const parts = [mqttString(o.topic)];
  if (qos > 0) parts.push(u16(o.packetId ?? 1));
  if (o.v5) parts.push(mqttProps(o.properties));
  parts.push(payload);
  return mqttPacket(0x30 | (qos << 1) | (o.retain ? 1 : 0), cat(parts));
}

/** An MQTT SUBSCRIBE (section 3.8) of `topics`, each with its options byte (QoS). */
export function mqttSubscribe(o: { packetId?: number; topics: Array<[string, number]>; v5?: boolean }): Uint8Array {
  const parts = [u16(o.packetId ?? 1)];
  if (o.v5) parts.push(mqttProps());
  for (const [t, opts] of o.topics) parts.push(mqttString(t), u8(opts));
  return mqttPacket(0x82, cat(parts));
}
