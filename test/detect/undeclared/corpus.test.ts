/**
 * The detectors over real captures from the shared corpus, each flow
 * direction streamed packet by packet as tshark reads it.
 *
 * What they find there (checked by hand):
 * - zeek/http/get.pcap, post.pcap, methods.pcap, pipelined-requests.pcap,
 *   ndpi/android.pcap, ndpi/waze.pcap: nothing (ordinary headers, HTML,
 *   dates, cookies, TLS).
 * - zeek/http/100-continue.pcap: `webmaster@osu.edu`, a real address in
 *   the text of an Apache error page.
 * - ndpi/iphone.pcap: two MAC addresses in mDNS TXT records, each in three
 *   announcements: `waMA=C4:2C:03:06:49:FE` (the iMac's Wi-Fi MAC) and
 *   `rpBA=59:51:02:2F:A4:FF` (its Bluetooth address), both true findings.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createDetectorScanner, DETECTOR_KINDS, scanUndeclared } from '../../../src/detect/undeclared/index.js';
import { requireCorpus } from '../../support/paths.js';
import { requireTool } from '../../support/tools.js';
import { hitKeys } from '../helpers.js';

interface Direction {
  chunks: Buffer[];
}

/** Payloads per flow direction (TCP stream or UDP stream, and source port), in capture order. */
function directions(file: string): Map<string, Direction> {
  const out = execFileSync(
    'tshark',
    ['-r', file, '-T', 'fields', '-e', 'tcp.stream', '-e', 'udp.stream', '-e', 'tcp.srcport', '-e', 'udp.srcport', '-e', 'tcp.payload', '-e', 'udp.payload'],
    { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const dirs = new Map<string, Direction>();
  for (const line of out.split('\n')) {
    const [ts, us, tp, up, tpay, upay] = line.split('\t');
    const hex = ((tpay ?? '') + (upay ?? '')).replace(/[^0-9a-f]/gi, '');
    if (hex === '') continue;
    const key = `${ts ? `t${ts}` : `u${us}`}:${tp || up}`;
    const d = dirs.get(key) ?? { chunks: [] };
    d.chunks.push(Buffer.from(hex, 'hex'));
    dirs.set(key, d);
  }
  return dirs;
}

/** Sorted `identifier text` of every hit in the capture, streamed; checks streaming equals one-shot per direction. */
function findingsOf(file: string): string[] {
  const found: string[] = [];
  for (const d of directions(file).values()) {
    const s = createDetectorScanner(DETECTOR_KINDS, []);
    const hits = [...d.chunks.flatMap((c) => s.push(c)), ...s.flush()];
    const all = Buffer.concat(d.chunks);
    assert.deepEqual(hitKeys(hits), hitKeys(scanUndeclared(DETECTOR_KINDS, [], all)));
    for (const h of hits) found.push(`${h.identifier} ${all.subarray(h.offset, h.offset + h.length).toString('latin1')}`);
  }
  return found.sort();
}

describe('detect/undeclared: corpus captures', function () {
  let corpus = '';
  before(function () {
    corpus = requireCorpus(this);
    requireTool(this, 'tshark');
  });

  for (const name of ['get.pcap', 'post.pcap', 'methods.pcap', 'pipelined-requests.pcap']) {
    it(`finds nothing in zeek/http/${name}`, () => {
      assert.deepEqual(findingsOf(join(corpus, 'pcap', 'zeek', 'http', name)), []);
    });
  }

  for (const name of ['android.pcap', 'waze.pcap']) {
    it(`finds nothing in ndpi/${name}`, () => {
      assert.deepEqual(findingsOf(join(corpus, 'pcap', 'ndpi', name)), []);
    });
  }

  it('finds the address in the error page of zeek/http/100-continue.pcap', () => {
    assert.deepEqual(findingsOf(join(corpus, 'pcap', 'zeek', 'http', '100-continue.pcap')), ['undeclared:email webmaster@osu.edu']);
  });

  it('finds the Wi-Fi and Bluetooth MACs in the mDNS records of ndpi/iphone.pcap', () => {
    const wifi = 'undeclared:mac C4:2C:03:06:49:FE';
    const bt = 'undeclared:mac 59:51:02:2F:A4:FF';
    assert.deepEqual(findingsOf(join(corpus, 'pcap', 'ndpi', 'iphone.pcap')), [bt, bt, bt, wifi, wifi, wifi]);
  });
});
