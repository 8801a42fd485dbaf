/**
 * The bench device's identifiers: eight declared in the generated spec, and
 * a few undeclared values the generator plants for the detectors to find
 * (each plant is recorded, so any other `undeclared:*` finding is a false
 * alarm).
 */
import { writeFileSync } from 'node:fs';

/** Appends the Luhn check digit to a string of digits. */
export function withLuhn(digits: string): string {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

/** The declared identifiers (values as the spec writes them). */
export const DECLARED = {
  imei: withLuhn('35693803564380'),
  iccid: withLuhn('8947080012345678901'),
  imsi: '242016000000001',
  mac: '3c:5a:b4:12:34:56',
  email: 'kari.nordmann@example.no',
  phone: '+4791234567',
  advertisingId: '38400000-8cf0-11bd-b23e-10b96e40000d',
  location: { lat: 59.9139, lon: 10.7522 },
} as const;

/** Undeclared values planted in plain HTTP bodies, by detector kind. */
export const UNDECLARED: ReadonlyArray<{ kind: string; key: string; value: string }> = [
  { kind: 'imei', key: 'peer_imei', value: withLuhn('35209900176148') },
  { kind: 'email', key: 'contact', value: 'ola.hansen@example.com' },
  { kind: 'mac', key: 'bssid', value: 'a4:5e:60:c1:d2:e3' },
  { kind: 'phone', key: 'msisdn', value: '+33612345678' },
];

/** Writes the bench spec (8 identifiers) for a capture beside it. */
export function writeSpec(path: string, captureName: string): void {
  const d = DECLARED;
  const yaml = `leakspec: 1
device:
  model: Bench phone
  addresses: [10.0.2.15, "fd00::15"]
  identifiers:
    imei: "${d.imei}"
    iccid: "${d.iccid}"
    imsi: "${d.imsi}"
    mac: "${d.mac}"
    email: { value: "${d.email}", category: contact }
    phone: { value: "${d.phone}", category: subscriber-id }
    advertising-id: { value: "${d.advertisingId}", category: device-id }
    location: { lat: ${d.location.lat}, lon: ${d.location.lon}, radius-m: 2000 }
scenarios:
  - name: bench
    capture: ./${captureName}
`;
  writeFileSync(path, yaml);
}
