import assert from 'node:assert/strict';
import { hitsOf, matched } from './helpers.js';

describe('detect/undeclared: MAC', () => {
  const mustMatch: Array<[string, string, string]> = [
    ['colon, lower case', 'mac=3c:5a:b4:01:23:45&x', '3c:5a:b4:01:23:45'],
    ['dash, upper case', 'MAC: 3C-5A-B4-01-23-45\r\n', '3C-5A-B4-01-23-45'],
    ['JSON value', '{"bssid":"aa:bb:cc:dd:ee:0f"}', 'aa:bb:cc:dd:ee:0f'],
    ['mDNS TXT record', 'waMA=C4:2C:03:06:49:FE,adVF=0x4', 'C4:2C:03:06:49:FE'],
    ['all digits', '(00:11:22:33:44:55)', '00:11:22:33:44:55'],
    ['end of stream', 'x 3c:5a:b4:01:23:45', '3c:5a:b4:01:23:45'],
    ['URL-encoded JSON', 'd=%7B%22mac%22%3A%223c:5a:b4:01:23:45%22%7D', '3c:5a:b4:01:23:45'],
  ];
  for (const [what, text, want] of mustMatch) {
    it(`finds a MAC: ${what}`, () => assert.deepEqual(matched(['mac'], text), [want]));
  }

  const mustNot: Array<[string, string]> = [
    ['mixed separators', 'm=3c:5a-b4:01:23:45'],
    ['mixed case', 'm=3c:5A:b4:01:23:45'],
    ['all zero', 'm=00:00:00:00:00:00'],
    ['broadcast', 'm=ff:ff:ff:ff:ff:ff FF-FF-FF-FF-FF-FF'],
    ['an IPv6 address ending in six pairs', 'ip=fe80::3c:5a:b4:01:23:45'],
    ['an IPv6 address with eight groups', 'ip=2001:db8:3c:5a:b4:01:23:45'],
    ['seven groups', 'm=3c:5a:b4:01:23:45:67'],
    ['five groups', 'm=3c:5a:b4:01:23'],
    ['glued to a hex string', 'k=9f3c:5a:b4:01:23:45'],
    ['dotted and bare spellings', 'm=3c5a.b401.2345 m=3c5ab4012345'],
    ['a time of day', 'Date: Tue, 15 Nov 1994 08:12:31 GMT'],
    ['a UUID', 'id=550e8400-e29b-41d4-a716-446655440000'],
    ['an MD5 digest', 'etag=d41d8cd98f00b204e9800998ecf8427e'],
    ['single hex digits', 'm=3:5a:b4:1:23:45'],
  ];
  for (const [what, text] of mustNot) {
    it(`no MAC: ${what}`, () => assert.deepEqual(matched(['mac'], text), []));
  }

  it('reports category device-id and identifier undeclared:mac', () => {
    const [h] = hitsOf('mac', 'm=3c:5a:b4:01:23:45');
    assert.deepEqual(h, { identifier: 'undeclared:mac', category: 'device-id', form: 'raw', offset: 2, length: 17 });
  });
});

describe('detect/undeclared: e-mail', () => {
  const mustMatch: Array<[string, string, string]> = [
    ['plain', 'from jo@example.org today', 'jo@example.org'],
    ['JSON with +tag and subdomains', '{"email":"first.last+tag@mail.example.co.uk"}', 'first.last+tag@mail.example.co.uk'],
    ['query string value', 'GET /s?email=jo@example.org&x=1', 'jo@example.org'],
    ['mailto', '<a href="mailto:jo@example.org">', 'jo@example.org'],
    ['sentence end', 'write to a_b-c@sub-domain.example.com.', 'a_b-c@sub-domain.example.com'],
    ['HTML element text', '<a href="/w.php">webmaster@osu.edu</a>', 'webmaster@osu.edu'],
    ['upper case', 'JO@EXAMPLE.ORG', 'JO@EXAMPLE.ORG'],
    ['a URL path segment', 'GET /unsubscribe/jo@example.org HTTP/1.1', 'jo@example.org'],
    ['followed by a colon and a space', 'jo@example.org: hello', 'jo@example.org'],
  ];
  for (const [what, text, want] of mustMatch) {
    it(`finds an e-mail: ${what}`, () => assert.deepEqual(matched(['email'], text), [want]));
  }

  it('finds URL-encoded addresses with form url', () => {
    const text = 'email=jo%2Btag%40example.org&a=1';
    const hits = hitsOf('email', text);
    assert.equal(hits.length, 1);
    assert.equal(hits[0].form, 'url');
    assert.equal(text.slice(hits[0].offset, hits[0].offset + hits[0].length), 'jo%2Btag%40example.org');
    assert.deepEqual(matched(['email'], 'q=email%3Djo%40example.org'), ['jo%40example.org']);
    assert.equal(hitsOf('email', 'jo@example.org')[0].form, 'raw');
  });

  const mustNot: Array<[string, string]> = [
    ['user@host without a dot', 'ssh user@localhost'],
    ['an image at 2x', 'src="/img/icon@2x.png"'],
    ['a package version', 'lodash@4.17.21'],
    ['a CSS at-rule', '@media screen{}'],
    ['empty local part', 'x=@example.org'],
    ['two dots in the local part', 'a..b@example.org'],
    ['local part ending with a dot', 'a.@example.org'],
    ['one-letter top-level label', 'jo@example.c'],
    ['numeric top-level label', 'jo@10.0.0.1'],
    ['label starting with a dash', 'jo@-example.org'],
    ['glued to _', 'jo@example.org_x'],
    ['part of a@b@c', 'a@b@example.org'],
    ['a local part longer than 64', `${'a'.repeat(65)}@example.org`],
    ['the user of a URL', 'GET https://user@example.org/a HTTP/1.1'],
    ['the password of a URL', 'ftp://user:secret@example.org/'],
    ['an scp-style git URL', '"ssh_url": "git@github.com:mitmproxy/mitmproxy.git"'],
  ];
  for (const [what, text] of mustNot) {
    it(`no e-mail: ${what}`, () => assert.deepEqual(matched(['email'], text), []));
  }

  it('reports category contact', () => {
    assert.equal(hitsOf('email', 'jo@example.org')[0].category, 'contact');
    assert.equal(hitsOf('email', 'jo@example.org')[0].identifier, 'undeclared:email');
  });
});
