/**
 * Bench child: the identifier scan alone. Streams a file of plaintext
 * payload bytes (what the scanners of a flow see) in 1448-byte pushes
 * through the scan of one direction of a TCP stream, as the analysis runs
 * it (StreamScan: the declared-identifier matcher, the undeclared-identifier
 * detectors and the location scanner of a spec, in one pass). Runs two passes,
 * each with a fresh scanner: the first includes compiling the scan code
 * (the JIT), the second is the steady state. Prints
 * `{ bytes, hits, seconds, cpuSeconds, warm: { ...the same } }` as JSON;
 * the times cover the scan only (the spec and the automaton are built
 * before).
 *
 * Usage: node run-scan.js PAYLOAD_FILE SPEC
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { compileMatcher, StreamScan } from '../../src/detect/index.js';
import { loadSpec } from '../../src/spec/index.js';

const [file, specFile] = process.argv.slice(2);
const spec = loadSpec(specFile).spec;
if (!spec) throw new Error(`${specFile}: not a valid spec`);
const ids = spec.identifiers;
const matcher = compileMatcher(ids.filter((d) => d.value !== null));
const SEGMENT = 1448;
const buf = new Uint8Array(1 << 20);

/** One pass over the payload with a fresh stream scanner; its times. */
function pass(): { bytes: number; hits: number; seconds: number; cpuSeconds: number } {
  const scanner = new StreamScan({ matcher, identifiers: ids });
  const fd = openSync(file, 'r');
  let bytes = 0;
  let hits = 0;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (;;) {
    const got = readSync(fd, buf, 0, buf.length, bytes);
    if (got === 0) break;
    for (let o = 0; o < got; o += SEGMENT) {
      const chunk = buf.subarray(o, Math.min(got, o + SEGMENT));
      const h = scanner.push(chunk);
      hits += h.declared.length + h.detectors.length + h.locations.length;
    }
    bytes += got;
  }
  const end = scanner.flush();
  hits += end.detectors.length + end.locations.length;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  closeSync(fd);
  return { bytes, hits, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

// The first pass includes compiling the scan code (the JIT, on this core);
// the second is the steady state a long capture runs at.
const cold = pass();
const warm = pass();
if (warm.hits !== cold.hits) throw new Error(`the passes disagree: ${cold.hits} and ${warm.hits} hits`);
process.stdout.write(`${JSON.stringify({ ...cold, warm })}\n`);
