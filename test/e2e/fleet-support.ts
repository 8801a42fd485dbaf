/** Helpers of the fleet tests: a folder of specs with distinct captures, and report normalisation. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeByTime, writePcapng, type Record_ } from '../support/packets.js';
import { ADDR, dns, httpPost, leakBody, specYaml, tls } from './captures.js';
import { repoRoot } from '../support/paths.js';
import { write, type CliResult } from './cli.js';

/** A capture unique to `i`: DNS and TLS to FI, a DNS name of its own, and the CN leak when `i` is odd. */
export function fleetCapture(i: number): Uint8Array {
  const t0 = 1_767_225_600 + i * 60;
  const parts: Record_[][] = [
    dns(t0, 'activation.hmdglobal.com', ADDR.fi),
    tls(t0 + 0.1, 'activation.hmdglobal.com', ADDR.fi),
    dns(t0 + 0.5, `unit${i}.hmdglobal.com`, ADDR.fi),
  ];
  if (i % 2 === 1) parts.push(dns(t0 + 1, 'zzhc.vnet.cn', ADDR.cn), httpPost(t0 + 1.1, 'zzhc.vnet.cn', ADDR.cn, `/zzhc/v1/activate?n=${i}`, leakBody(), 200));
  return writePcapng(mergeByTime(...parts));
}

/**
 * Writes `files` spec files of `perFile` scenarios each under `dir/specs`
 * (captures under `dir/captures`), every scenario with its own capture;
 * the last scenario of each file reuses the first one's capture.
 */
export function writeFleet(dir: string, files: number, perFile: number): string {
  for (let f = 0; f < files; f++) {
    const scenarios: Record<string, string> = {};
    for (let s = 0; s < perFile; s++) {
      const i = s === perFile - 1 && s > 0 ? f * perFile : f * perFile + s;
      write(join(dir, 'captures', `c${i}.pcapng`), fleetCapture(i));
      scenarios[`boot ${f}.${s}`] = `../captures/c${i}.pcapng`;
    }
    write(join(dir, 'specs', `model-${String.fromCharCode(97 + f)}.yaml`), specYaml(scenarios).replace('model: Test Phone', `model: Test Phone ${f}`));
  }
  return join(dir, 'specs');
}

/** report.json without its start time. */
export function normalJson(file: string): string {
  return readFileSync(file, 'utf8').replace(/"started_at": "[^"]*"/g, '"started_at": "-"');
}

/** junit.xml without times and timestamps. */
export function normalJUnit(file: string): string {
  return readFileSync(file, 'utf8').replace(/ time="[^"]*"/g, ' time="-"').replace(/ timestamp="[^"]*"/g, ' timestamp="-"');
}

/** The scenarios of a report.json as `file:line name`. */
export function reportScenarios(file: string): string[] {
  const r = JSON.parse(readFileSync(file, 'utf8')) as { suites: Array<{ scenarios: Array<{ name: string; file: string; line: number }> }> };
  return r.suites.flatMap((s) => s.scenarios.map((sc) => `${sc.file}:${sc.line} ${sc.name}`));
}

/** Runs the CLI without blocking this process (for tests that serve HTTP from it). */
export function leakspecAsync(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'leakspec.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', LEAKSPEC_TODAY: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
