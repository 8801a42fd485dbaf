/**
 * Puts leakspec's analysis and tshark's golden facts side by side, fact by
 * fact, in one comparable form: sorted lines of text, so a difference prints
 * as the lines only one side has.
 */
import type { CaptureAnalysis } from '../../src/analysis/index.js';
import type { GoldenFile, GoldenHttp } from './golden-format.js';

/** The facts compared per capture. */
export const FACTS = ['packets', 'frame-numbers', 'dns', 'tls', 'dtls', 'quic', 'http', 'conv-tcp', 'conv-udp'] as const;
export type Fact = (typeof FACTS)[number];

/** One fact of one capture as leakspec and tshark see it. */
export interface FactPair {
  fact: Fact;
  leakspec: string[];
  tshark: string[];
}

/** The comparison of one fact: equal, or the lines only one side has. */
export interface FactDiff {
  fact: Fact;
  equal: boolean;
  onlyLeakspec: string[];
  onlyTshark: string[];
}

const sorted = (xs: string[]): string[] => [...xs].sort();

function hello(frame: number, sni: string | null, alpn: string[]): string {
  return `${frame} sni=${sni ?? '-'} alpn=${alpn.join(',')}`;
}

/** Host without port, lower case (the form leakspec reports). */
function hostOnly(h: string): string {
  const v = h.trim().toLowerCase();
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    return end > 0 ? v.slice(1, end) : v;
  }
  const colon = v.indexOf(':');
  return colon >= 0 && v.indexOf(':', colon + 1) < 0 ? v.slice(0, colon) : v;
}

/** tshark's request line and Host header in leakspec's terms (absolute-form URIs and CONNECT give the host). */
function goldenHttp(h: GoldenHttp): string {
  const abs = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)(.*)$/.exec(h.path);
  let host = h.host === null ? null : hostOnly(h.host);
  let path = h.path;
  if (abs) {
    host = hostOnly(abs[1]);
    path = abs[2] === '' ? '/' : abs[2];
  } else if (h.method === 'CONNECT' && /^[^/?#\s]+$/.test(h.path)) {
    host = hostOnly(h.path);
  }
  return `${h.frame} ${h.method} ${host ?? '-'} ${path}`;
}

function dnsLine(frame: number, name: string, answers: string[]): string {
  return `${frame} ${name || '-'} -> ${answers.join(',') || '-'}`;
}

/**
 * Each fact from both sides. `frameIndices` are the frame numbers leakspec's
 * reader gives the capture's packets (checked against tshark's numbering).
 */
export function factPairs(a: CaptureAnalysis, g: GoldenFile, frameIndices: number[]): FactPair[] {
  const flowById = new Map(a.flows.map((f) => [f.id, f]));
  const helloFrom = (kind: 'tls' | 'dtls' | 'quic'): string[] =>
    a.tls
      .filter((t) => {
        const flow = flowById.get(t.flow);
        if (kind === 'tls') return flow?.transport !== 'udp';
        return flow?.transport === 'udp' && (kind === 'quic' ? flow.protocol === 'quic' : flow.protocol !== 'quic');
      })
      .map((t) => hello(t.frame, t.sni, t.alpn));
  const nonPacket = new Set(g.non_packet_frames);
  const tsharkIndices: number[] = [];
  for (let n = 1; n <= g.frames; n++) if (!nonPacket.has(n)) tsharkIndices.push(n);
  const conv = (t: 'tcp' | 'udp'): string[] => [String(a.flows.filter((f) => f.transport === t).length)];
  return [
    { fact: 'packets', leakspec: [String(a.capture.packets)], tshark: [String(g.packets)] },
    { fact: 'frame-numbers', leakspec: [frameIndices.join(',')], tshark: [tsharkIndices.join(',')] },
    {
      fact: 'dns',
      leakspec: a.dns.map((d) => dnsLine(d.frame, d.name, d.answers)),
      tshark: g.dns.map((d) => dnsLine(d.frame, d.name, d.answers.map((x) => x.data))),
    },
    { fact: 'tls', leakspec: helloFrom('tls'), tshark: g.tls.map((h) => hello(h.frame, h.sni, h.alpn)) },
    { fact: 'dtls', leakspec: helloFrom('dtls'), tshark: g.dtls.map((h) => hello(h.frame, h.sni, h.alpn)) },
    { fact: 'quic', leakspec: helloFrom('quic'), tshark: g.quic.map((h) => hello(h.frame, h.sni, h.alpn)) },
    {
      fact: 'http',
      leakspec: a.http.filter((h) => h.method !== null).map((h) => `${h.frame} ${h.method} ${h.host ?? '-'} ${h.path ?? ''}`),
      tshark: g.http.map(goldenHttp),
    },
    { fact: 'conv-tcp', leakspec: conv('tcp'), tshark: [String(g.conversations.tcp)] },
    { fact: 'conv-udp', leakspec: conv('udp'), tshark: [String(g.conversations.udp)] },
  ];
}

/** What a capture that cannot be opened at all yields: nothing. */
export function unreadableAnalysis(file: string, code: string, message: string): CaptureAnalysis {
  return {
    capture: { file, format: 'pcap', sha256: '', packets: 0, bytes: 0, first_ts: null, last_ts: null },
    flows: [],
    dns: [],
    tls: [],
    http: [],
    weirds: {},
    geo_db: { name: '', build_date: '' },
    errors: [{ code, message }],
    window: null,
  };
}

/** Multiset difference of the two sides of a fact. */
export function diffFact(p: FactPair): FactDiff {
  const rest = new Map<string, number>();
  for (const x of p.tshark) rest.set(x, (rest.get(x) ?? 0) + 1);
  const onlyLeakspec: string[] = [];
  for (const x of p.leakspec) {
    const n = rest.get(x) ?? 0;
    if (n > 0) rest.set(x, n - 1);
    else onlyLeakspec.push(x);
  }
  const onlyTshark = [...rest].flatMap(([x, n]) => Array<string>(n).fill(x));
  return { fact: p.fact, equal: !onlyLeakspec.length && !onlyTshark.length, onlyLeakspec: sorted(onlyLeakspec), onlyTshark: sorted(onlyTshark) };
}

/** A difference as text, a few lines of each side. */
export function describeDiff(d: FactDiff, max = 6): string {
  const part = (label: string, xs: string[]): string =>
    xs.length ? `\n      only ${label} (${xs.length}): ${xs.slice(0, max).join(' | ')}${xs.length > max ? ' | ...' : ''}` : '';
  return `${d.fact}${part('leakspec', d.onlyLeakspec)}${part('tshark', d.onlyTshark)}`;
}
