/**
 * The golden facts that `scripts/make-golden.ts` writes from tshark for
 * each corpus capture, and `golden.test.ts` compares with leakspec's
 * analysis. Plain JSON, one file per capture under `test/golden/`.
 */

/** One DNS answer-section record whose data leakspec reports (A, AAAA, CNAME, PTR, NS). */
export interface GoldenDnsAnswer {
  type: 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'NS';
  data: string;
}

/** One DNS message as tshark dissects it. */
export interface GoldenDns {
  frame: number;
  /** tshark's protocol: "dns", "mdns" (5353) or "llmnr" (5355). */
  protocol: string;
  /** The first question's name ("" when the message has none). */
  name: string;
  response: boolean;
  answers: GoldenDnsAnswer[];
}

/** One ClientHello (TLS over TCP, DTLS or QUIC). */
export interface GoldenHello {
  frame: number;
  sni: string | null;
  alpn: string[];
}

/** One HTTP/1.x request. */
export interface GoldenHttp {
  frame: number;
  method: string;
  /** The Host header as sent (port and case kept), or null. */
  host: string | null;
  /** The request-target as sent (`http.request.uri`). */
  path: string;
}

/** The facts of one capture. */
export interface GoldenFile {
  generated: string;
  /** Path relative to the corpus root. */
  capture: string;
  /** Frames tshark numbers, pcapng custom and journal blocks included. */
  frames: number;
  /** Packet records: `frames` less `non_packet_frames`. */
  packets: number;
  /** Frame numbers tshark gives to blocks that carry no packet (pcapng custom, systemd journal). */
  non_packet_frames: number[];
  /** tshark's message when it stopped before the end of the file, else null. */
  read_error: string | null;
  dns: GoldenDns[];
  tls: GoldenHello[];
  dtls: GoldenHello[];
  quic: GoldenHello[];
  http: GoldenHttp[];
  /** `tshark -q -z conv,tcp` / `-z conv,udp`: conversations (tunnel contents included). */
  conversations: { tcp: number; udp: number };
}

/** Capture inputs of the corpus: pcap/, pcapng-conformance/, malformed/, without descriptions and HAR. */
export function isGoldenInput(relPath: string): boolean {
  if (!/^(pcap|pcapng-conformance|malformed)\//.test(relPath)) return false;
  return !relPath.endsWith('.txt') && !relPath.endsWith('.har') && !relPath.endsWith('.md') && !/(^|\/)har\//.test(relPath);
}
