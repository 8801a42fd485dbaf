/** Geo stage: server address -> country, ASN and organisation; jurisdictions. */
export type { GeoDbInfo, GeoInfo, GeoLookup, GeoOptions, GeoOverride } from './types.js';
export { openGeo } from './lookup.js';
export { classifyAddress, describeRange, type RangeClass } from './local-ranges.js';
export { mappedIpv4, parseIp, parseCidr, prefixMatches, type Cidr, type IpBytes } from './ip-address.js';
export {
  JURISDICTIONS,
  JURISDICTION_ALIASES,
  EU_MEMBERS,
  EEA_MEMBERS,
  adequacyInfo,
  countryName,
  expandJurisdictions,
  isJurisdiction,
  jurisdictionNames,
  type AdequacyDecision,
  type AdequacyList,
} from './jurisdictions.js';
export { isCountryCode } from './countries.js';
