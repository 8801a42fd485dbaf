/**
 * Reading one spec file: size cap, nesting guard, YAML parse with source
 * positions, alias-bomb-safe conversion to plain data, and mapping a path of
 * keys back to the line and column it was written at.
 */
import { readFileSync, statSync } from 'node:fs';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  parseDocument,
  Parser,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type { SourceLoc, SpecDiagnostic } from './types.js';
import { pointer, type Segment } from './spec-path.js';

/** Spec files larger than this are refused unread. */
export const MAX_SPEC_BYTES = 1024 * 1024;
/** Collections nested deeper than this are refused before the YAML is composed. */
export const MAX_NESTING = 64;
/** Alias expansions allowed when converting to plain data (billion-laughs guard). */
export const MAX_ALIAS_COUNT = 100;

/** A parsed spec file: its text, YAML document, line index and plain data. */
export interface SourceDoc {
  /** Absolute path. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain JS data (null for an empty file). */
  data: unknown;
}

/** Outcome of reading a file: the parsed source, or null with the reasons. */
export interface ReadResult {
  source: SourceDoc | null;
  diagnostics: SpecDiagnostic[];
}

function fileDiag(file: string, message: string, line = 1, col = 1): SpecDiagnostic {
  return { file, line, col, path: '', message };
}

/** Reads and parses `file` (absolute). Never throws for a bad or unreadable file. */
export function readSource(file: string): ReadResult {
  let text: string;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return { source: null, diagnostics: [fileDiag(file, 'is a folder, not a spec file')] };
    if (stat.size > MAX_SPEC_BYTES) {
      return { source: null, diagnostics: [fileDiag(file, `spec file is ${stat.size} bytes; the limit is ${MAX_SPEC_BYTES} (1 MiB)`)] };
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { source: null, diagnostics: [fileDiag(file, `cannot read spec file: ${(e as Error).message}`)] };
  }
  return parseSource(file, text);
}

/** Parses spec text already in memory (used by readSource; handy in tests). */
export function parseSource(file: string, text: string): ReadResult {
  const lineCounter = new LineCounter();
  const deep = nestingOverflow(text);
  if (deep !== null) {
    const pos = lineColAt(text, deep);
    return {
      source: null,
      diagnostics: [fileDiag(file, `YAML nesting is deeper than ${MAX_NESTING} levels; a spec never needs that many`, pos.line, pos.col)],
    };
  }
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    const diagnostics = problems.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return fileDiag(file, `YAML: ${firstLine(e.message)}`, pos.line, pos.col);
    });
    return { source: null, diagnostics };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const at = firstAliasOffset(doc);
    const pos = lineCounter.linePos(at);
    const message =
      e instanceof ReferenceError
        ? `YAML aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias expansions): refusing a possible alias bomb`
        : `YAML cannot be converted: ${(e as Error).message}`;
    return { source: null, diagnostics: [fileDiag(file, message, pos.line, pos.col)] };
  }
  return { source: { file, text, doc, lineCounter, data: data ?? null }, diagnostics: [] };
}

function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

function firstLine(message: string): string {
  const i = message.indexOf('\n');
  return (i < 0 ? message : message.slice(0, i)).replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Offset of the first token that takes the concrete syntax tree deeper than
 * MAX_NESTING, or null. Runs the CST parser one lexeme at a time so that a
 * hostile file is refused at the first level too many, before the (recursive)
 * composer sees it.
 */
function nestingOverflow(text: string): number | null {
  const parser = new Parser();
  let offset = 0;
  for (const lexeme of new Lexer().lex(text)) {
    for (const _token of parser.next(lexeme)) {
      /* documents are discarded; only the depth matters here */
    }
    if (parser.stack.length > MAX_NESTING) return offset;
    offset += lexeme.length;
  }
  return null;
}

function firstAliasOffset(doc: Document.Parsed): number {
  let at = 0;
  try {
    visit(doc, {
      Alias(_key, node) {
        at = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
  } catch {
    /* position is only a hint */
  }
  return at;
}

interface Found {
  /** Deepest node reached (null when the path ends at a missing or empty value). */
  node: Node | null;
  /** The map key of the last step, when the last step went through a map. */
  key: Node | null;
  /** How many segments were followed. */
  matched: number;
}

function follow(source: SourceDoc, path: readonly Segment[]): Found {
  let node: Node | null = source.doc.contents as Node | null;
  let key: Node | null = null;
  let matched = 0;
  for (const seg of path) {
    if (node && isAlias(node)) node = (node.resolve(source.doc) as Node | undefined) ?? null;
    if (node && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      key = pair.key as Node;
      node = (pair.value as Node | null) ?? null;
    } else if (node && isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      key = null;
      node = (node.items[seg] as Node | null) ?? null;
    } else {
      break;
    }
    matched++;
  }
  return { node, key, matched };
}

function posOf(source: SourceDoc, offset: number): { line: number; col: number } {
  return source.lineCounter.linePos(offset);
}

function isEmptyNode(node: Node | null): boolean {
  return !node || !node.range || node.range[0] === node.range[1];
}

/**
 * Where the value at `path` was written. `target: 'key'` points at the map
 * key instead (unknown keys, missing required keys). A path that does not
 * exist in the YAML points at the deepest part that does.
 */
export function locate(source: SourceDoc, path: readonly Segment[], target: 'value' | 'key' = 'value'): SourceLoc {
  const found = follow(source, path);
  const useKey = found.key && (target === 'key' || found.matched < path.length || isEmptyNode(found.node));
  const node = useKey ? found.key : found.node;
  const offset = node?.range?.[0] ?? 0;
  const pos = posOf(source, offset);
  return { file: source.file, line: pos.line, col: pos.col };
}

/** The YAML node written at `path`, or null. */
export function nodeAt(source: SourceDoc, path: readonly Segment[]): Node | null {
  const found = follow(source, path);
  return found.matched === path.length ? found.node : null;
}

/** The source text of the scalar at `path` when it is an unquoted number, else null. */
export function plainNumberText(source: SourceDoc, path: readonly Segment[]): string | null {
  const node = nodeAt(source, path);
  if (!node || !isScalar(node) || node.type !== 'PLAIN' || !node.range) return null;
  if (typeof node.value !== 'number' && typeof node.value !== 'bigint') return null;
  return source.text.slice(node.range[0], node.range[1]);
}

/** A diagnostic for the value (or key) at `path` of this file. */
export function diagAt(source: SourceDoc, path: readonly Segment[], message: string, target: 'value' | 'key' = 'value'): SpecDiagnostic {
  return { ...locate(source, path, target), path: pointer(path), message };
}
