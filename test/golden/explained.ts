/**
 * Where leakspec and tshark differ on purpose, per capture and per fact,
 * with the reason. golden.test.ts fails on any difference not listed here,
 * and on any listed difference that no longer occurs.
 */
import type { Fact } from './compare.js';

const IDLE_UDP =
  "tshark's conversation table has one row per address/port pair; leakspec ends a UDP flow after its idle timeout and starts a new one when the pair reappears";
const SPB_NO_TS =
  'Simple Packet Blocks carry no timestamp (0): the same DHCP pair appears decades apart, so leakspec counts it twice (UDP idle timeout); tshark counts one conversation per pair';
const FIRST_FRAGMENT =
  'the datagram is the first fragment of an IP packet whose other fragments are missing: leakspec decodes only reassembled datagrams (weird fragment_incomplete); tshark counts the first fragment';
const BROKEN_DNS_NAME = "malformed DNS name: tshark shows a placeholder (<Name too long>, <...loops>); leakspec records a named weird and drops the message";
const HTTP09 = 'HTTP/0.9 request line (no version): leakspec reports it; tshark 4.0 waits for headers that never come';
const TLS_ON_80 = 'TLS sent to port 80: leakspec recognises TLS by content, tshark only on TLS ports';
const REUSED_PAIR = "one address/port pair reused by several TCP connections: leakspec counts connections, tshark's conversation table one row per pair";
const CONFORMANCE: Partial<Record<Fact, string>> = { 'conv-udp': SPB_NO_TS };

