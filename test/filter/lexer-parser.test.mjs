// Unit tests for the display-filter scanner and parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, SyntaxErr } from '../../dist/filter/lexer.js';
import { parseFilter } from '../../dist/filter/parser.js';
import { pcreToRegExp, parseIPv6 } from '../../dist/filter/compile.js';

const kinds = s => tokenize(s).map(t => [t.value, t.pos]);

test('words, operators and their word forms', () => {
  assert.deepEqual(kinds('ip.src==10.0.0.0/8&&!udp'), [['ip.src', 0], ['any_eq', 6], ['10.0.0.0/8', 8], ['and', 18], ['not', 20], ['udp', 21], ['', 24]]);
  assert.deepEqual(tokenize('a eq b ne c all_eq d any_ne e ~= f === g !== h').filter(t => t.t === 11).map(t => t.value),
    ['any_eq', 'all_ne', 'all_eq', 'any_ne', 'any_ne', 'all_eq', 'any_ne']);
  assert.deepEqual(tokenize('x gt 1 ge 2 lt 3 le 4 contains 5 matches 6 ~ 7').filter(t => t.t === 11).map(t => t.value),
    ['gt', 'ge', 'lt', 'le', 'contains', 'matches', 'matches']);
  // "equal" is a word, not "eq" followed by "ual"
  assert.equal(tokenize('equal')[0].value, 'equal');
});

test('ranges in sets do not swallow the dots', () => {
  assert.deepEqual(kinds('{1..3}').map(k => k[0]), ['{', '1', '..', '3', '}', '']);
  assert.deepEqual(kinds('{0.5..1.5}').map(k => k[0]), ['{', '0.5', '..', '1.5', '}', '']);
});

test('strings: escapes, raw strings, unterminated', () => {
  assert.equal(tokenize('"a\\x41\\101\\n\\"q"')[0].value, 'aAA\n"q');
  assert.equal(tokenize('r"a\\.b\\"c"')[0].value, 'a\\.b"c');
  assert.throws(() => tokenize('frame contains "abc'), e => e instanceof SyntaxErr && e.message === 'The final quote was missing from a quoted string.' && e.pos === 19);
});

test('slices and layers', () => {
  assert.deepEqual(tokenize('frame[0:3,-2:]').map(t => t.value), ['frame', '[', '0:3', ',', '-2:', ']', '']);
  assert.deepEqual(tokenize('ip.src#2').map(t => t.value), ['ip.src', '#', '2', '']);
  assert.throws(() => tokenize('ip.src#-1'), /Expected digit or "\[", not "-"/);
  assert.throws(() => tokenize('frame[0:1'), /right bracket was missing/);
});

test('CIDR prefixes scan at most two digits', () => {
  assert.deepEqual(tokenize('10.0.0.0/255').map(t => t.value), ['10.0.0.0/25', '5', '']);
});

test('precedence: and binds tighter than or; not tighter than and', () => {
  const t = parseFilter('a or b and not c');
  assert.equal(t.k, 'or');
  assert.equal(t.b.k, 'and');
  assert.equal(t.b.b.k, 'not');
});

test('chained comparisons become a conjunction', () => {
  const t = parseFilter('a < b < c');
  assert.equal(t.k, 'and');
  assert.equal(t.a.k, 'test');
  assert.equal(t.b.a.tok.value, 'b');
});

test('arithmetic: * before +, & lowest, unary minus', () => {
  const t = parseFilter('x + 2 * 3 & 4 == -1');
  assert.equal(t.k, 'test');
  assert.equal(t.a.op, '&');
  assert.equal(t.a.a.op, '+');
  assert.equal(t.a.a.b.op, '*');
  assert.equal(t.b.k, 'neg');
});

test('sets, not in, functions', () => {
  const t = parseFilter('p not in {1, 2..5}');
  assert.equal(t.k, 'in'); assert.equal(t.neg, true);
  assert.equal(t.items.length, 2); assert.equal(t.items[1].hi.tok.value, '5');
  const f = parseFilter('len(frame) > 3');
  assert.equal(f.a.k, 'func'); assert.equal(f.a.name, 'len');
});

test('syntax errors say what tshark says', () => {
  assert.throws(() => parseFilter('a =='), { message: 'Unexpected end of filter expression.' });
  assert.throws(() => parseFilter('a == 1 xor b'), { message: '"xor" was unexpected in this context.' });
  assert.throws(() => parseFilter('p in {1 2}'), { message: '"2" was unexpected in this context.' });
  assert.throws(() => parseFilter('()'), { message: '")" was unexpected in this context.' });
});

test('PCRE patterns: caseless by default, (?-i) turns it off', () => {
  assert.ok(pcreToRegExp('get').test('GET /'));
  assert.ok(!pcreToRegExp('(?-i)get').test('GET /'));
  assert.ok(pcreToRegExp('(?s)a.b').test('a\nb'));
});

test('IPv6 literals', () => {
  assert.deepEqual([...parseIPv6('fd00::53')], [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53]);
  assert.deepEqual([...parseIPv6('::ffff:1.2.3.4')].slice(10), [0xff, 0xff, 1, 2, 3, 4]);
  assert.equal(parseIPv6('1::2::3'), null);
});
