/**
 * `npm run bench`: generates a deterministic, realistic phone capture and
 * measures leakspec on it against the raw read floor (and tshark, when
 * installed), each in a child process pinned to one core.
 *
 * Options:
 *   --size SIZE        size of the mixed capture (default 200MB; B, KB, MB, GB, KiB, MiB, GiB)
 *   --plain-size SIZE  size of the all-plaintext capture (default the smaller of --size and 100MB)
 *   --sizes LIST       comma list of sizes (e.g. 100MB,1GB): leakspec's MB/s and peak RSS per size
 *   --dir DIR          where the temporary folder goes (default the system temp folder)
 *   --keep             keep the generated captures, spec and outputs
 *   --out FILE         also write the results as JSON to FILE
 *   --jobs LIST        instead: `leakspec run --jobs N` for each N of LIST (e.g. 1,2) on a spec folder
 *   --jobs-captures N  scenarios (one generated capture each) of the --jobs run (default 4)
 *   --jobs-size SIZE   size of each of those captures (default 25MB)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { checkAlarms, type AlarmCheck, type InspectJson } from './bench/alarms.js';
import { generateCapture, type GenResult } from './bench/generate.js';
import { writeSpec } from './bench/identifiers.js';
import { formatJobs, jobsBench, type JobsResult } from './bench/jobs.js';
import { hasProgram, measure, measureMethod, type Measured } from './bench/measure.js';
import { formatTable, mbps, mib, type Row } from './bench/table.js';

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1 << 20, gib: 1 << 30 };

/** Parses `200MB`, `1GB`, `512MiB`, `1e6`. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[(m[2] || 'b').toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new Error(`not a size: "${text}" (write e.g. 200MB, 1GB)`);
  return Math.round(Number(m[1]) * unit);
}

const here = (name: string): string => fileURLToPath(new URL(`./bench/${name}`, import.meta.url));
const node = process.execPath;

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

function generate(dir: string, name: string, size: number, mode: 'mixed' | 'plaintext'): GenResult {
  const t0 = Date.now();
  const payload = mode === 'plaintext' ? join(dir, `${name}.payload`) : undefined;
  const g = generateCapture(join(dir, `${name}.pcap`), size, mode, 7, payload);
  log(`generated ${g.file}: ${(g.bytes / 1e6).toFixed(1)} MB, ${g.packets} packets, sessions ${JSON.stringify(g.sessions)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return g;
}

function row(name: string, bytes: number, packets: number, m: Measured): Row {
  return { name, bytes, packets, seconds: m.seconds, cpuSeconds: m.cpuSeconds, peakRss: m.peakRss };
}

function inspect(file: string, spec: string, out: string): { m: Measured; json: InspectJson } {
  const m = measure(node, [here('run-inspect.js'), file, spec], out);
  return { m, json: JSON.parse(readFileSync(out, 'utf8')) as InspectJson };
}

interface Results {
  machine: string;
  method: string;
  rows: Row[];
  alarms: AlarmCheck | null;
  errors: Array<{ code: string; message: string }>;
  sizes: Row[];
  jobs?: JobsResult;
}

function machine(): string {
  const c = cpus();
  return `${c.length} cores, ${c[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
}

function mainBench(dir: string, size: number, plainSize: number): Results {
  const g = generate(dir, 'capture', size, 'mixed');
  const spec = join(dir, 'bench.yaml');
  writeSpec(spec, 'capture.pcap');
  const p = generate(dir, 'plaintext', plainSize, 'plaintext');
  const rows: Row[] = [];
  log('measuring: read');
  rows.push(row('read (fs.readSync, 1 MiB buffer)', g.bytes, g.packets, measure(node, [here('run-read.js'), g.file])));
  log('measuring: read+sha256');
  rows.push(row('read+sha256', g.bytes, g.packets, measure(node, [here('run-read.js'), g.file, '--sha256'])));
  log('measuring: leakspec inspect --json --spec (mixed)');
  const mixed = inspect(g.file, spec, join(dir, 'inspect.json'));
  rows.push(row('leakspec inspect --json --spec (mixed)', g.bytes, g.packets, mixed.m));
  if (hasProgram('tshark')) {
    log('measuring: tshark');
    const fields = ['frame.number', 'ip.src', 'ip.dst', 'tcp.stream', 'tls.handshake.extensions_server_name', 'http.host', 'dns.qry.name'];
    const args = ['-r', g.file, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])];
    rows.push(row('tshark -T fields (mixed)', g.bytes, g.packets, measure('tshark', args, '/dev/null')));
  } else log('tshark is not installed: its row is left out');
  log('measuring: leakspec on the all-plaintext capture');
  const plain = inspect(p.file, spec, join(dir, 'inspect-plaintext.json'));
  rows.push(row('leakspec inspect (all-plaintext HTTP)', p.bytes, p.packets, plain.m));
  log('measuring: identifier scan alone');
  const scan = measure(node, [here('run-scan.js'), join(dir, 'plaintext.payload'), spec]);
  type Pass = { bytes: number; seconds: number; cpuSeconds: number };
  const scanned = JSON.parse(scan.stdout) as Pass & { warm: Pass };
  rows.push({
    name: 'identifier scan alone, first pass (with JIT)',
    bytes: scanned.bytes,
    packets: null,
    seconds: scanned.seconds,
    cpuSeconds: scanned.cpuSeconds,
    peakRss: scan.peakRss,
  });
  rows.push({
    name: 'identifier scan alone, second pass',
    bytes: scanned.warm.bytes,
    packets: null,
    seconds: scanned.warm.seconds,
    cpuSeconds: scanned.warm.cpuSeconds,
    peakRss: scan.peakRss,
  });
  const alarms = checkAlarms(mixed.json, g.plants);
  const plainAlarms = checkAlarms(plain.json, p.plants);
  alarms.planted += plainAlarms.planted;
  alarms.found += plainAlarms.found;
  alarms.falseAlarms += plainAlarms.falseAlarms;
  for (const [k, v] of Object.entries(plainAlarms.falseByKind)) alarms.falseByKind[k] = (alarms.falseByKind[k] ?? 0) + v;
  alarms.declaredFindings += plainAlarms.declaredFindings;
  return { machine: machine(), method: measureMethod(), rows, alarms, errors: [...mixed.json.errors, ...plain.json.errors], sizes: [] };
}

function sizesBench(dir: string, sizes: number[], keep: boolean): Row[] {
  const out: Row[] = [];
  for (const size of sizes) {
    const name = `capture-${size}`;
    const g = generate(dir, name, size, 'mixed');
    const spec = join(dir, `${name}.yaml`);
    writeSpec(spec, `${name}.pcap`);
    log(`measuring: ${(size / 1e6).toFixed(0)} MB`);
    out.push(row(`read+sha256, ${(g.bytes / 1e6).toFixed(0)} MB`, g.bytes, g.packets, measure(node, [here('run-read.js'), g.file, '--sha256'])));
    const r = inspect(g.file, spec, join(dir, `${name}.json`));
    out.push(row(`leakspec inspect, ${(g.bytes / 1e6).toFixed(0)} MB`, g.bytes, g.packets, r.m));
    if (!keep) rmSync(g.file);
  }
  return out;
}

function run(): void {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '200MB' },
      'plain-size': { type: 'string' },
      sizes: { type: 'string' },
      dir: { type: 'string' },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
      jobs: { type: 'string' },
      'jobs-captures': { type: 'string', default: '4' },
      'jobs-size': { type: 'string', default: '25MB' },
    },
  });
  const dir = mkdtempSync(join(values.dir ?? tmpdir(), 'leakspec-bench-'));
  log(`bench folder: ${dir}`);
  let results: Results;
  try {
    if (values.jobs) {
      const list = values.jobs.split(',').map((x) => Number(x));
      if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--jobs: not a list of counts: "${values.jobs}"`);
      const count = Number(values['jobs-captures']);
      if (!Number.isInteger(count) || count < 1) throw new Error(`--jobs-captures: not a count: "${values['jobs-captures']}"`);
      const jobs = jobsBench(dir, count, parseSize(values['jobs-size']), list, log);
      results = { machine: machine(), method: 'not pinned; CPU and peak RSS from /usr/bin/time -v', rows: [], alarms: null, errors: [], sizes: [], jobs };
    } else if (values.sizes) {
      const sizes = values.sizes.split(',').map(parseSize);
      results = { machine: machine(), method: measureMethod(), rows: [], alarms: null, errors: [], sizes: sizesBench(dir, sizes, values.keep) };
    } else {
      const size = parseSize(values.size);
      const plainSize = values['plain-size'] ? parseSize(values['plain-size']) : Math.min(size, 100e6);
      results = mainBench(dir, size, plainSize);
    }
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept: ${dir}`);
  }
  print(results);
  if (values.out) writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
}

function print(r: Results): void {
  const rate = r.jobs ? 'MB/s per wall-clock second' : 'MB/s and packets/s per CPU second';
  const lines = [`machine: ${r.machine}`, `method: ${r.method}; MB = 10^6 bytes; ${rate}; RSS in MiB; files read from the page cache`, ''];
  if (r.rows.length) {
    const floor = r.rows.find((x) => x.name.startsWith('read ('));
    const hashed = r.rows.find((x) => x.name === 'read+sha256');
    lines.push(formatTable(r.rows, floor ?? null, hashed ?? null));
    const ls = r.rows.find((x) => x.name.startsWith('leakspec inspect --json'));
    const ts = r.rows.find((x) => x.name.startsWith('tshark'));
    if (ls && ts) lines.push('', `leakspec vs tshark: ${(mbps(ls) / mbps(ts)).toFixed(1)}x the MB/s`);
  }
  if (r.alarms) {
    const a = r.alarms;
    const kinds = Object.entries(a.falseByKind).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(
      `detectors: ${a.falseAlarms} false alarm(s)${kinds ? ` (${kinds})` : ''}; ${a.found} of ${a.planted} planted undeclared values found; ${a.declaredFindings} declared-identifier findings`,
    );
  }
  for (const e of r.errors) lines.push(`analysis error: ${e.code}: ${e.message}`);
  if (r.sizes.length) {
    lines.push(formatTable(r.sizes, null, null));
    const rss = r.sizes.filter((x) => x.name.startsWith('leakspec')).map((x) => mib(x.peakRss));
    lines.push('', `leakspec peak RSS by size: ${rss.join(' -> ')} MiB`);
  }
  if (r.jobs) lines.push(formatJobs(r.jobs));
  process.stdout.write(`${lines.join('\n')}\n`);
}

run();