export const EXPLAINED: Record<string, Partial<Record<Fact, string>>> = {
  // Synthetic pcapng conformance files.
  'pcapng-conformance/le/advanced/test100.pcapng': CONFORMANCE,
  'pcapng-conformance/be/advanced/test100.pcapng': CONFORMANCE,
  'pcapng-conformance/le/basic/test011.pcapng': CONFORMANCE,
  'pcapng-conformance/be/basic/test011.pcapng': CONFORMANCE,
  'pcapng-conformance/le/basic/test016.pcapng': CONFORMANCE,
  'pcapng-conformance/be/basic/test016.pcapng': CONFORMANCE,
  'pcapng-conformance/le/basic/test018.pcapng': CONFORMANCE,
  'pcapng-conformance/be/basic/test018.pcapng': CONFORMANCE,
  'pcapng-conformance/le/difficult/test202.pcapng': CONFORMANCE,
  'pcapng-conformance/be/difficult/test202.pcapng': CONFORMANCE,

  // Real traffic.
  'pcap/ndpi/KakaoTalk_chat.pcap': { dns: 'frame 57 is an ICMP error quoting a DNS response: tshark dissects the quoted packet, leakspec does not count quoted packets as traffic' },
  'pcap/ndpi/http_starting_with_reply.pcapng': {
    http: 'the capture starts with a response and both ends are private: by the client rule of SPEC-FORMAT.md (sender of the first packet) the port-80 end is the client, so the requests run the wrong way (weird http_wrong_direction)',
  },
  'pcap/ndpi/iphone.pcap': { dns: 'leakspec writes non-ASCII and space bytes of DNS labels as \\DDD (RFC 4343 presentation form: "Luca\\226\\128\\153s\\032iMac"); tshark shows them as UTF-8' },
  'pcap/ndpi/nest_log_sink.pcap': { 'conv-udp': IDLE_UDP },
  'pcap/rusticata/wireshark_samples-test.pcapng': { 'conv-udp': IDLE_UDP },
  'pcap/zeek/http/http_09.pcap': { http: HTTP09 },
  'pcap/zeek/ipv6-http-atomic-frag.pcap': { http: HTTP09 },
  'pcap/zeek/http/methods.pcap': {
    http: 'request lines that break RFC 9112 ("OPTIONS" alone, "GET / HTTP/1.", "OPTIONS  HTTP/1.1"): leakspec records http_bad_request_line and skips them; tshark parses them leniently',
  },
  'pcap/zeek/http/zero-length-bodies-with-drops.pcap': {
    http: 'capture drops leave TCP holes: leakspec keeps the segments after a hole until the hole becomes a gap (here at the FIN, frame 43), then resynchronises on the request lines, so the four requests of frames 19, 24, 30 and 38 are reported at frame 43 (flow marked uninspected)',
  },
  'pcap/zeek/tls/dtls1_2.pcap': { dtls: 'each DTLS ClientHello is fragmented over two datagrams: tshark lists both fragments (frames 1-2, 4-5), leakspec reports the reassembled ClientHello once, at the frame of its last fragment (2, 5)' },
  'pcap/zeek/tls/https-to-http.pcap': { tls: TLS_ON_80 },
  'pcap/zeek/tls/ssl-to-http-server.pcap': { tls: TLS_ON_80 },
  'pcap/zeek/tunnels/vxlan-encapsulated-http.pcap': {
    http: 'HTTP inside VXLAN (4789/udp): tshark decapsulates, leakspec does not open VXLAN',
    'conv-tcp': 'the TCP conversation inside VXLAN: tshark counts it, leakspec does not open VXLAN',
  },
  'pcap/tcpdump/quic_vn.pcap': {
    quic: 'the Initial after Version Negotiation is QUIC v1 with the same connection ID as the first (unknown-version) Initial: tshark 4.0 does not decrypt it, leakspec reads its ClientHello',
  },

  // Damaged and fuzzed files.
  'malformed/ndpi/fuzz-2006-09-29-28586.pcap': {
    http: 'fuzzed WAP push traffic: a mangled Host header ("%s 2.20.3.5") and a request after a broken message that leakspec gives up on and tshark resynchronises to',
    'conv-tcp': 'fuzzed packets: one with a truncated TCP header is dropped by leakspec (weird truncated_tcp_header), tshark still lists its address pair',
  },
  'malformed/ndpi/fuzz-2021-10-13.pcap': {
    packets: 'the first record claims 524501 bytes in a 239-byte file: leakspec stops with LS_CAPTURE_CORRUPT, tshark lists the record and then reports the file cut short',
    'frame-numbers': 'no frame: the first record is corrupt (see packets)',
  },
  'malformed/ndpi/malformed_dns.pcap': { dns: 'answer section with a name too long: tshark keeps the answers and shows <Name too long>; leakspec records dns_name_too_long and keeps no answer of the broken message' },
  'malformed/ndpi/ossfuzz_seed_fake_traces_1.pcapng': {
    tls: 'synthetic fuzz seed: on these two connections the first payload is not TLS, so leakspec keeps the fallback analyzer chosen on it; tshark finds a ClientHello in a later segment',
  },
  'malformed/ndpi/reasm_crash_anon.pcapng': { 'conv-tcp': REUSED_PAIR },
  'malformed/ndpi/reasm_segv_anon.pcapng': { 'conv-tcp': 'TCP inside GTP-U (2152/udp): tshark decapsulates and counts it, leakspec does not open GTP-U' },
  'malformed/ndpi/tls_invalid_reads.pcap': {
    tls: 'frame 4 is a truncated ClientHello (leakspec: weird tls_truncated_client_hello, no event; tshark lists it without SNI); frame 12 is inside an IPv4-in-IPv4 tunnel that leakspec does not open',
    'conv-tcp': 'the TCP connection of frames 10-12 is inside an IPv4-in-IPv4 tunnel: tshark counts it, leakspec does not open the tunnel',
  },
  'malformed/pcapdroid/invalid_or_unsupported.pcap': { dns: FIRST_FRAGMENT, 'conv-udp': FIRST_FRAGMENT },
  'malformed/tcpdump/bootp_asan.pcap': { 'conv-udp': FIRST_FRAGMENT },
  'malformed/tcpdump/esp_truncated.pcap': { 'conv-udp': FIRST_FRAGMENT },
  'malformed/tcpdump/LINKTYPE_IPV6_invalid.pcap': {
    dns: 'an IPv4 packet in a LINKTYPE_IPV6 file: leakspec takes the IP version from the packet and decodes the DNS query; tshark dissects it as IPv6 and fails',
    'conv-udp': 'an IPv4 packet in a LINKTYPE_IPV6 file: leakspec decodes it (see dns); tshark does not',
  },
  'malformed/tcpdump/dns-badlabel.pcap': { dns: BROKEN_DNS_NAME },
  'malformed/tcpdump/dns_fwdptr.pcap': { dns: BROKEN_DNS_NAME },
  'malformed/zeek/dns-invalid-names.pcap': { dns: BROKEN_DNS_NAME },
  'malformed/zeek/quic-vector-max-size-crash.pcap': { dns: 'fuzz bytes on 53/udp with an unknown extended label type: tshark lists a message named <Unknown extended label>; leakspec records a weird and drops it' },
};
