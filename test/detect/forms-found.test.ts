import assert from 'node:assert/strict';
import { compileMatcher } from '../../src/detect/matcher.js';
import type { Hit, IdentifierDecl } from '../../src/detect/types.js';
import { b64, b64url, digest, filler, hex, prng, pushSplit } from './helpers.js';

/** `\uXXXX` for every non-ASCII UTF-16 unit, written here independently of src/. */
function uEscape(s: string, upper: boolean): string {
  return s.replace(/[\u0080-\uffff]/g, (c) => {
    const h = c.charCodeAt(0).toString(16).padStart(4, '0');
    return '\\u' + (upper ? h.toUpperCase() : h);
  });
}

const VALUE = 'u-7f3a9c/Ø?tok';
const DECL: IdentifierDecl = { name: 'crm-token', category: 'account', value: VALUE };

/** [expected form, text as sent] made with Node's Buffer, crypto and encodeURIComponent. */
function cases(): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['raw', VALUE],
    ['upper', VALUE.toUpperCase()],
    ['lower', VALUE.toLowerCase()],
    ['url', encodeURIComponent(VALUE)],
    ['url', hex(VALUE).replace(/../g, (h) => '%' + h.toUpperCase())],
    ['url', hex(VALUE).replace(/../g, (h) => '%' + h)],
    ['json', uEscape(VALUE, false)],
    ['json', uEscape(VALUE, true).replace(/\//g, '\\/')],
    ['json', VALUE.replace(/\//g, '\\/')],
    ['hex', hex(VALUE)],
    ['hex', hex(VALUE).toUpperCase()],
    ['base64', b64(VALUE)],
    ['base64', b64(VALUE).replace(/=+$/, '')],
    ['base64url', b64url(VALUE)],
    ['url+base64', encodeURIComponent(b64(VALUE))],
  ];
  for (const alg of ['md5', 'sha1', 'sha256']) {
    const d = digest(alg, VALUE);
    out.push([`${alg}-hex`, d.toString('hex')], [`${alg}-hex`, d.toString('hex').toUpperCase()]);
    out.push([`${alg}-base64`, d.toString('base64')]);
    // When no `+` or `/` occurs, base64url spells the same bytes and the simpler name is kept.
    const same = d.toString('base64').startsWith(d.toString('base64url'));
    out.push([same ? `${alg}-base64` : `${alg}-base64url`, d.toString('base64url')]);
  }
  return out;
}

function findForm(hits: Hit[], form: string, offset: number, text: string): Hit | undefined {
  return hits.find((h) => h.identifier === 'crm-token' && h.form === form && h.offset === offset && h.length <= Buffer.byteLength(text));
}

describe('detect: every form of a value, made by independent encoders', () => {
  const matcher = compileMatcher([DECL]);

  it('the test value has base64 text that differs from base64url (so both are exercised)', () => {
    assert.notEqual(b64(VALUE), b64url(VALUE));
    assert.equal(matcher.warnings.length, 0);
  });

  for (const [form, text] of cases()) {
    it(`finds ${form} (${text.slice(0, 24)}${text.length > 24 ? '...' : ''}) inside random bytes`, () => {
      const rand = prng(text.length * 7919 + form.length);
      const before = filler(rand, 37);
      const data = Buffer.concat([before, Buffer.from(text, 'utf8'), filler(rand, 41)]);
      const hit = findForm(matcher.scan(data), form, before.length, text);
      assert.ok(hit, `no ${form} hit at ${before.length}: ${JSON.stringify(matcher.scan(data))}`);
      assert.ok(hit.length >= 8, 'a hit spans the determined part of the form');
    });
  }

  it('finds each form split across two push() chunks at every position', () => {
    for (const [form, text] of cases()) {
      const data = Buffer.concat([Buffer.from('<<'), Buffer.from(text, 'utf8'), Buffer.from('>>')]);
      for (let cut = 0; cut <= data.length; cut++) {
        const hits = pushSplit(matcher.stream(), data, [cut]);
        assert.ok(findForm(hits, form, 2, text), `${form} split at ${cut}`);
      }
    }
  });

  it('finds each form split across three push() chunks at every pair of positions', () => {
    for (const [form, text] of cases()) {
      const data = Buffer.concat([Buffer.from('<'), Buffer.from(text, 'utf8'), Buffer.from('>')]);
      for (let a = 0; a <= data.length; a++) {
        for (let b = a; b <= data.length; b++) {
          const hits = pushSplit(matcher.stream(), data, [a, b]);
          assert.ok(findForm(hits, form, 1, text), `${form} split at ${a}, ${b}`);
        }
      }
    }
  });

  it('finds the value in base64 of a longer JSON at all three alignments, wrapped by LF/76 and CRLF/64', () => {
    for (const pad of ['', 'x', 'xy']) {
      const json = JSON.stringify({ pad, token: VALUE, n: 1 });
      const full = b64(json);
      for (const [width, eol] of [[76, '\n'], [64, '\r\n']] as const) {
        const wrapped = (full.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(eol);
        const hits = matcher.scan(Buffer.from(`body=${wrapped}\n`));
        const hit = hits.find((h) => h.form === 'base64');
        assert.ok(hit, `alignment ${Buffer.byteLength(json.slice(0, json.indexOf(VALUE))) % 3}, width ${width}`);
        const covered = Buffer.from(`body=${wrapped}`).subarray(hit.offset, hit.offset + hit.length).toString('latin1');
        assert.ok(full.includes(covered.replace(/[\r\n]/g, '')), 'the hit covers base64 text of the body');
        assert.notEqual(covered[0], '\n');
      }
    }
  });

  it('reports an offset counting the CR/LF bytes inside and before the match', () => {
    const text = b64(VALUE);
    const data = Buffer.from(`\r\n\r\n${text.slice(0, 3)}\r\n${text.slice(3, 9)}\n\n\n${text.slice(9)}`);
    const hit = matcher.scan(data).find((h) => h.form === 'base64');
    assert.ok(hit);
    assert.equal(text.length, 20, '15 bytes: every base64 character is determined');
    assert.equal(hit.offset, 4);
    assert.equal(hit.length, text.length + 5);
    assert.equal(data.subarray(hit.offset, hit.offset + hit.length).toString().replace(/[\r\n]/g, ''), text);
    const lines = matcher.scan(Buffer.from(`ab\r\ncd${VALUE.slice(0, 5)}\r\n${VALUE.slice(5)}`));
    assert.deepEqual(
      lines.map((h) => [h.form, h.offset, h.length]),
      [['raw', 6, Buffer.byteLength(VALUE) + 2]],
    );
  });

  it('does not match a near miss (one character changed)', () => {
    const near = VALUE.replace('9', '8');
    const data = Buffer.from([near, b64(near), hex(near), digest('sha256', near).toString('hex')].join(' '));
    assert.deepEqual(matcher.scan(data), []);
  });
});
