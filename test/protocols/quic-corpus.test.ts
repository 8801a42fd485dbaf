import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { analyzeCapture } from '../../src/analysis/index.js';
import { openGeo } from '../../src/geo/index.js';
import { udpRecord, writePcap } from '../support/packets.js';
import { requireCorpus, tempDir } from '../support/paths.js';
import { quicClientInitials } from '../support/protocol-bytes.js';
import { requireTool } from '../support/tools.js';
import { captureEvents } from './capture-events.js';
import { fields } from './corpus-streams.js';

/** "frame sni" of each ClientHello our QUIC flows emitted. */
function ourHellos(file: string): string[] {
  const out: string[] = [];
  for (const f of captureEvents(file).flows) {
    if (f.protocol !== 'quic') continue;
    for (const e of f.events) if (e.type === 'tls-client-hello') out.push(`${e.frame} ${e.sni ?? ''}`);
  }
  return out.sort((a, b) => parseInt(a) - parseInt(b));
}

const HELLO_FILTER = 'quic && tls.handshake.type == 1';
const HELLO_FIELDS = ['frame.number', 'tls.handshake.extensions_server_name'];

/** "frame sni" of each ClientHello tshark decrypts from QUIC Initials. */
function tsharkHellos(file: string): string[] {
  return fields(file, HELLO_FILTER, HELLO_FIELDS).map((r) => `${r[0]} ${r[1] ?? ''}`);
}

/** tsharkHellos for several files, with the tshark processes run in parallel. */
async function tsharkHellosAll(files: string[]): Promise<string[][]> {
  const run = promisify(execFile);
  const outs = await Promise.all(
    files.map((f) => run('tshark', ['-r', f, '-Y', HELLO_FILTER, '-T', 'fields', ...HELLO_FIELDS.flatMap((n) => ['-e', n])], { maxBuffer: 64 * 1024 * 1024 })),
  );
  return outs.map((o) => o.stdout.split('\n').filter((l) => l !== '').map((l) => l.replace('\t', ' ')));
}

/** Captures whose QUIC ClientHellos tshark reads in full: v1, v2 (greased fixed bit), drafts 27-29, mvfst, Retry, multi-Initial, reordered CRYPTO frames. */
const ORACLE = [
  'pcap/zeek/quic/chromium-115.0.5790.110-api-cirrus-com.pcap',
  'pcap/zeek/quic/quic-multiple-initial-fragmented-crypto.pcap',
  'pcap/zeek/quic/quicv2-echo-443.pcap',
  'pcap/tcpdump/quic_retry.pcap',
  'pcap/ndpi/quic-27.pcap',
  'pcap/ndpi/quic-mvfst-27.pcapng',
  'pcap/ndpi/quic-v2.pcapng',
  'pcap/ndpi/quic_0RTT.pcap',
  'pcap/ndpi/quic_frags_ch_in_multiple_packets.pcapng',
  'pcap/ndpi/quic_frags_ch_out_of_order_same_packet_craziness.pcapng',
];

/** The other QUIC captures, with the ClientHello SNI the corpus README lists for each (from tshark). */
const LISTED: Array<[string, string[]]> = [
  ['pcap/zeek/quic/curl-8.1.2-dev-http3-www-google-de.pcap', ['1 www.google.de']],
  ['pcap/zeek/quic/quic-39264-rand.pcap', ['3 tr6.snapchat.com']],
  ['pcap/zeek/quic/quic-go-handshake.pcap', ['5 server4:443']],
  ['pcap/zeek/quic/quic-multiple-initial-fragmented-crypto-only-initial.pcap', ['3 googleads.g.doubleclick.net']],
  ['pcap/zeek/quic/quic_win11_firefox_google.pcap', ['1 www.google.com']],
  ['pcap/tcpdump/quic_handshake.pcap', ['1 localhost']],
  ['pcap/ndpi/quic_crypto_aes_auth_size.pcap', ['1 app-analytics-v2.snapchat.com', '2 gcp.api.snapchat.com']],
];

