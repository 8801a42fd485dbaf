/**
 * tshark as an oracle (skipped when it is not installed): the hand-built
 * link-layer frames are what tshark dissects too, and on a generated
 * capture the TCP connections and their reassembled bytes match tshark's
 * tcp.stream and "follow,tcp,raw".
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeByTime, TcpSession, writePcap, type Record_ } from '../support/packets.js';
import { tempDir } from '../support/paths.js';
import { run, seg, TCP } from './harness.js';
import { linkCases } from './link-cases.js';

const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

function tshark(file: string, args: string[]): string {
  return execFileSync('tshark', ['-r', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

describe('decode: tshark as oracle', function () {
  let dir: string;
  before(function () {
    if (!hasTshark) {
      process.stdout.write('      (skipped: tshark is not installed)\n');
      this.skip();
    }
    dir = tempDir('leakspec-decode-');
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('tshark finds the same UDP payload in every hand-built link-layer frame', function () {
    this.timeout(120000);
    for (const [i, c] of linkCases.entries()) {
      const file = join(dir, `link-${i}.pcap`);
      writeFileSync(file, writePcap([{ ts: 1, data: c.bytes }], c.linkType));
      const out = tshark(file, ['-T', 'fields', '-e', 'udp.payload']).trim();
      assert.equal(out, Buffer.from('hello').toString('hex'), c.name);
    }
  });

  it('TCP connections and their reassembled streams match tshark', function () {
    this.timeout(120000);
    const A = { ip: '10.0.0.5', port: 50000 };
    const B = { ip: '93.184.216.34', port: 80 };
    const s1 = new TcpSession(A, B, { ts: 1, clientIsn: 1000 }).handshake().send(true, 'GET /one HTTP/1.1\r\n\r\n').send(false, 'z'.repeat(4000)).close();
    const s2 = new TcpSession(A, B, { ts: 3, clientIsn: 500000 }).handshake().send(true, 'GET /two HTTP/1.1\r\n\r\n').close();
    const s3 = new TcpSession({ ip: 'fd00::5', port: 40001 }, { ip: '2001:db8::80', port: 443 }, { ts: 2, clientIsn: 0xfffffff0 }).handshake().send(true, 'w'.repeat(3000)).close();
    const C = { ip: '10.0.0.5', port: 50001 };
    const ooo: Record_[] = [
      seg(4, C, B, 100, TCP.SYN),
      seg(4.01, B, C, 700, TCP.SYN | TCP.ACK, undefined, 101),
      seg(4.02, C, B, 101, TCP.ACK, undefined, 701),
      seg(4.03, C, B, 111, TCP.ACK | TCP.PSH, 'second-part', 701),
      seg(4.04, C, B, 101, TCP.ACK | TCP.PSH, 'first-part', 701),
    ];
    const records = mergeByTime(s1.records, s2.records, s3.records, ooo);
    const file = join(dir, 'tcp.pcap');
    writeFileSync(file, writePcap(records));
    const { sink } = run(records);
    const tcpFlows = sink.flows.filter((f) => f.transport === 'tcp');
    const streams = new Set(tshark(file, ['-Y', 'tcp', '-T', 'fields', '-e', 'tcp.stream']).trim().split('\n'));
    assert.equal(tcpFlows.length, streams.size);
    // tshark numbers streams by first packet, as flow ids are.
    for (const [n, f] of tcpFlows.entries()) {
      const out = tshark(file, ['-q', '-z', `follow,tcp,raw,${n}`]);
      const lines = out.split('\n').filter((l) => /^\t?[0-9a-f]+$/.test(l));
      const up = Buffer.from(lines.filter((l) => !l.startsWith('\t')).join(''), 'hex');
      const down = Buffer.from(lines.filter((l) => l.startsWith('\t')).map((l) => l.slice(1)).join(''), 'hex');
      assert.deepEqual(Buffer.from(sink.stream(f.id, 0)), up, `stream ${n} client->server`);
      assert.deepEqual(Buffer.from(sink.stream(f.id, 1)), down, `stream ${n} server->client`);
      const frames = tshark(file, ['-Y', `tcp.stream == ${n}`, '-T', 'fields', '-e', 'frame.number']).trim().split('\n').map(Number);
      assert.equal(f.packets, frames.length, `stream ${n} packets`);
      assert.equal(f.firstFrame, frames[0]);
      assert.equal(f.lastFrame, frames[frames.length - 1]);
    }
  });
});
