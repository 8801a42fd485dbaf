/**
 * DNS message decoding (RFC 1035 section 4): header, questions and answer
 * records. Every length is checked before it is read; compression pointers
 * are followed only to offsets strictly below every position visited so far,
 * so a pointer loop is impossible; names are capped at 255 bytes of wire
 * form and 127 labels. Failures are returned as weird names, never thrown.
 */
import type { DnsRecord } from './types.js';
import { ipv4Text, ipv6Text, u16, u32 } from './bytes.js';

/** Type numbers -> mnemonic; anything else is written "TYPEnn" (RFC 3597). */
const TYPE_NAMES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA',
  33: 'SRV', 35: 'NAPTR', 39: 'DNAME', 41: 'OPT', 43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY',
  64: 'SVCB', 65: 'HTTPS', 255: 'ANY',
};

/** The mnemonic of a DNS type number ("A", "HTTPS", "TYPE999"). */
export function dnsTypeName(t: number): string {
  return TYPE_NAMES[t] ?? `TYPE${t}`;
}

/** Longest name in wire form (RFC 1035 section 3.1). */
export const MAX_NAME_WIRE = 255;
/** Most labels a name of 255 bytes can hold. */
export const MAX_LABELS = 127;
/** Questions and answers decoded per message at most (more is counted as a weird). */
export const MAX_RECORDS = 256;

export type NameResult = { ok: true; name: string; next: number } | { ok: false; weird: string };

function labelText(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c === 0x2e || c === 0x5c) s += '\\' + String.fromCharCode(c);
    else if (c > 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\' + c.toString().padStart(3, '0');
  }
  return s;
}

/**
 * Decodes the (possibly compressed) name at `offset` of message `b`.
 * `next` is the offset after the name's bytes at its own position.
 */
export function readName(b: Uint8Array, offset: number): NameResult {
  let pos = offset;
  let floor = offset;
  let next = -1;
  let wire = 1;
  let labels = 0;
  let name = '';
  for (;;) {
    if (pos >= b.length) return { ok: false, weird: 'dns_truncated' };
    const len = b[pos];
    if (len === 0) {
      if (next < 0) next = pos + 1;
      return { ok: true, name, next };
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 2 > b.length) return { ok: false, weird: 'dns_truncated' };
      const target = u16(b, pos) & 0x3fff;
      if (target >= floor) return { ok: false, weird: 'dns_bad_pointer' };
      if (next < 0) next = pos + 2;
      floor = target;
      pos = target;
      continue;
    }
    if (kind !== 0) return { ok: false, weird: 'dns_bad_label_type' };
    if (pos + 1 + len > b.length) return { ok: false, weird: 'dns_truncated' };
    wire += len + 1;
    labels++;
    if (wire > MAX_NAME_WIRE) return { ok: false, weird: 'dns_name_too_long' };
    if (labels > MAX_LABELS) return { ok: false, weird: 'dns_too_many_labels' };
    name += (name ? '.' : '') + labelText(b, pos + 1, pos + 1 + len);
    pos += 1 + len;
  }
}

/** A decoded DNS message (the parts the analysis uses). */
export interface DnsMessage {
  id: number;
  response: boolean;
  opcode: number;
  rcode: number;
  /** First question's name and type ("" when there is none). */
  name: string;
  qtype: string;
  answers: DnsRecord[];
  /** Weirds met while decoding; the fields above hold what was read before them. */
  weirds: string[];
  /** False when even the questions could not be read. */
  questionOk: boolean;
}

/** Header counts and flags at `offset` (12 bytes), or null when short. */
export function readHeader(b: Uint8Array, offset = 0): { id: number; flags: number; qd: number; an: number; ns: number; ar: number } | null {
  if (offset + 12 > b.length) return null;
  return {
    id: u16(b, offset),
    flags: u16(b, offset + 2),
    qd: u16(b, offset + 4),
    an: u16(b, offset + 6),
    ns: u16(b, offset + 8),
    ar: u16(b, offset + 10),
  };
}