describe('protocols/quic: corpus captures against tshark', () => {
  let corpus: string;
  before(function () {
    corpus = requireCorpus(this);
    requireTool(this, 'tshark');
  });

  it('finds the same ClientHellos (frame and SNI) as tshark in every capture', async () => {
    const wants = await tsharkHellosAll(ORACLE.map((name) => join(corpus, name)));
    let total = 0;
    for (const [i, name] of ORACLE.entries()) {
      const want = wants[i];
      assert.ok(want.length > 0, `${name}: tshark finds a ClientHello`);
      assert.deepEqual(ourHellos(join(corpus, name)), want, name);
      total += want.length;
    }
    assert.ok(total >= 120, `${total} ClientHellos compared`);
  });

  it('finds the ClientHellos the corpus README lists in the other QUIC captures', () => {
    for (const [name, want] of LISTED) assert.deepEqual(ourHellos(join(corpus, name)), want, name);
  });

  it('reads the v2 ClientHello tshark 4.0 leaves without SNI: it carries no server_name, only ALPN h3', () => {
    const file = join(corpus, 'pcap/zeek/quic/quicv2-http3-443.pcap');
    const events = captureEvents(file).flows.flatMap((f) => f.events);
    assert.deepEqual(events.filter((e) => e.type === 'tls-client-hello'), [{ type: 'tls-client-hello', frame: 1, sni: null, alpn: ['h3'], version: '1.3' }]);
  });

  it('reads the ClientHello sent after Version Negotiation, which tshark 4.0 does not decrypt', () => {
    const file = join(corpus, 'pcap/tcpdump/quic_vn.pcap');
    assert.deepEqual(tsharkHellos(file), []);
    const c = captureEvents(file);
    assert.deepEqual(c.flows.map((f) => f.protocol), ['quic']);
    assert.deepEqual(c.flows[0].events, [{ type: 'tls-client-hello', frame: 3, sni: 'localhost', alpn: ['h3'], version: '1.3' }, { type: 'tls-server-hello', frame: 4, version: '1.3' }]);
  });

  it('names QUIC flows by SNI in the analysis (flows, tls table)', () => {
    const a = analyzeCapture(join(corpus, 'pcap/zeek/quic/curl-8.1.2-dev-http3-www-google-de.pcap'), { identifiers: [], geo: openGeo() });
    const quic = a.flows.filter((f) => f.protocol === 'quic');
    assert.equal(quic.length, 1);
    assert.equal(quic[0].sni, 'www.google.de');
    assert.ok(quic[0].names.includes('www.google.de'));
    assert.equal(quic[0].encrypted, true);
    assert.deepEqual(a.tls.map((t) => [t.flow, t.sni, t.version]), [[quic[0].id, 'www.google.de', '1.3']]);
  });

  it('reads the malformed QUIC captures without throwing', () => {
    const geo = openGeo();
    const weirds: Record<string, Record<string, number>> = {};
    for (const name of [
      'malformed/tcpdump/quic_32_bit_pointer_overflow.pcap',
      'malformed/tcpdump/quic_handshake_truncated.pcap',
      'malformed/zeek/quic-383379789-decrypt-crash.pcap',
      'malformed/zeek/quic-vector-max-size-crash.pcap',
      'malformed/ndpi/quic-fuzz-overflow.pcapng',
    ]) {
      const a = analyzeCapture(join(corpus, name), { identifiers: [], geo });
      assert.deepEqual(a.errors, [], name);
      weirds[name] = a.weirds;
    }
    // Packets cut by the snap length: their Initials claim more bytes than were captured.
    assert.ok(weirds['malformed/tcpdump/quic_handshake_truncated.pcap'].quic_bad_length > 0);
  });
});

describe('protocols/quic: the Initial builder against tshark', () => {
  before(function () {
    requireTool(this, 'tshark');
  });

  it('tshark decrypts the v1 and v2 Initials the test builder protects, one or several per ClientHello', () => {
    const records = [];
    let ts = 1;
    for (const [version, port, pieces] of [[1, 40001, 1], [1, 40002, 3], [2, 40003, 1], [2, 40004, 2]] as const) {
      for (const d of quicClientInitials({ version, sni: `v${version}-p${pieces}.example`, pieces, seed: port })) {
        records.push(udpRecord(ts++, { ip: '10.0.0.2', port }, { ip: '192.0.2.9', port: 443 }, d));
      }
    }
    const file = join(tempDir(), 'initials.pcap');
    writeFileSync(file, writePcap(records));
    const want = ['1 v1-p1.example', '4 v1-p3.example', '5 v2-p1.example', '7 v2-p2.example'];
    assert.deepEqual(tsharkHellos(file), want);
    assert.deepEqual(ourHellos(file), want);
  });
});
