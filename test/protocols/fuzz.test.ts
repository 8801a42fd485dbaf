import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ANALYZERS, fallbackFor, selectAnalyzer } from '../../src/protocols/registry.js';
import { dnsResponse, httpRequest, httpResponse, chunked, tlsClientHello } from '../support/protocol-bytes.js';
import { drive, type Step } from './harness.js';

const factories = [...ANALYZERS, fallbackFor('tcp'), fallbackFor('udp')];

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ dir: fc.constantFrom(0 as const, 1 as const), data: fc.uint8Array({ maxLength: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ dir: fc.constantFrom(0 as const, 1 as const), gap: fc.integer({ min: 1, max: 5000 }) }) },
);

/** Real messages with random bytes flipped, so parsers get past their first checks. */
const seeds = [
  tlsClientHello({ sni: 'fuzz.example', alpn: ['h2'] }),
  dnsResponse({ id: 1, name: 'a.example', type: 'A', answers: [{ name: 'a.example', type: 'CNAME', data: 'b.example', ttl: 1 }, { name: 'b.example', type: 'A', data: '192.0.2.1', ttl: 1 }] }),
  new Uint8Array([...httpRequest({ headers: [['Host', 'a']] }), ...httpResponse({ headers: [['Transfer-Encoding', 'chunked'], ['Content-Encoding', 'gzip']], body: chunked('abc') })]),
];
const mutatedArb = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat())
  .map(([seed, flips, cut]) => {
    const b = seed.slice();
    for (const [at, v] of flips) b[at % b.length] = v;
    return [b.subarray(0, cut % (b.length + 1)), b.subarray(cut % (b.length + 1))];
  });

describe('protocols/fuzz', () => {
  for (const f of factories) {
    for (const transport of f.transports) {
      it(`${f.protocol}/${transport}: random input never throws`, () => {
        fc.assert(
          fc.property(fc.array(stepArb, { maxLength: 12 }), fc.boolean(), (steps, end) => {
            const r = drive(f, end ? [...steps, { end: true }] : steps, { transport });
            const enc = r.analyzer.encryption();
            assert.ok(enc.encrypted === true || enc.encrypted === false || enc.encrypted === 'opaque');
          }),
          { numRuns: 300 },
        );
        fc.assert(
          fc.property(mutatedArb, ([a, b]) => {
            drive(f, [{ dir: 0, data: a }, { dir: 0, data: b }, { dir: 1, data: b }, { end: true }], { transport });
          }),
          { numRuns: 300 },
        );
      });
    }
  }

  it('sniffing random bytes never throws and always selects a factory for the transport', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('tcp' as const, 'udp' as const), fc.constantFrom(0 as const, 1 as const), fc.constantFrom(53, 67, 123, 443, 1883, 5353, 8080), (data, transport, dir, port) => {
        const f = selectAnalyzer(data, dir, { transport, clientPort: 40000, serverPort: port });
        assert.ok(f.transports.includes(transport));
      }),
      { numRuns: 2000 },
    );
  });
});
