/** `leakspec geo IP... [--geo-db FILE]`: country, ASN and organisation of addresses. */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { openGeo } from '../geo/index.js';
import { parse } from './args.js';

export function geoCommand(args: string[]): number {
  const { values, positionals } = parse(args, { 'geo-db': { type: 'string' }, json: { type: 'boolean' } });
  if (!positionals.length) throw new UsageError('geo takes one or more IP addresses: leakspec geo 8.8.8.8 2001:db8::1');
  const bad = positionals.filter((p) => !isIP(p));
  if (bad.length) throw new UsageError(`not an IP address: ${bad.join(', ')}`);
  const geo = openGeo({ database: values['geo-db'] ? resolve(String(values['geo-db'])) : undefined });
  const rows = positionals.map((ip) => ({ ip, ...geo.lookup(ip) }));
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ geo_db: geo.info(), addresses: rows }, null, 2)}\n`);
    return 0;
  }
  const w = Math.max(...positionals.map((p) => p.length));
  for (const r of rows) {
    process.stdout.write(`${r.ip.padEnd(w)}  ${r.country.padEnd(7)}  ${r.asn ? `AS${r.asn}` : '-'}  ${r.as_org ?? ''}\n`.replace(/\s+\n$/, '\n'));
  }
  const info = geo.info();
  process.stdout.write(`(${info.name}, built ${info.build_date}${info.asn ? `; ASN: ${info.asn.name}, built ${info.asn.build_date}` : ''})\n`);
  return 0;
}
