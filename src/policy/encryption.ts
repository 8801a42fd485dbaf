/**
 * Whether a flow counts as encrypted under a scenario's policy
 * (SPEC-FORMAT.md, "Policy": `min-tls`, `opaque`).
 */
import type { FlowRecord } from '../analysis/types.js';
import type { CaptureFormat } from '../capture/types.js';
import { ErrorCodes, LeakspecError } from '../errors.js';
import type { ResolvedPolicy } from '../spec/types.js';

/** TLS/DTLS versions from lowest to highest. */
const VERSION_ORDER = ['SSL2', 'SSL3', '1.0', '1.1', '1.2', '1.3'] as const;

/**
 * The rank of a TLS or DTLS version (higher is newer), or null when the text
 * is not a version. Accepts "1.2", "TLS 1.2", "TLSv1.2", "DTLS1.2", "SSL3",
 * "SSLv3", "SSL 3.0". DTLS versions compare by their own number ("1.0" < "1.2").
 */
export function tlsVersionRank(version: string): number | null {
  const s = version.trim().toUpperCase().replace(/\s+/g, '');
  const ssl = /^SSLV?([23])(?:\.0)?$/.exec(s);
  if (ssl) return VERSION_ORDER.indexOf(`SSL${ssl[1]}` as (typeof VERSION_ORDER)[number]);
  const tls = /^(?:D?TLSV?)?(1\.[0-3])$/.exec(s);
  if (tls) return VERSION_ORDER.indexOf(tls[1] as (typeof VERSION_ORDER)[number]);
  return null;
}

/** The verdict on one flow: whether it counts as unencrypted, and why, in a few words. */
export interface EncryptionVerdict {
  /** Counts as unencrypted for `no-plaintext` under the policy. */
  unencrypted: boolean;
  /**
   * Its bytes were readable on the wire (encrypted is false or "opaque"), so
   * identifiers found in it were sent in the clear, and a part that could not
   * be inspected may have hidden one.
   */
  cleartext: boolean;
  /** "http, unencrypted", "tls 1.0, below min-tls 1.2", "tls 1.3, encrypted", ... */
  description: string;
}

function rankOfMin(policy: ResolvedPolicy): number {
  const rank = tlsVersionRank(policy.minTls);
  if (rank === null) throw new LeakspecError(ErrorCodes.INTERNAL, `policy min-tls "${policy.minTls}" is not a TLS version`);
  return rank;
}

/**
 * Judges a flow's encryption under the policy.
 *
 * - `encrypted: false` is unencrypted.
 * - `encrypted: "opaque"` is unencrypted when `policy.opaque` is `fail`; it is
 *   cleartext on the wire either way.
 * - A `tls` or `dtls` flow whose version is below `min-tls` is unencrypted
 *   (SSL2 < SSL3 < 1.0 < 1.1 < 1.2 < 1.3).
 * - A `tls` or `dtls` flow whose version could not be read (the handshake was
 *   not captured, or the version is not one of the above) is, fail-closed,
 *   treated as below `min-tls`, unless `min-tls` is SSL2, the floor every
 *   version meets. HAR files are the exception: they hold no handshake, and
 *   SPEC-FORMAT.md declares an `https://` entry encrypted, so a HAR flow
 *   without a version is encrypted (one with a version is still compared).
 * - QUIC and SSH are encrypted; `min-tls` is about TLS and DTLS only.
 */
export function judgeEncryption(flow: FlowRecord, policy: ResolvedPolicy, format: CaptureFormat): EncryptionVerdict {
  const proto = flow.protocol;
  if (flow.encrypted === false) return { unencrypted: true, cleartext: true, description: `${proto}, unencrypted` };
  if (flow.encrypted === 'opaque') {
    const fail = policy.opaque === 'fail';
    return {
      unencrypted: fail,
      cleartext: true,
      description: `${proto}, opaque (unrecognised high-entropy payload${fail ? ', counted as unencrypted by opaque: fail' : ''})`,
    };
  }
  if (proto !== 'tls' && proto !== 'dtls') return { unencrypted: false, cleartext: false, description: `${proto}, encrypted` };
  const min = rankOfMin(policy);
  const label = proto.toUpperCase();
  const below = `counted as below min-tls ${policy.minTls}`;
  const tls = (unencrypted: boolean, description: string): EncryptionVerdict => ({ unencrypted, cleartext: false, description });
  if (flow.tls_version === null) {
    if (format === 'har' || min === 0) return tls(false, `${proto}, encrypted (version unknown)`);
    return tls(true, `${proto}, ${label} version unknown, ${below}`);
  }
  const rank = tlsVersionRank(flow.tls_version);
  if (rank === null) return tls(true, `${proto}, ${label} version "${flow.tls_version}" not recognised, ${below}`);
  if (rank < min) return tls(true, `${proto}, ${label} ${flow.tls_version} below min-tls ${policy.minTls}`);
  return tls(false, `${proto}, ${label} ${flow.tls_version}, encrypted`);
}
