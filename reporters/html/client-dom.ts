/**
 * Browser side of the HTML report, part 1: DOM helpers. The functions in
 * the client-*.ts files run in the page, not in Node: page.ts inlines their
 * source text into one script, so they may use only each other, their
 * arguments and browser globals. Text is only ever inserted as text nodes
 * (`append(string)`, `textContent`); attribute names are never data.
 */

/* Browser globals (the project compiles without the DOM library). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type El = any;
export type Child = El | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined> | null;

/** Text made visible: control characters (from captures) shown as `\xNN` escapes. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** An element with attributes (names from code, values may be data) and children (strings become text nodes). */
export function el(tag: string, attrs: Attrs = null, ...children: Child[]): El {
  const e = document.createElement(tag);
  if (attrs) {
    for (const k of Object.keys(attrs)) {
      const v = attrs[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = String(v);
      else e.setAttribute(k, v === true ? '' : printable(String(v)));
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === 'string' || typeof c === 'number' ? printable(String(c)) : c);
  }
  return e;
}

/** "1 flow" / "2 flows". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A number with thousands separators. */
export function num(n: number): string {
  return Number(n).toLocaleString('en');
}

/** The word shown for a verdict, always beside its colour. */
export function verdictWord(v: string): string {
  return v === 'fail' ? 'FAIL' : v === 'waived' ? 'waived' : v === 'passed' ? 'pass' : v === 'failed' ? 'FAIL' : 'ok';
}

/** A coloured badge that also says the verdict in words. */
export function badge(v: string, text?: string): El {
  const cls = v === 'failed' || v === 'fail' ? 'fail' : v === 'waived' ? 'waived' : v === 'passed' || v === 'ok' ? 'ok' : 'none';
  return el('span', { class: `badge v-${cls}` }, text ?? verdictWord(v));
}

/** A table: a caption, header cells and rows of cells (each a Child or a list of them). */
export function table(caption: string | null, head: string[], rows: Child[][], cls = ''): El {
  return el(
    'table',
    { class: cls || null },
    caption ? el('caption', null, caption) : null,
    el('thead', null, el('tr', null, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', null, ...rows.map((r) => el('tr', null, ...r.map((c) => el('td', null, c))))),
  );
}

/** A definition list from [term, value] pairs (null values left out). */
export function facts(pairs: Array<[string, Child]>): El {
  const dl = el('dl', { class: 'facts' });
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === false) continue;
    dl.append(el('dt', null, k), el('dd', null, v));
  }
  return dl;
}

/** A server address as people write it: `[v6]:port` or `v4:port`. */
export function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** "CN China", "LOCAL local network". */
export function countryText(code: string, name: string): string {
  return code === name || name === 'unknown' ? code || 'unknown' : `${code} ${name}`;
}

/** A button that copies `text` to the clipboard and says so in `status`. */
export function copyButton(text: string, label: string): El {
  const status = el('span', { class: 'copy-status', role: 'status' });
  const b = el('button', { type: 'button', class: 'copy', 'aria-label': label }, 'Copy');
  b.addEventListener('click', () => {
    const done = (ok: boolean): void => {
      status.textContent = ok ? 'copied' : 'select and copy by hand';
    };
    const nav = (globalThis as unknown as { navigator?: { clipboard?: { writeText(t: string): Promise<void> } } }).navigator;
    if (nav?.clipboard) nav.clipboard.writeText(text).then(() => done(true), () => done(false));
    else done(false);
  });
  return el('span', { class: 'copy-wrap' }, b, status);
}
