/** Well-known identifier names and their categories (SPEC-FORMAT.md, "Identifiers"). */
import type { Category } from '../detect/types.js';

/** Each well-known identifier name with the category it always has. */
export const WELL_KNOWN_IDENTIFIERS: Readonly<Record<string, Category>> = Object.freeze({
  imei: 'device-id',
  imei2: 'device-id',
  meid: 'device-id',
  serial: 'device-id',
  'android-id': 'device-id',
  'advertising-id': 'device-id',
  mac: 'device-id',
  'bluetooth-mac': 'device-id',
  'wifi-bssid': 'device-id',
  imsi: 'subscriber-id',
  iccid: 'subscriber-id',
  'phone-number': 'subscriber-id',
  msisdn: 'subscriber-id',
  'cell-id': 'location',
  location: 'location',
  email: 'contact',
  name: 'contact',
});

/** The category of a well-known identifier name, or null for any other name. */
export function wellKnownCategory(name: string): Category | null {
  return Object.prototype.hasOwnProperty.call(WELL_KNOWN_IDENTIFIERS, name) ? WELL_KNOWN_IDENTIFIERS[name] : null;
}
