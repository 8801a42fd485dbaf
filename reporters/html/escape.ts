/** Escaping for the few strings the HTML report writes as markup, and for the JSON it embeds. */

/** Text for HTML element content or a quoted attribute value; control characters shown as `\uXXXX`. */
export function escapeHtml(text: string): string {
  return (
    String(text)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
  );
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&`
 * as `\u003c`, `\u003e`, `\u0026`, so no string can close the element or
 * open a comment; C1 controls and U+2028/U+2029 escaped too. JSON.parse
 * reads it back unchanged.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
