/** `leakspec inspect CAPTURE [--spec FILE] [--json] [--geo-db FILE]`: the flows of a capture. */
import { resolve } from 'node:path';
import { analyzeCapture } from '../analysis/index.js';
import type { CaptureAnalysis, FlowRecord } from '../analysis/types.js';
import type { IdentifierDecl } from '../detect/types.js';
import { UsageError } from '../errors.js';
import { openGeo } from '../geo/index.js';
import { formatDiagnostic, loadSpec } from '../spec/index.js';
import { parse } from './args.js';
import { progressPrinter } from './progress.js';

export function inspectCommand(args: string[]): number {
  const { values, positionals } = parse(args, {
    spec: { type: 'string' },
    json: { type: 'boolean' },
    'geo-db': { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError('inspect takes exactly one capture file: leakspec inspect CAPTURE [--spec FILE] [--json]');
  let identifiers: IdentifierDecl[] = [];
  let addresses: string[] = [];
  let database: string | undefined = values['geo-db'] ? resolve(String(values['geo-db'])) : undefined;
  let overrides: Array<{ cidr: string; country: string; asn?: number }> = [];
  if (values.spec) {
    const r = loadSpec(resolve(String(values.spec)));
    if (r.diagnostics.length || !r.spec) {
      for (const d of r.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      if (!r.diagnostics.length) process.stderr.write(`${String(values.spec)}: a partial spec has no device identifiers\n`);
      return 2;
    }
    identifiers = r.spec.identifiers;
    addresses = r.spec.addresses;
    const geo = r.spec.scenarios[0]?.policy.geo;
    if (geo?.database) database = geo.database;
    overrides = geo?.overrides ?? [];
  }
  const progress = progressPrinter(process.stderr);
  const analysis = analyzeCapture(resolve(positionals[0]), {
    identifiers,
    deviceAddresses: addresses,
    geo: openGeo({ database, overrides }),
    onProgress: (p) => progress.update(positionals[0], p),
  });
  progress.done();
  if (values.json) process.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`);
  else process.stdout.write(renderTable(analysis));
  for (const e of analysis.errors) process.stderr.write(`leakspec: ${e.code}: ${e.message}\n`);
  return analysis.errors.length ? 1 : 0;
}

function encryption(f: FlowRecord): string {
  if (f.encrypted === 'opaque') return 'opaque';
  return f.encrypted ? `yes${f.tls_version ? ` ${f.tls_version}` : ''}` : 'NO';
}

export function renderTable(a: CaptureAnalysis): string {
  const head = ['#', 'proto', 'client', 'server', 'country', 'AS', 'enc', 'names', 'frames', 'up/down', 'findings'];
  const rows = a.flows.map((f) => [
    String(f.id),
    `${f.protocol}/${f.transport}`,
    `${f.client.ip}:${f.client.port}`,
    `${f.server.ip}:${f.server.port}`,
    f.country,
    f.asn ? `AS${f.asn} ${truncate(f.as_org ?? '', 24)}` : '',
    encryption(f),
    truncate(f.names.join(','), 40),
    `${f.first_frame}-${f.last_frame}`,
    `${f.bytes_up}/${f.bytes_down}`,
    [...new Set(f.findings.map((x) => `${x.identifier}(${x.form})`))].join(' '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const c = a.capture;
  const lines = [
    `${c.file}: ${c.format}, ${c.packets} packets, ${c.bytes} bytes, sha256 ${c.sha256}`,
    `geo: ${a.geo_db.name} (${a.geo_db.build_date})`,
    '',
    line(head),
    ...rows.map(line),
  ];
  const w = Object.entries(a.weirds);
  if (w.length) lines.push('', `weirds: ${w.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