function rdataText(b: Uint8Array, type: number, at: number, len: number): { data: string; weird?: string } {
  if (type === 1) return len === 4 ? { data: ipv4Text(b, at) } : { data: '', weird: 'dns_bad_rdata_length' };
  if (type === 28) return len === 16 ? { data: ipv6Text(b, at) } : { data: '', weird: 'dns_bad_rdata_length' };
  if (type === 5 || type === 12 || type === 2) {
    const n = readName(b.subarray(0, at + len), at);
    return n.ok ? { data: n.name } : { data: '', weird: n.weird };
  }
  return { data: '' };
}

/** Decodes the DNS message `b` (one UDP datagram, or one TCP message without its length prefix). */
export function decodeDnsMessage(b: Uint8Array): DnsMessage {
  const msg: DnsMessage = { id: 0, response: false, opcode: 0, rcode: 0, name: '', qtype: '', answers: [], weirds: [], questionOk: false };
  const h = readHeader(b);
  if (!h) {
    msg.weirds.push('dns_truncated');
    return msg;
  }
  msg.id = h.id;
  msg.response = (h.flags & 0x8000) !== 0;
  msg.opcode = (h.flags >> 11) & 0x0f;
  msg.rcode = h.flags & 0x0f;
  let pos = 12;
  if (h.qd > MAX_RECORDS || h.an > MAX_RECORDS) msg.weirds.push('dns_too_many_records');
  const qd = Math.min(h.qd, MAX_RECORDS);
  for (let i = 0; i < qd; i++) {
    const n = readName(b, pos);
    if (!n.ok) {
      msg.weirds.push(n.weird);
      return msg;
    }
    if (n.next + 4 > b.length) {
      msg.weirds.push('dns_truncated');
      return msg;
    }
    if (i === 0) {
      msg.name = n.name;
      msg.qtype = dnsTypeName(u16(b, n.next));
    }
    pos = n.next + 4;
  }
  msg.questionOk = true;
  const an = Math.min(h.an, MAX_RECORDS);
  for (let i = 0; i < an; i++) {
    const n = readName(b, pos);
    if (!n.ok) {
      msg.weirds.push(n.weird);
      return msg;
    }
    if (n.next + 10 > b.length) {
      msg.weirds.push('dns_truncated');
      return msg;
    }
    const type = u16(b, n.next);
    const ttl = u32(b, n.next + 4);
    const rdlen = u16(b, n.next + 8);
    const at = n.next + 10;
    if (at + rdlen > b.length) {
      msg.weirds.push('dns_truncated');
      return msg;
    }
    const r = rdataText(b, type, at, rdlen);
    if (r.weird) msg.weirds.push(r.weird);
    msg.answers.push({ name: n.name, type: dnsTypeName(type), data: r.data, ttl });
    pos = at + rdlen;
  }
  return msg;
}

/**
 * Strict plausibility of a DNS header at `offset` of `b` whose message is
 * `size` bytes: a standard opcode (QUERY, IQUERY, STATUS, NOTIFY, UPDATE),
 * 0..16 questions, record counts that fit in the message, and for a query
 * exactly one question and no answers.
 */
export function plausibleDnsHeader(b: Uint8Array, offset: number, size: number): boolean {
  const h = readHeader(b, offset);
  if (!h || size < 12) return false;
  const opcode = (h.flags >> 11) & 0x0f;
  if (opcode === 3 || opcode > 5) return false;
  if (h.qd > 16) return false;
  const response = (h.flags & 0x8000) !== 0;
  if (!response && (h.qd === 0 || h.an > 16)) return false;
  // Smallest question: root name + type + class = 5 bytes; smallest record: 11 bytes.
  return 12 + h.qd * 5 + (h.an + h.ns + h.ar) * 11 <= size;
}
