import assert from 'node:assert/strict';
import { ErrorCodes, LeakspecError } from '../../src/errors.js';
import {
  EEA_MEMBERS,
  EU_MEMBERS,
  JURISDICTIONS,
  adequacyInfo,
  countryName,
  expandJurisdictions,
  isCountryCode,
  isJurisdiction,
  jurisdictionNames,
} from '../../src/geo/index.js';

describe('geo: jurisdictions', () => {
  it('EU has the 27 member states and EEA adds IS, LI and NO (30)', () => {
    assert.equal(new Set(EU_MEMBERS).size, 27);
    assert.ok(EU_MEMBERS.includes('GR') && !EU_MEMBERS.includes('EL'));
    assert.ok(!EU_MEMBERS.includes('GB'), 'the UK left in 2020');
    const eea = expandJurisdictions(['EEA']);
    assert.equal(eea.codes.size, 30);
    for (const c of ['IS', 'LI', 'NO', 'SE', 'DE', 'GR']) assert.ok(eea.codes.has(c), c);
    assert.deepEqual(eea.partial, []);
    assert.equal(expandJurisdictions(['EU']).codes.size, 27);
    assert.deepEqual(new Set(EEA_MEMBERS), eea.codes);
  });

  it('accepts EL as an alias of GR', () => {
    assert.ok(isJurisdiction('EL'));
    assert.deepEqual([...expandJurisdictions(['EL']).codes], ['GR']);
  });

  it('accepts assigned alpha-2 codes and group names, and rejects anything else', () => {
    for (const name of [...JURISDICTIONS, 'US', 'CN', 'NO', 'AX', 'SS', 'XK']) assert.ok(isJurisdiction(name), name);
    for (const name of ['UK', 'EZ', 'QQ', 'no', 'eea', 'EUROPE', 'E U', '', 'EU-ADEQUATE', 'USA']) {
      assert.ok(!isJurisdiction(name), name);
    }
    assert.throws(
      () => expandJurisdictions(['EEA', 'UK']),
      (e: unknown) => e instanceof LeakspecError && e.code === ErrorCodes.SPEC_INVALID && e.message.includes('"UK"'),
    );
  });

  it('knows all 249 assigned codes and their names', () => {
    const codes = jurisdictionNames().filter((n) => /^[A-Z]{2}$/.test(n) && n !== 'EU' && n !== 'EL' && n !== 'XK');
    assert.equal(codes.length, 249);
    assert.equal(countryName('NO'), 'Norway');
    assert.equal(countryName('cn'), 'China');
    assert.equal(countryName('GR'), 'Greece');
    assert.equal(countryName('QQ'), null);
    assert.ok(isCountryCode('GB') && !isCountryCode('UK'));
    /* cross-check names against Node's ICU data where it has them */
    const icu = new Intl.DisplayNames(['en'], { type: 'region' });
    for (const c of ['DE', 'JP', 'BR', 'ZA', 'NZ']) assert.equal(countryName(c), icu.of(c), c);
  });

  it('EU-ADEQUACY is dated, sourced, and marks the partial decisions', () => {
    const info = adequacyInfo();
    assert.match(info.asOf, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(info.source, /commission\.europa\.eu/);
    const partial = info.decisions.filter((d) => d.partial).map((d) => d.code).sort();
    assert.deepEqual(partial, ['CA', 'JP', 'US']);
    for (const c of ['GB', 'CH', 'KR', 'IL', 'NZ', 'UY', 'AR', 'AD', 'FO', 'GG', 'IM', 'JE']) {
      assert.ok(info.decisions.some((d) => d.code === c && !d.partial), c);
    }
    for (const d of info.decisions) assert.ok(isCountryCode(d.code), d.code);
    const x = expandJurisdictions(['EU-ADEQUACY']);
    assert.ok(x.codes.has('US') && x.codes.has('GB') && !x.codes.has('CN') && !x.codes.has('SE'));
    assert.deepEqual(x.partial, ['CA', 'JP', 'US']);
  });

  it('a country named directly is not reported as partial', () => {
    const x = expandJurisdictions(['EEA', 'EU-ADEQUACY', 'US']);
    assert.deepEqual(x.partial, ['CA', 'JP']);
    assert.equal(x.codes.size, 30 + adequacyInfo().decisions.length);
  });
});

