/**
 * The registrable domain of a host name (its eTLD+1: `www.bbc.co.uk` ->
 * `bbc.co.uk`), from a compact built-in approximation of the Public Suffix
 * List, used by `leakspec init` to group flows into allow rules.
 *
 * Limitation (README, "leakspec init"): this is not the full list. It knows
 * one-label suffixes (every TLD), the second-level registries of country
 * codes (`co.uk`, `com.cn`, `com.au`, `gov.<cc>`, `ac.<cc>`, ...) and common
 * shared-hosting suffixes whose subdomains belong to different customers
 * (`cloudfront.net`, `appspot.com`, `github.io`, ...). Anything else, such as
 * Japanese prefecture domains (`city.tokyo.jp`) or rarer hosting platforms,
 * groups one level too high: a starter spec then gets a wildcard broader
 * than it should, which the person reviewing it narrows.
 */

/** Second-level labels that are registries (not registrants) under a two-letter country code. */
const CC_SECOND_LEVEL: ReadonlySet<string> = new Set([
  'ac', 'co', 'com', 'edu', 'gob', 'gov', 'govt', 'go', 'mil', 'ne', 'net', 'nic', 'nom', 'or', 'org',
  'gv', 'ltd', 'plc', 'sch', 'nhs', 'me', 'gen', 'firm', 'ind', 'info', 'biz', 'ad', 'ed', 'gr', 'lg', 're',
]);

/**
 * Country codes whose second-level names above are ordinary registrations,
 * not registries (`me.de` is somebody's domain, not a suffix).
 */
const CC_FLAT: ReadonlySet<string> = new Set(['de', 'fr', 'nl', 'be', 'ch', 'dk', 'se', 'fi', 'no', 'cz', 'sk', 'si', 'lt', 'lv', 'ee', 'ie', 'lu', 'li', 'is', 'io', 'ai', 'ly', 'tv', 'cc', 'ws', 'me', 'to', 'fm', 'gg', 'sh']);

/** Multi-label public suffixes that the pattern above does not cover: shared hosting and CDNs. */
const EXPLICIT: ReadonlySet<string> = new Set([
  // shared hosting, CDNs and cloud platforms (the Public Suffix List's private section)
  'amazonaws.com', 'cloudfront.net', 'elasticbeanstalk.com', 'appspot.com', 'blogspot.com', 'googleusercontent.com',
  'firebaseapp.com', 'web.app', 'herokuapp.com', 'github.io', 'gitlab.io', 'azurewebsites.net', 'cloudapp.net',
  'azureedge.net', 'trafficmanager.net', 'netlify.app', 'vercel.app', 'pages.dev', 'workers.dev', 'fastly.net',
  'ngrok.io', 'now.sh', 'fly.dev', 'onrender.com', 'myshopify.com', 'wixsite.com',
  // country-code suffixes outside the pattern, and CentralNic-style ones
  'com.de', 'uk.com', 'us.com', 'eu.com', 'cn.com', 'co.com', 'gb.net', 'eu.org', 'ltd.ie', 'gouv.fr', 'asso.fr',
]);

/** Whether the last two labels `second.tld` form a public suffix. */
function twoLabelSuffix(second: string, tld: string): boolean {
  if (EXPLICIT.has(`${second}.${tld}`)) return true;
  return tld.length === 2 && !CC_FLAT.has(tld) && CC_SECOND_LEVEL.has(second);
}

/**
 * The registrable domain of `name` (lower case, without a trailing dot): the
 * public suffix plus one label. A name that is itself a suffix, or has one
 * label, is its own registrable domain.
 */
export function registrableDomain(name: string): string {
  const host = name.trim().toLowerCase().replace(/\.$/, '');
  const labels = host.split('.');
  if (labels.length <= 2) return host;
  const n = labels.length;
  const suffixLength = twoLabelSuffix(labels[n - 2], labels[n - 1]) ? 2 : 1;
  return labels.slice(n - suffixLength - 1).join('.');
}
