import assert from 'node:assert/strict';
import { identifierForms, MIN_FORM_BYTES } from '../../src/detect/forms.js';
import { withEncodings } from '../../src/detect/index.js';
import type { IdentifierDecl } from '../../src/detect/types.js';
import { b64 } from './helpers.js';

const key = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

describe('detect: identifierForms', () => {
  const imei: IdentifierDecl = { name: 'imei', category: 'device-id', value: '490154203237518' };

  it('starts with raw and holds each byte string once', () => {
    const forms = identifierForms(imei);
    assert.equal(forms[0].form, 'raw');
    assert.equal(key(forms[0].bytes), '490154203237518');
    const keys = forms.map((f) => key(f.bytes));
    assert.equal(new Set(keys).size, keys.length);
  });

  it('keeps the simplest name when forms coincide (digits have no case)', () => {
    const names = identifierForms(imei).map((f) => f.form);
    assert.ok(!names.includes('upper') && !names.includes('lower'));
    assert.equal(names.filter((n) => n === 'hex').length, 1);
  });

  it('holds the determined base64 characters at each alignment', () => {
    const b = identifierForms(imei)
      .filter((f) => f.form === 'base64')
      .map((f) => key(f.bytes));
    assert.equal(b.length, 3);
    assert.ok(b64(imei.value!).startsWith(b[0]));
    assert.ok(b64(`x${imei.value}`).includes(b[1]));
    assert.ok(b64(`xy${imei.value}`).includes(b[2]));
  });

  it('never yields a form shorter than the floor, or holding CR/LF', () => {
    const decls: IdentifierDecl[] = [
      imei,
      { name: 'mac', category: 'device-id', value: '00:00:5e:00:53:01' },
      { name: 'note', category: 'other', value: 'line1\r\nline2' },
    ];
    for (const d of decls) {
      for (const f of identifierForms(d)) {
        assert.ok(f.bytes.length >= MIN_FORM_BYTES, `${d.name} ${f.form}`);
        assert.ok(!f.bytes.includes(10) && !f.bytes.includes(13));
      }
    }
    assert.equal(key(identifierForms(decls[2])[0].bytes), 'line1line2');
  });

  it('gives short values their raw form only, and nothing under 4 bytes', () => {
    assert.deepEqual(
      identifierForms({ name: 'x', category: 'other', value: 'abcde' }).map((f) => [f.form, key(f.bytes)]),
      [['raw', 'abcde']],
    );
    assert.deepEqual(identifierForms({ name: 'x', category: 'other', value: 'abc' }), []);
    assert.deepEqual(identifierForms({ name: 'location', category: 'location', value: null, location: { lat: 1, lon: 2, radiusM: 3 } }), []);
  });

  it('names encodings of normal forms after the normal form', () => {
    const names = identifierForms({ name: 'mac', category: 'device-id', value: '00:00:5E:00:53:01' }).map((f) => f.form);
    assert.ok(names.includes('lower'));
    assert.ok(names.includes('mac-nosep-upper'));
    assert.ok(names.includes('mac-dash-lower+sha256-hex'));
    assert.ok(names.includes('mac-dot-upper+base64url') || names.includes('mac-dot-upper+base64'));
  });
});

describe('detect: withEncodings', () => {
  it('prefixes the decoding chain, outermost first', () => {
    assert.equal(withEncodings('base64', ['gzip']), 'gzip+base64');
    assert.equal(withEncodings('sha256-hex', ['br', 'base64']), 'br+base64+sha256-hex');
    assert.equal(withEncodings('raw', ['deflate']), 'deflate');
    assert.equal(withEncodings('url', []), 'url');
  });
});
