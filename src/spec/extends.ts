/**
 * `extends`: loading a spec and the partial specs it extends (recursively,
 * with cycle detection), and merging their policy, identifiers, allow rules
 * and waivers in the order SPEC-FORMAT.md gives.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SourceLoc, SpecDiagnostic } from './types.js';
import type { RawAllowRule, RawIdentifier, RawPolicy, RawSpecFile, RawWaiver } from './raw-types.js';
import { displayPath } from './format.js';
import { isRecord, mapAt, type Located } from './raw-walk.js';
import { humanPath } from './spec-path.js';
import { diagAt, locate, readSource, type SourceDoc } from './yaml-source.js';

/** One file of an extends tree. */
export interface SpecFileNode {
  /** Absolute (real) path. */
  file: string;
  /** Null when the file could not be read or parsed. */
  source: SourceDoc | null;
  /** The data when it passed the schema, else null. */
  valid: RawSpecFile | null;
  /** The files it extends, in the order written. */
  children: SpecFileNode[];
}

/** What per-file validation returns. */
export interface FileAnalysis {
  valid: RawSpecFile | null;
  diagnostics: SpecDiagnostic[];
}

/** A loaded tree: its root, every file in load order, and all diagnostics. */
export interface SpecTree {
  root: SpecFileNode;
  files: SpecFileNode[];
  diagnostics: SpecDiagnostic[];
}

function extendsEntries(data: unknown): Located<string>[] {
  if (!isRecord(data)) return [];
  const value = data.extends;
  if (typeof value === 'string') return [{ path: ['extends'], value }];
  if (!Array.isArray(value)) return [];
  const out: Located<string>[] = [];
  value.forEach((v, i) => {
    if (typeof v === 'string') out.push({ path: ['extends', i], value: v });
  });
  return out;
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Reads `file` and every file it extends; `analyse` validates each file once (`root`: the file asked for). */
export function loadTree(file: string, analyse: (source: SourceDoc, root: boolean) => FileAnalysis): SpecTree {
  /** Keyed by real path, so that symlinks neither hide a cycle nor load a file twice. */
  const cache = new Map<string, SpecFileNode>();
  const files: SpecFileNode[] = [];
  const diagnostics: SpecDiagnostic[] = [];

  const visit = (path: string, real: string, chain: Array<{ real: string; shown: string }>): SpecFileNode => {
    const cached = cache.get(real);
    if (cached) return cached;
    const node: SpecFileNode = { file: path, source: null, valid: null, children: [] };
    cache.set(real, node);
    files.push(node);
    const read = readSource(path);
    diagnostics.push(...read.diagnostics);
    if (!read.source) return node;
    node.source = read.source;
    const analysis = analyse(read.source, chain.length === 0);
    node.valid = analysis.valid;
    diagnostics.push(...analysis.diagnostics);
    const here = [...chain, { real, shown: path }];
    for (const entry of extendsEntries(read.source.data)) {
      const target = resolve(dirname(path), entry.value);
      const where = humanPath(entry.path);
      if (!existsSync(target)) {
        diagnostics.push(diagAt(read.source, entry.path, `${where}: extended file not found: ${entry.value} (${target})`));
        continue;
      }
      const targetReal = realPath(target);
      const loop = here.findIndex((c) => c.real === targetReal);
      if (loop >= 0) {
        const cycle = [...here.slice(loop).map((c) => c.shown), target].map((f) => displayPath(f)).join(' -> ');
        diagnostics.push(diagAt(read.source, entry.path, `${where}: extends cycle: ${cycle}`));
        continue;
      }
      node.children.push(visit(target, targetReal, here));
    }
    return node;
  };

  const root = resolve(file);
  return { root: visit(root, realPath(root), []), files, diagnostics };
}

/** The merged parts of a tree whose files all passed the schema. */
export interface MergedParts {
  /** Policy maps, lowest precedence first, each with the file that wrote it (relative paths). */
  policyLayers: Array<{ policy: RawPolicy; file: string }>;
  /** Identifiers by name: extended files first (later ones overriding earlier), this file last. */
  identifiers: Map<string, RawIdentifier>;
  /** This file's rules, then each extended file's, in order. */
  allow: Array<{ rule: RawAllowRule; loc: SourceLoc }>;
  waivers: Array<{ waiver: RawWaiver; loc: SourceLoc }>;
}

function locKey(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

function appendUnique<T extends { loc: SourceLoc }>(into: T[], items: T[], seen: Set<string>): void {
  for (const item of items) {
    const key = locKey(item.loc);
    if (seen.has(key)) continue;
    seen.add(key);
    into.push(item);
  }
}

/** Merges a tree (null when some file in it is unreadable or failed the schema). */
export function mergeTree(root: SpecFileNode): MergedParts | null {
  const memo = new Map<SpecFileNode, MergedParts | null>();
  const merge = (node: SpecFileNode): MergedParts | null => {
    if (memo.has(node)) return memo.get(node) ?? null;
    memo.set(node, null);
    const data = node.valid;
    const source = node.source;
    if (!data || !source) return null;
    const parts: MergedParts = { policyLayers: [], identifiers: new Map(), allow: [], waivers: [] };
    const allowSeen = new Set<string>();
    const waiverSeen = new Set<string>();
    const own = {
      allow: (data.allow ?? []).map((rule, i) => ({ rule, loc: locate(source, ['allow', i]) })),
      waivers: (data.waivers ?? []).map((waiver, i) => ({ waiver, loc: locate(source, ['waivers', i]) })),
    };
    appendUnique(parts.allow, own.allow, allowSeen);
    appendUnique(parts.waivers, own.waivers, waiverSeen);
    for (const child of node.children) {
      const sub = merge(child);
      if (!sub) return null;
      parts.policyLayers.push(...sub.policyLayers);
      for (const [name, value] of sub.identifiers) parts.identifiers.set(name, value);
      appendUnique(parts.allow, sub.allow, allowSeen);
      appendUnique(parts.waivers, sub.waivers, waiverSeen);
    }
    if (data.policy) parts.policyLayers.push({ policy: data.policy, file: node.file });
    for (const [name, value] of Object.entries(data.device?.identifiers ?? {})) parts.identifiers.set(name, value);
    memo.set(node, parts);
    return parts;
  };
  return merge(root);
}

/** Identifier names declared anywhere in the tree (for `data` checks, whatever the schema said). */
export function declaredNames(files: SpecFileNode[]): Set<string> {
  const names = new Set<string>();
  for (const f of files) {
    const identifiers = mapAt(mapAt(f.source?.data, 'device'), 'identifiers');
    if (identifiers) for (const name of Object.keys(identifiers)) names.add(name);
  }
  return names;
}
