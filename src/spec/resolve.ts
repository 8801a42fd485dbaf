/**
 * Resolving a validated spec: defaults applied, policies merged, jurisdictions
 * expanded, paths made absolute, and the source location of every rule,
 * waiver, scenario and capture kept.
 */
import { dirname, resolve } from 'node:path';
import type { Category, IdentifierDecl } from '../detect/types.js';
import { ErrorCodes, LeakspecError } from '../errors.js';
import { expandJurisdictions } from '../geo/index.js';
import type { GeoOverride } from '../geo/types.js';
import {
  ASSERTIONS,
  DETECTORS,
  type AllowRule,
  type CaptureRef,
  type ResolvedPolicy,
  type ResolvedScenario,
  type ResolvedSpec,
  type Waiver,
} from './types.js';
import type { RawAllowRule, RawCapture, RawIdentifier, RawPolicy, RawScenario, RawSpecFile, RawWaiver } from './raw-types.js';
import type { MergedParts } from './extends.js';
import { wellKnownCategory } from './well-known.js';
import { locate, type SourceDoc } from './yaml-source.js';

/** The policy a scenario gets when its spec sets nothing. */
export function defaultPolicy(): ResolvedPolicy {
  const home = ['EEA'];
  return {
    home: sortedCodes(home),
    homeNames: home,
    unknownCountry: 'fail',
    minTls: '1.2',
    opaque: 'allow',
    infrastructure: ['dns', 'dhcp', 'ntp'],
    uninspected: 'fail',
    detectors: [...DETECTORS],
    geo: { overrides: [] },
  };
}

function sortedCodes(names: readonly string[]): string[] {
  return [...expandJurisdictions(names).codes].sort();
}

function overrides(list: NonNullable<RawPolicy['geo']>['overrides']): GeoOverride[] {
  return (list ?? []).map((o) => (o.asn === undefined ? { cidr: o.cidr, country: o.country } : { cidr: o.cidr, country: o.country, asn: o.asn }));
}

/** Applies policy maps in order (lowest precedence first); each key replaces the one before. */
export function resolvePolicy(layers: ReadonlyArray<{ policy: RawPolicy; file: string }>): ResolvedPolicy {
  const p = defaultPolicy();
  for (const { policy, file } of layers) {
    if (policy.home) {
      p.homeNames = [...policy.home];
      p.home = sortedCodes(policy.home);
    }
    if (policy['unknown-country']) p.unknownCountry = policy['unknown-country'];
    if (policy['min-tls']) p.minTls = policy['min-tls'];
    if (policy.opaque) p.opaque = policy.opaque;
    if (policy.infrastructure) p.infrastructure = [...policy.infrastructure];
    if (policy.uninspected) p.uninspected = policy.uninspected;
    if (policy.detectors) p.detectors = [...policy.detectors];
    if (policy.geo) {
      p.geo = { overrides: overrides(policy.geo.overrides) };
      if (policy.geo.database) p.geo.database = resolve(dirname(file), policy.geo.database);
    }
  }
  return p;
}

function categoryOf(name: string, written: Category | undefined): Category {
  const category = written ?? wellKnownCategory(name);
  if (category === null) throw new LeakspecError(ErrorCodes.INTERNAL, `identifier '${name}' reached resolution without a category`);
  return category;
}

function identifierDecl(name: string, raw: RawIdentifier): IdentifierDecl {
  if (typeof raw === 'string') return { name, category: categoryOf(name, undefined), value: raw };
  if ('value' in raw) return { name, category: categoryOf(name, raw.category), value: raw.value };
  return { name, category: 'location', value: null, location: { lat: raw.lat, lon: raw.lon, radiusM: raw['radius-m'] } };
}

function allowRule(rule: RawAllowRule, loc: AllowRule['loc']): AllowRule {
  return {
    name: rule.name ?? rule.to[0],
    to: [...rule.to],
    protocols: rule.protocols ? [...rule.protocols] : ['tls', 'quic'],
    ports: rule.ports ? [...rule.ports] : null,
    data: rule.data ? [...rule.data] : [],
    plaintext: rule.plaintext ?? false,
    transfer: rule.transfer
      ? { countries: sortedCodes(rule.transfer.countries), countryNames: [...rule.transfer.countries], basis: rule.transfer.basis }
      : null,
    loc,
  };
}

function waiver(w: RawWaiver, loc: Waiver['loc']): Waiver {
  return { assertion: w.assertion, to: [...w.to], reason: w.reason, ticket: w.ticket ?? null, expires: w.expires, loc };
}

function captures(source: SourceDoc, base: (string | number)[], raw: RawCapture): CaptureRef[] {
  const dir = dirname(source.file);
  const path = [...base, 'capture'];
  if (typeof raw === 'string') return [{ kind: 'file', path: resolve(dir, raw), loc: locate(source, path) }];
  if (Array.isArray(raw)) return raw.map((p, i) => ({ kind: 'file', path: resolve(dir, p), loc: locate(source, [...path, i]) }));
  return [{ kind: 'url', url: raw.url, sha256: raw.sha256.toLowerCase(), loc: locate(source, path) }];
}

function scenario(source: SourceDoc, spec: RawSpecFile, merged: MergedParts, s: RawScenario, index: number): ResolvedScenario {
  const base = ['scenarios', index];
  const layers = s.policy ? [...merged.policyLayers, { policy: s.policy, file: source.file }] : merged.policyLayers;
  return {
    name: s.name,
    loc: locate(source, base),
    firmware: s.firmware ?? spec.device?.firmware ?? null,
    action: s.action ?? null,
    captures: captures(source, base, s.capture),
    window: s.window ? { from: s.window.from, to: s.window.to } : null,
    policy: resolvePolicy(layers),
    allow: [
      ...(s.allow ?? []).map((r, i) => allowRule(r, locate(source, [...base, 'allow', i]))),
      ...merged.allow.map((a) => allowRule(a.rule, a.loc)),
    ],
    waivers: [
      ...(s.waivers ?? []).map((w, i) => waiver(w, locate(source, [...base, 'waivers', i]))),
      ...merged.waivers.map((w) => waiver(w.waiver, w.loc)),
    ],
    expect: s.expect ? [...s.expect] : [...ASSERTIONS],
    record: s.record ?? null,
  };
}

/** Builds the resolved spec of a full (non-partial) file whose whole tree is valid. */
export function resolveSpec(source: SourceDoc, spec: RawSpecFile, merged: MergedParts, files: string[]): ResolvedSpec | null {
  const device = spec.device;
  if (!device || !spec.scenarios) return null;
  return {
    file: source.file,
    model: device.model,
    firmware: device.firmware ?? null,
    addresses: [...(device.addresses ?? [])],
    identifiers: [...merged.identifiers].map(([name, raw]) => identifierDecl(name, raw)),
    scenarios: spec.scenarios.map((s, i) => scenario(source, spec, merged, s, i)),
    files,
  };
}
