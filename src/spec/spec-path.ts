/** Paths into a spec document: JSON pointers for tools, dotted text for people. */

/** One step of a path: a map key or a list index. */
export type Segment = string | number;

function escapePointer(seg: Segment): string {
  return String(seg).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** JSON pointer of a path (`/scenarios/0/expect/1`); "" for the document. */
export function pointer(path: readonly Segment[]): string {
  return path.map((s) => `/${escapePointer(s)}`).join('');
}

/** Segments of a JSON pointer (numeric segments become list indexes). */
export function parsePointer(ptr: string): Segment[] {
  if (ptr === '') return [];
  return ptr
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** Dotted path as people read it (`scenarios[0].expect[1]`); "top level" for the document. */
export function humanPath(path: readonly Segment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? 'top level' : out;
}
