import assert from 'node:assert/strict';
import { decodeLink, LinkStatus, newLinkResult } from '../../src/decode/link.js';
import { concat } from '../support/packets.js';
import { eth, le32, linkCases as cases, u8, v4 } from './link-cases.js';
import { run } from './harness.js';

describe('decode/link', () => {
  for (const c of cases) {
    it(`finds the IP packet: ${c.name}`, () => {
      const out = newLinkResult();
      const st = decodeLink(c.linkType, c.bytes, 0, c.bytes.length, out);
      assert.equal(st, LinkStatus.IP);
      assert.equal(out.length, c.ip.length);
      assert.deepEqual(c.bytes.subarray(out.offset, out.offset + out.length), c.ip);
      assert.equal(out.version, c.ip[0] >> 4);
      assert.equal(out.weird, c.weird ?? null);
    });
    it(`delivers the UDP payload through the flow table: ${c.name}`, () => {
      const { sink, table } = run([{ ts: 1, data: c.bytes }], {}, c.linkType);
      assert.equal(table.stats.ipPackets, 1);
      assert.equal(sink.flows.length, 1);
      assert.equal(sink.text(1, 0), 'hello');
      assert.equal(table.weirds.get(c.weird ?? 'none'), c.weird ? 1 : undefined);
    });
  }

  it('skips non-IP frames quietly and counts them', () => {
    const arp = eth(0x0806, new Uint8Array(28));
    const lldp = eth(0x88cc, new Uint8Array(30));
    const stp = eth(38, u8(0x42, 0x42, 0x03, ...new Array(35).fill(0)));
    const nullOsi = concat([le32(7), v4]);
    const { table } = run([{ ts: 1, data: arp }, { ts: 2, data: lldp }, { ts: 3, data: stp }]);
    assert.equal(table.stats.nonIp, 3);
    assert.equal(table.weirds.size, 0);
    const { table: t2 } = run([{ ts: 1, data: nullOsi }], {}, 0);
    assert.equal(t2.stats.nonIp, 1);
    assert.equal(t2.weirds.size, 0);
  });

  it('counts undecodable link types per type and as unknown_link_type', () => {
    const { table } = run([{ ts: 1, data: v4 }, { ts: 2, data: v4 }], {}, 127);
    assert.deepEqual([...table.stats.undecodableLinkTypes], [[127, 2]]);
    assert.equal(table.weirds.get('unknown_link_type'), 2);
    assert.equal(table.stats.ipPackets, 0);
  });

  it('reports a frame shorter than its link header as a weird', () => {
    const out = newLinkResult();
    assert.equal(decodeLink(1, new Uint8Array(10), 0, 10, out), LinkStatus.MALFORMED);
    assert.equal(out.weird, 'truncated_link_header');
    assert.equal(decodeLink(113, new Uint8Array(15), 0, 15, out), LinkStatus.MALFORMED);
    assert.equal(decodeLink(0, new Uint8Array(3), 0, 3, out), LinkStatus.MALFORMED);
    const vlanCut = eth(0x8100, u8(0));
    assert.equal(decodeLink(1, vlanCut, 0, vlanCut.length, out), LinkStatus.MALFORMED);
  });

  it('raw IP with an unknown version nibble is a weird', () => {
    const out = newLinkResult();
    assert.equal(decodeLink(101, u8(0x55, 0, 0, 0), 0, 4, out), LinkStatus.MALFORMED);
    assert.equal(out.weird, 'bad_ip_version');
  });

  it('an MPLS stack without a bottom label is refused', () => {
    const labels = concat(new Array(20).fill(u8(0, 1, 0, 64)));
    const f = eth(0x8847, concat([labels, v4]));
    const out = newLinkResult();
    assert.equal(decodeLink(1, f, 0, f.length, out), LinkStatus.MALFORMED);
    assert.equal(out.weird, 'mpls_label_stack_too_deep');
  });
});
