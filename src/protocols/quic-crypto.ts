/**
 * QUIC Initial packet protection (RFC 9001 section 5, RFC 9369 section 3.3):
 * the Initial secrets derived with HKDF-SHA256 from the version's salt and
 * the client's Destination Connection ID, header protection with
 * AES-128-ECB on a 16-byte sample, and AEAD_AES_128_GCM. Only Initial
 * packets can be opened this way; nothing else is ever decrypted. Uses
 * node:crypto only. Failures return null, never throw.
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';

/** Keys of one direction of the Initial packet number space. */
export interface InitialKeys {
  key: Buffer;
  iv: Buffer;
  hp: Buffer;
}

/** Client and server Initial keys of one connection. */
export interface InitialKeyPair {
  client: InitialKeys;
  server: InitialKeys;
}

interface VersionParams {
  salt: Buffer;
  /** Label prefix: "quic" (v1 and drafts) or "quicv2". */
  labels: string;
}

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const V1: VersionParams = { salt: hex('38762cf7f55934b34d179ae6a4c80cadccbb7f0a'), labels: 'quic' };
const V2: VersionParams = { salt: hex('0dede3def700a6db819381be6e269dcbf9bd2ed9'), labels: 'quicv2' };
const DRAFT_23: VersionParams = { salt: hex('c3eef712c72ebb5a11a7d2432bb46365bef9f502'), labels: 'quic' };
const DRAFT_29: VersionParams = { salt: hex('afbfec289993d24c9e9786f19c6111e04390a899'), labels: 'quic' };

/** Initial-protection parameters per wire version (IETF drafts 23-32 and Facebook's mvfst drafts too). */
function versionParams(version: number): VersionParams | null {
  if (version === 0x00000001) return V1;
  if (version === 0x6b3343cf) return V2;
  if (version >>> 8 === 0xff0000) {
    const draft = version & 0xff;
    if (draft >= 23 && draft <= 28) return DRAFT_23;
    if (draft >= 29 && draft <= 32) return DRAFT_29;
    return null;
  }
  if (version === 0xfaceb002) return DRAFT_23; // mvfst draft-27
  if (version === 0xfaceb00e) return DRAFT_29; // mvfst draft-29
  return null;
}

/** HKDF-Expand (RFC 5869) of at most 32 bytes: one HMAC block. */
function expand(prk: Buffer, info: Buffer, length: number): Buffer {
  return createHmac('sha256', prk).update(info).update(Uint8Array.of(1)).digest().subarray(0, length);
}

/** HKDF-Expand-Label (RFC 8446 section 7.1) with an empty context. */
export function hkdfExpandLabel(secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.alloc(2 + 1 + full.length + 1);
  info.writeUInt16BE(length, 0);
  info[2] = full.length;
  full.copy(info, 3);
  info[3 + full.length] = 0;
  return expand(secret, info, length);
}

function keysFrom(secret: Buffer, labels: string): InitialKeys {
  return {
    key: hkdfExpandLabel(secret, `${labels} key`, 16),
    iv: hkdfExpandLabel(secret, `${labels} iv`, 12),
    hp: hkdfExpandLabel(secret, `${labels} hp`, 16),
  };
}

/** The client and server Initial secrets (32 bytes each), or null for a version without known Initial salt. */
export function initialSecrets(version: number, dcid: Uint8Array): { client: Buffer; server: Buffer } | null {
  const p = versionParams(version);
  if (!p) return null;
  const initial = createHmac('sha256', p.salt).update(dcid).digest();
  return { client: hkdfExpandLabel(initial, 'client in', 32), server: hkdfExpandLabel(initial, 'server in', 32) };
}

/** The Initial keys of both directions for `version` and the client's first Destination Connection ID. */
export function initialKeys(version: number, dcid: Uint8Array): InitialKeyPair | null {
  const p = versionParams(version);
  const s = initialSecrets(version, dcid);
  if (!p || !s) return null;
  return { client: keysFrom(s.client, p.labels), server: keysFrom(s.server, p.labels) };
}

/** The 5-byte header protection mask for a 16-byte `sample`. */
export function headerMask(hp: Buffer, sample: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-ecb', hp, null);
  c.setAutoPadding(false);
  return c.update(sample).subarray(0, 5);
}

/** RFC 9000 appendix A.3: the full packet number from its truncated form and the largest one seen (-1 for none). */
export function decodePacketNumber(largest: number, truncated: number, bits: number): number {
  const expected = largest + 1;
  const win = 2 ** bits;
  const half = win / 2;
  const candidate = expected - (expected % win) + truncated;
  if (candidate <= expected - half && candidate < 2 ** 62 - win) return candidate + win;
  if (candidate > expected + half && candidate >= win) return candidate - win;
  return candidate;
}

/** An opened Initial packet: the packet number and the plaintext frames. */
export interface OpenedPacket {
  packetNumber: number;
  payload: Buffer;
}

/**
 * Opens the long-header packet `b[start, end)` whose packet number starts at
 * `pnOffset`: removes header protection, then decrypts and authenticates the
 * payload. `largest` is the largest packet number seen so far in this
 * direction (-1 for none). Returns null when the packet is too short for a
 * sample or fails authentication. `b` is not modified.
 */
export function openInitial(b: Uint8Array, start: number, pnOffset: number, end: number, keys: InitialKeys, largest: number): OpenedPacket | null {
  if (pnOffset + 4 + 16 > end || end > b.length) return null;
  try {
    const mask = headerMask(keys.hp, b.subarray(pnOffset + 4, pnOffset + 20));
    const first = b[start] ^ (mask[0] & 0x0f);
    const pnLen = (first & 0x03) + 1;
    const header = Buffer.from(b.subarray(start, pnOffset + pnLen));
    header[0] = first;
    let truncated = 0;
    for (let i = 0; i < pnLen; i++) {
      const v = b[pnOffset + i] ^ mask[1 + i];
      header[pnOffset - start + i] = v;
      truncated = truncated * 256 + v;
    }
    const packetNumber = decodePacketNumber(largest, truncated, pnLen * 8);
    const nonce = Buffer.from(keys.iv);
    let pn = packetNumber;
    for (let i = 11; i >= 4 && pn > 0; i--) {
      nonce[i] ^= pn % 256;
      pn = Math.floor(pn / 256);
    }
    const bodyStart = pnOffset + pnLen;
    if (end - bodyStart < 16) return null;
    const d = createDecipheriv('aes-128-gcm', keys.key, nonce);
    d.setAAD(header);
    d.setAuthTag(b.subarray(end - 16, end));
    const payload = Buffer.concat([d.update(b.subarray(bodyStart, end - 16)), d.final()]);
    return { packetNumber, payload };
  } catch {
    return null;
  }
}
