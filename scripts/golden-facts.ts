/**
 * Turns tshark's output into golden facts (see test/golden/golden-format.ts):
 * the packet list of `-T fields`, the conversation tables of `-z conv`, and
 * the dissection trees of `-T json --no-duplicate-keys`.
 */
import type { GoldenDns, GoldenDnsAnswer, GoldenHello, GoldenHttp } from '../test/golden/golden-format.js';

/** A node of tshark's JSON tree: strings, arrays (repeated keys) and objects. */
type Node = string | Node[] | { [key: string]: Node };

/** The display filter for the JSON pass: only frames that carry a fact. */
export const FACT_FILTER = 'dns || mdns || llmnr || tls.handshake.type == 1 || dtls.handshake.type == 1 || http.request';

/** Frame count and non-packet frames, from `-T fields -e frame.number -e frame.encap_type` lines. */
export function parseFrameList(out: string): { frames: number; nonPacket: number[] } {
  let frames = 0;
  const nonPacket: number[] = [];
  for (const line of out.split('\n')) {
    const m = /^(\d+)\t(.*)$/.exec(line);
    if (!m) continue;
    frames++;
    if (m[2].trim() === '') nonPacket.push(Number(m[1]));
  }
  return { frames, nonPacket };
}

/** Number of conversations in each `-z conv,tcp|udp` table. */
export function parseConversations(out: string): { tcp: number; udp: number } {
  const counts = { tcp: 0, udp: 0 };
  let current: 'tcp' | 'udp' | null = null;
  for (const line of out.split('\n')) {
    if (/^TCP Conversations/.test(line)) current = 'tcp';
    else if (/^UDP Conversations/.test(line)) current = 'udp';
    else if (current && line.includes('<->')) counts[current]++;
  }
  return counts;
}

/** The values of a node as a list (repeated keys become arrays). */
function many(n: Node | undefined): Node[] {
  if (n === undefined) return [];
  return Array.isArray(n) ? n : [n];
}

function isObject(n: Node | undefined): n is { [key: string]: Node } {
  return typeof n === 'object' && n !== null && !Array.isArray(n);
}

/** Every string value under `key` anywhere below `n`, in document order. */
function collect(n: Node | undefined, key: string, out: string[] = []): string[] {
  if (Array.isArray(n)) for (const x of n) collect(x, key, out);
  else if (isObject(n)) {
    for (const [k, v] of Object.entries(n)) {
      if (k !== key) collect(v, key, out);
      else for (const s of many(v)) if (typeof s === 'string') out.push(s);
    }
  }
  return out;
}

/** Objects below `n` (n included) that have `key` equal to `value`. */
function objectsWith(n: Node | undefined, key: string, value: string, out: Array<{ [key: string]: Node }> = []): Array<{ [key: string]: Node }> {
  if (Array.isArray(n)) for (const x of n) objectsWith(x, key, value, out);
  else if (isObject(n)) {
    if (many(n[key]).includes(value)) out.push(n);
    else for (const v of Object.values(n)) objectsWith(v, key, value, out);
  }
  return out;
}

const ANSWER_FIELDS: Array<[string, GoldenDnsAnswer['type']]> = [
  ['dns.a', 'A'],
  ['dns.aaaa', 'AAAA'],
  ['dns.cname', 'CNAME'],
  ['dns.ptr.domain_name', 'PTR'],
  ['dns.ns', 'NS'],
];

/** One DNS layer (a message) -> its golden fact. */
function dnsFact(frame: number, protocol: string, layer: Node): GoldenDns | null {
  if (!isObject(layer)) return null;
  const flags = collect(layer['dns.flags_tree'], 'dns.flags.response');
  const queries = collect(layer.Queries, 'dns.qry.name');
  const answers: GoldenDnsAnswer[] = [];
  for (const section of many(layer.Answers)) {
    if (!isObject(section)) continue;
    for (const rrs of Object.values(section)) {
      for (const rr of many(rrs)) {
        if (!isObject(rr)) continue;
        for (const [field, type] of ANSWER_FIELDS) for (const v of many(rr[field])) if (typeof v === 'string') answers.push({ type, data: v });
      }
    }
  }
  return { frame, protocol, name: queries[0] ?? '', response: flags[0] === '1', answers };
}

/** ClientHellos below a TLS or DTLS layer. */
function hellos(frame: number, layer: Node, proto: 'tls' | 'dtls'): GoldenHello[] {
  return objectsWith(layer, `${proto}.handshake.type`, '1').map((h) => ({
    frame,
    sni: collect(h, `${proto}.handshake.extensions_server_name`)[0] ?? null,
    alpn: collect(h, `${proto}.handshake.extensions_alpn_str`),
  }));
}

/** HTTP requests in one HTTP layer (several when pipelined in one frame). */
function httpFacts(frame: number, layer: Node): GoldenHttp[] {
  const facts: GoldenHttp[] = [];
  for (const l of many(layer)) {
    if (!isObject(l)) continue;
    const methods = collect(l, 'http.request.method');
    if (!methods.length) continue;
    facts.push({
      frame,
      method: methods[0],
      host: collect(l, 'http.host')[0] ?? null,
      path: collect(l, 'http.request.uri')[0] ?? '',
    });
  }
  return facts;
}

/** The facts of the frames in a `-T json --no-duplicate-keys` document. */
export function parseFacts(json: string): { dns: GoldenDns[]; tls: GoldenHello[]; dtls: GoldenHello[]; quic: GoldenHello[]; http: GoldenHttp[] } {
  const facts = { dns: [] as GoldenDns[], tls: [] as GoldenHello[], dtls: [] as GoldenHello[], quic: [] as GoldenHello[], http: [] as GoldenHttp[] };
  const trimmed = json.trim();
  if (!trimmed) return facts;
  const packets = JSON.parse(trimmed.endsWith(']') ? trimmed : `${trimmed}]`) as Node[];
  for (const p of packets) {
    if (!isObject(p) || !isObject(p._source) || !isObject(p._source.layers)) continue;
    const layers = p._source.layers;
    const frame = Number(collect(layers.frame, 'frame.number')[0]);
    for (const proto of ['dns', 'mdns', 'llmnr']) {
      for (const layer of many(layers[proto])) {
        const f = dnsFact(frame, proto, layer);
        if (f) facts.dns.push(f);
      }
    }
    // QUIC carries its TLS handshake inside the quic layer (CRYPTO frames).
    facts.quic.push(...hellos(frame, layers.quic, 'tls'));
    facts.tls.push(...hellos(frame, layers.tls, 'tls'));
    facts.dtls.push(...hellos(frame, layers.dtls, 'dtls'));
    facts.http.push(...httpFacts(frame, layers.http));
  }
  return facts;
}
