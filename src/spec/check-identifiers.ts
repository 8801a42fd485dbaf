/** Checks of `device.identifiers` beyond the schema: quoting, names, categories. */
import { MIN_FORM_BYTES } from '../detect/index.js';
import { CATEGORIES } from '../detect/types.js';
import type { SpecDiagnostic } from './types.js';
import { isRecord, mapAt } from './raw-walk.js';
import { humanPath, pointer, type Segment } from './spec-path.js';
import { didYouMean } from './suggest.js';
import { WELL_KNOWN_IDENTIFIERS, wellKnownCategory } from './well-known.js';
import { diagAt, plainNumberText, type SourceDoc } from './yaml-source.js';

/** Diagnostics, and the JSON pointers whose schema errors they replace. */
export interface IdentifierCheck {
  diagnostics: SpecDiagnostic[];
  suppress: Set<string>;
}

function unquotedNumber(source: SourceDoc, path: Segment[], value: unknown): SpecDiagnostic | null {
  const text = plainNumberText(source, path);
  if (text === null) return null;
  const read = String(value);
  const loss = read !== text ? `: it reads as ${read}` : '';
  return diagAt(
    source,
    path,
    `${humanPath(path)}: an identifier value must be a quoted string: write "${text}" (as an unquoted YAML number, digits would be lost${loss})`,
  );
}

/** Runs the identifier checks of one file. */
export function checkIdentifiers(source: SourceDoc): IdentifierCheck {
  const diagnostics: SpecDiagnostic[] = [];
  const suppress = new Set<string>();
  const identifiers = mapAt(mapAt(source.data, 'device'), 'identifiers');
  if (!identifiers) return { diagnostics, suppress };
  for (const [name, value] of Object.entries(identifiers)) {
    const base: Segment[] = ['device', 'identifiers', name];
    if (name === 'location') continue;
    const valuePath = isRecord(value) ? [...base, 'value'] : base;
    const number = unquotedNumber(source, valuePath, isRecord(value) ? value.value : value);
    if (number) {
      diagnostics.push(number);
      suppress.add(pointer(valuePath));
    }
    if (typeof value !== 'string' && typeof value !== 'number' && !isRecord(value)) continue;
    const text = isRecord(value) ? value.value : value;
    if (typeof text === 'string' && Buffer.byteLength(text) < MIN_FORM_BYTES) {
      diagnostics.push(
        diagAt(
          source,
          valuePath,
          `${humanPath(valuePath)}: "${text}" is too short to search for reliably (${Buffer.byteLength(text)} bytes; at least ${MIN_FORM_BYTES} are needed, or it would match unrelated traffic): use a longer, unique test value`,
        ),
      );
    }
    const known = wellKnownCategory(name);
    const category = isRecord(value) && typeof value.category === 'string' ? value.category : undefined;
    if (known === null && category === undefined) {
      const hint = didYouMean(name, Object.keys(WELL_KNOWN_IDENTIFIERS));
      const lead = hint ? `unknown identifier name '${name}'${hint} Other names` : `'${name}' is not a well-known identifier name, so it`;
      diagnostics.push(
        diagAt(
          source,
          base,
          `${humanPath(base)}: ${lead} need${hint ? '' : 's'} a category: write ${name}: { value: "...", category: ${CATEGORIES.join(' | ')} }`,
          'key',
        ),
      );
    } else if (known !== null && category !== undefined && category !== known) {
      diagnostics.push(
        diagAt(
          source,
          [...base, 'category'],
          `${humanPath([...base, 'category'])}: '${name}' is a well-known identifier of category '${known}'; remove 'category' or choose another name`,
        ),
      );
    }
  }
  return { diagnostics, suppress };
}
