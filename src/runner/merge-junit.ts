/**
 * Merges the junit.xml files leakspec wrote for several shards into the
 * junit.xml of a full run: testsuites of the same spec file joined,
 * testcases in spec order (by their `line`, or by the order report.json
 * gives), properties sorted as the JUnit reporter sorts them, counts and
 * times summed. It reads leakspec's own JUnit output, not arbitrary JUnit.
 */
import { sortProperties } from '../../reporters/junit.js';
import { attrs, escapeXml } from '../../reporters/xml.js';
import { ErrorCodes, LeakspecError } from '../errors.js';
import { compareText } from './merge-json.js';

interface JUnitCase {
  name: string;
  line: number | null;
  time: number;
  failed: boolean;
  skipped: boolean;
  /** The element as written, kept verbatim. */
  xml: string;
}

interface JUnitSuite {
  attrs: Record<string, string>;
  properties: Array<[string, string]>;
  cases: JUnitCase[];
  systemOut: string;
}

/** Order of a testcase when `line` is absent (--junit-strict): suite name -> test title -> rank. */
export type CaseOrder = Map<string, Map<string, number>>;

function unescapeXml(s: string): string {
  return s.replace(/&(#\d+|lt|gt|quot|apos|amp);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCharCode(Number(e.slice(1))) : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e],
  );
}

function parseAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:.-]+)="([^"]*)"/g)) out[m[1]] = unescapeXml(m[2]);
  return out;
}

/** Reads a junit.xml written by leakspec. */
export function parseJUnit(xml: string, where: string): JUnitSuite[] {
  if (!/^<\?xml[^>]*>\s*<testsuites[\s>]/.test(xml)) throw new LeakspecError(ErrorCodes.USAGE, `${where}: not a JUnit file written by leakspec`);
  return [...xml.matchAll(/<testsuite ([^>]*)>([\s\S]*?)<\/testsuite>/g)].map((m) => {
    const body = m[2];
    const properties = [...body.matchAll(/<property ([^>]*)\/>/g)].map((p): [string, string] => {
      const a = parseAttrs(p[1]);
      return [a.name, a.value];
    });
    const cases = [...body.matchAll(/ {4}<testcase ([^>]*?)(?:\/>|>[\s\S]*?<\/testcase>)/g)].map((c): JUnitCase => {
      const a = parseAttrs(c[1]);
      return {
        name: a.name,
        line: a.line !== undefined ? Number(a.line) : null,
        time: Number(a.time) || 0,
        failed: /<failure[\s>]/.test(c[0]),
        skipped: /<skipped\s*\/>/.test(c[0]),
        xml: c[0],
      };
    });
    const so = /<system-out>([\s\S]*?)<\/system-out>/.exec(body);
    return { attrs: parseAttrs(m[1]), properties, cases, systemOut: so ? unescapeXml(so[1]) : '' };
  });
}

function suiteKey(s: JUnitSuite): string {
  return s.attrs.file ?? s.attrs.name;
}

/** Splits a system-out into entries, each starting with a testcase title and ': '. */
function outEntries(text: string, titles: string[]): Array<{ title: string; text: string }> {
  const out: Array<{ title: string; text: string }> = [];
  for (const line of text.split('\n')) {
    const title = titles.find((t) => line.startsWith(`${t}: `));
    if (title !== undefined || !out.length) out.push({ title: title ?? '', text: line });
    else out[out.length - 1].text += `\n${line}`;
  }
  return out;
}

function seconds(s: number): string {
  return s.toFixed(3);
}

/** One junit.xml from several shards' files. */
export function mergeJUnit(files: Array<{ where: string; xml: string }>, order: CaseOrder = new Map()): string {
  const bySpec = new Map<string, JUnitSuite>();
  for (const { where, xml } of files) {
    for (const s of parseJUnit(xml, where)) {
      const into = bySpec.get(suiteKey(s));
      if (!into) {
        bySpec.set(suiteKey(s), { ...s, cases: [...s.cases] });
        continue;
      }
      into.cases.push(...s.cases);
      into.properties.push(...s.properties);
      into.systemOut = [into.systemOut, s.systemOut].filter(Boolean).join('\n');
      if (compareText(s.attrs.timestamp ?? '', into.attrs.timestamp ?? '') < 0) into.attrs.timestamp = s.attrs.timestamp;
    }
  }
  const suites = [...bySpec.entries()].sort((a, b) => compareText(a[0], b[0])).map(([, s]) => s);
  const all = suites.flatMap((s) => s.cases);
  const total = all.reduce((n, c) => n + c.time, 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attrs([['name', 'leakspec'], ['tests', all.length], ['failures', all.filter((c) => c.failed).length], ['errors', 0], ['time', seconds(total)]])}>`);
  suites.forEach((s, id) => out.push(renderSuite(s, id, order.get(s.attrs.name))));
  out.push('</testsuites>', '');
  return out.join('\n');
}

function renderSuite(s: JUnitSuite, id: number, rank: Map<string, number> | undefined): string {
  const pos = (c: JUnitCase): number => c.line ?? rank?.get(c.name) ?? 0;
  const cases = s.cases.map((c, i) => ({ c, i })).sort((a, b) => pos(a.c) - pos(b.c) || a.i - b.i).map((x) => x.c);
  const lines: string[] = [];
  lines.push(
    `  <testsuite${attrs([
      ['name', s.attrs.name],
      ['tests', cases.length],
      ['failures', cases.filter((c) => c.failed).length],
      ['errors', 0],
      ['skipped', cases.filter((c) => c.skipped).length],
      ['time', seconds(cases.reduce((n, c) => n + c.time, 0))],
      ['timestamp', s.attrs.timestamp],
      ['id', id],
      ['file', s.attrs.file],
    ])}>`,
  );
  lines.push('    <properties>');
  for (const [k, v] of mergedProperties(s.properties)) lines.push(`      <property${attrs([['name', k], ['value', v]])}/>`);
  lines.push('    </properties>');
  for (const c of cases) lines.push(c.xml);
  if (s.systemOut) {
    const titles = cases.map((c) => c.name);
    const entries = outEntries(s.systemOut, titles);
    const at = (t: string): number => titles.indexOf(t);
    const sorted = entries.map((e, i) => ({ e, i })).sort((a, b) => at(a.e.title) - at(b.e.title) || a.i - b.i);
    lines.push(`    <system-out>${escapeXml(sorted.map((x) => x.e.text).join('\n'))}</system-out>`);
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

/** Device and version properties as the first shard wrote them, then capture and geo_db properties sorted. */
function mergedProperties(props: Array<[string, string]>): Array<[string, string]> {
  const isSorted = ([k]: [string, string]): boolean => k.startsWith('capture.') || k === 'geo_db';
  const seen = new Set<string>();
  const uniq = props.filter(([k, v]) => {
    const key = `${k}=${v}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [
    ...uniq.filter((p) => !isSorted(p)),
    ...sortProperties(uniq.filter(([k]) => k.startsWith('capture.'))),
    ...sortProperties(uniq.filter(([k]) => k === 'geo_db')),
  ];
}
