/**
 * The trigger pass (src/detect/triggers.ts) lets the streaming scanners
 * skip chunks; these tests hold it to the detectors themselves. Undeclared
 * detectors: whatever the chunking, the scanner reports exactly what the
 * detectors find when run on the whole text at once. Declared locations:
 * the scanner reports exactly what parsing the overlap plus every chunk
 * reports (the pairing of keyed values can depend on where a later value
 * is cut, so the whole text is not the reference there).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLocationScanner, findCoordinatePairs, haversineMeters, LOCATION_OVERLAP } from '../../src/detect/index.js';
import type { Hit, IdentifierDecl } from '../../src/detect/types.js';
import { digitRunDetector } from '../../src/detect/undeclared/digit-runs.js';
import { emailDetector } from '../../src/detect/undeclared/email.js';
import { createDetectorScanner, DETECTOR_KINDS } from '../../src/detect/undeclared/index.js';
import type { Candidate } from '../../src/detect/undeclared/kinds.js';
import { locationDetector } from '../../src/detect/undeclared/location.js';
import { macDetector } from '../../src/detect/undeclared/mac.js';
import { phoneDetector } from '../../src/detect/undeclared/phone.js';
import { hitKeys, pushSplit } from './helpers.js';
import { withLuhn } from './undeclared/helpers.js';

/** Every candidate of every detector over the whole text: the scanners' reference. */
function reference(data: Buffer): string[] {
  const text = data.toString('latin1');
  const found: Candidate[] = [];
  const enabled = new Set(DETECTOR_KINDS);
  for (const d of [digitRunDetector, macDetector, emailDetector, phoneDetector, locationDetector]) d.find(text, enabled, found);
  return found.map((c) => `undeclared:${c.kind}|${c.form}|${c.start}|${c.end - c.start}`).sort();
}

function streamed(data: Buffer, cuts: number[]): string[] {
  const s = createDetectorScanner(DETECTOR_KINDS, []);
  return hitKeys([...pushSplit(s, data, cuts), ...s.flush()]);
}

const OSLO: IdentifierDecl = { name: 'home', category: 'location', value: null, location: { lat: 59.9139, lon: 10.7522, radiusM: 5000 } };

/** Parses the overlap plus each chunk, every time: the declared location scanner without its trigger pass. */
function locationReference(data: Buffer, cuts: number[]): string[] {
  const loc = OSLO.location as { lat: number; lon: number; radiusM: number };
  const near = (p: { lat: number; lon: number }): boolean => haversineMeters(p.lat, p.lon, loc.lat, loc.lon) <= loc.radiusM;
  const out: string[] = [];
  let tail = '';
  let from = 0;
  for (const cut of [...cuts, data.length]) {
    if (cut === from) continue;
    const text = tail + data.subarray(from, cut).toString('latin1');
    const base = from - tail.length;
    for (const p of findCoordinatePairs(text)) {
      const end = base + p.end;
      if (end >= from && end < cut && near(p)) out.push(`home|coordinates|${base + p.start}|${p.end - p.start}`);
    }
    tail = text.slice(Math.max(0, text.length - LOCATION_OVERLAP));
    from = cut;
  }
  const base = data.length - tail.length;
  for (const p of findCoordinatePairs(tail)) {
    if (base + p.end === data.length && near(p)) out.push(`home|coordinates|${base + p.start}|${p.end - p.start}`);
  }
  return out.sort();
}

function locationStreamed(data: Buffer, cuts: number[]): string[] {
  const s = createLocationScanner([OSLO]);
  const hits: Hit[] = [...pushSplit(s, data, cuts), ...s.flush()];
  return hitKeys(hits);
}

const PIECES = [
  withLuhn('35693803564380'), withLuhn('8947000000000000001'), '242016000000001', 'imsi=', '3c:5a:b4:01:23:45', '3C-5A-B4-01-23-45',
  'jo@example.org', 'jo%40example.org', 'a.b@c.de', '+4791234567', '%2B4791234567', '%2b33612345678', '+47 912 34 567', '+1-202-555-0123',
  '"lat":59.9139,"lon":10.7522', 'lat=59.9139&lng=10.7522', 'gps_lat', 'LONGITUDE', '59.9139,10.7522', '59.9139, 10.7522', '59.9139%2C10.7522',
  '{', '}', ',', '=', '&', ' ', '"', ':', '-', '.', '%', '%22', '%2', '1700000000000', '0123456789', 'fe80::1', 'a', 'Z', '0', '12', '@', '+',
  'l', '.123', '\r\n', '\u00e9',
];

function cutsOf(raw: number[], length: number): number[] {
  return [...new Set(raw.map((c) => c % (length + 1)))].sort((a, b) => a - b);
}

describe('detect: the trigger pass skips only chunks where nothing can be decided', () => {
  it('undeclared detectors: streamed hits equal the detectors run on the whole text (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, raw) => {
        const data = Buffer.from(parts.join(''), 'latin1');
        assert.deepEqual(streamed(data, cutsOf(raw, data.length)), reference(data));
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('undeclared detectors: byte-by-byte pushes over identifiers far apart', () => {
    const pad = '; '.repeat(300);
    const data = Buffer.from(`${pad}${PIECES.slice(0, 20).join(pad)}${pad}`, 'latin1');
    const cuts = Array.from({ length: data.length - 1 }, (_, i) => i + 1);
    const want = reference(data);
    assert.ok(want.length >= 12, String(want.length));
    assert.deepEqual(streamed(data, cuts), want);
  });

  it('declared locations: streamed hits equal parsing every chunk with its overlap (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, raw) => {
        const data = Buffer.from(parts.join(''), 'latin1');
        const cuts = cutsOf(raw, data.length);
        assert.deepEqual(locationStreamed(data, cuts), locationReference(data, cuts));
      }),
      { numRuns: 500, seed: 12 },
    );
  });

  it('a value planted in random binary is found wherever the chunks are cut', () => {
    const noise = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131 + 7) % 251));
    const data = Buffer.concat([noise, Buffer.from(` ${withLuhn('35693803564380')} `, 'latin1'), noise]);
    const want = reference(data);
    assert.ok(want.some((k) => k.startsWith('undeclared:imei|')));
    for (const size of [1, 3, 17, 1448]) {
      const cuts: number[] = [];
      for (let c = size; c < data.length; c += size) cuts.push(c);
      assert.deepEqual(streamed(data, cuts), want, `chunks of ${size}`);
    }
  });
});
