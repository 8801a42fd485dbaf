/** Small text helpers shared by assertion reasons and evidence messages. */
import type { Finding } from '../analysis/types.js';
import type { AllowRule } from '../spec/types.js';
import { countryName } from '../country-name.js';


/** "CN (China)", "LOCAL (local network)", "unknown". */
export function countryLabel(code: string): string {
  if (!/^[A-Z]{2}$/.test(code) && code !== 'LOCAL') return code === '' ? 'unknown' : code;
  return `${code} (${countryName(code)})`;
}

/** Identifier names with the forms they were found in: "imei (base64, raw), iccid (raw)". */
export function identifierList(findings: readonly Finding[]): string {
  const forms = new Map<string, Set<string>>();
  for (const f of findings) {
    let set = forms.get(f.identifier);
    if (!set) forms.set(f.identifier, (set = new Set()));
    set.add(f.form);
  }
  return [...forms].map(([name, set]) => `${name} (${[...set].join(', ')})`).join(', ');
}

/** `rule "HMD device activation"`. */
export function ruleLabel(rule: AllowRule): string {
  return `rule "${rule.name}"`;
}

/** "2 flows" / "1 flow". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Text from a capture made safe for one line: control characters shown as `\xNN` escapes. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

export { displayPath } from '../paths.js';
export { countryName };
