/** English country names for messages and reports (from the runtime's ICU data). */
let regionNames: Intl.DisplayNames | null = null;

/** "China" for CN, "local network" for LOCAL, "unknown" for anything that is not a code; the code itself when ICU has no name. */
export function countryName(code: string): string {
  if (code === 'LOCAL') return 'local network';
  if (!/^[A-Z]{2}$/.test(code)) return 'unknown';
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    const name = regionNames.of(code);
    return name && name !== code && name !== 'Unknown Region' ? name : code;
  } catch {
    return code;
  }
}
