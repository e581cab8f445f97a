import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../src/config/parse';
import { lex, TK } from '../../src/config/lexer';
import { BlockNode, LineNode, valueText } from '../../src/config/cst';

const p = (s: string) => parse(Buffer.from(s, 'latin1'));

test('lexer: tokens are contiguous offsets covering every byte', () => {
  const src = Buffer.from('virtual "a b" {\r\n\tsend = "x # {y}"\r\n y = 2\r z\n', 'latin1');
  const t = lex(src);
  assert.equal(t.starts[0], 0);
  assert.equal(t.starts[t.count], src.length);
  for (let i = 0; i < t.count; i++) assert.ok(t.starts[i] < t.starts[i + 1]);
  const kinds = Array.from(t.kinds);
  assert.ok(kinds.includes(TK.CR), 'a lone CR is its own token');
  assert.equal(kinds.filter((k) => k === TK.NL).length, 3);
});

test('lexer: "#" starts a comment only as the first non-blank of a line', () => {
  const t = lex(Buffer.from('  # one\nport = 80 # two\n'));
  const comments = Array.from(t.kinds).filter((k) => k === TK.COMMENT);
  assert.equal(comments.length, 1);
});

test('parse: virtual and server blocks nest; lines keep their kind and key', () => {
  const doc = p('primary = 10.0.0.1\n# note\n\nvirtual www {\n     port = 80\n     server a {\n         weight = 2\n     }\n}\n');
  assert.deepEqual(
    doc.body.map((n) => (n.type === 'line' ? n.kind : n.kind)),
    ['attr', 'comment', 'blank', 'virtual'],
  );
  const v = doc.body[3] as BlockNode;
  assert.equal(v.name, 'www');
  const s = v.body[1] as BlockNode;
  assert.equal(s.kind, 'server');
  assert.equal(s.name, 'a');
  assert.equal(valueText(s.body[0] as LineNode), '2');
});

test('parse: braces and "#" inside quoted strings do not open, close or comment', () => {
  const doc = p('virtual a {\n send = "}{ # x"\n}\n');
  assert.equal(doc.body.length, 1);
  const v = doc.body[0] as BlockNode;
  assert.ok(v.close);
  assert.equal(valueText(v.body[0] as LineNode), '"}{ # x"');
});

test('parse: a stray "}" is opaque and an unclosed block has no close line', () => {
  const doc = p('}\nvirtual a {\n active = 1\n');
  assert.equal((doc.body[0] as LineNode).kind, 'opaque');
  const v = doc.body[1] as BlockNode;
  assert.equal(v.close, null);
  assert.equal(v.body.length, 1);
});

test('parse: key=value without blanks is still read as a key (the validator flags it)', () => {
  const line = p('active=1\n').body[0] as LineNode;
  assert.equal(line.kind, 'attr');
  assert.equal(line.key, 'active');
  assert.equal(valueText(line), '1');
});

test('parse: unknown block keywords are kept as blocks of kind "other"', () => {
  const doc = p('foo bar {\n x = 1\n}\n');
  assert.equal((doc.body[0] as BlockNode).kind, 'other');
});

test('parse: words after a block header\'s "{" keep the block intact (the validator reports them)', () => {
  const doc = p('virtual a { # web\n active = 1\n}\n');
  assert.equal(doc.body.length, 1);
  const v = doc.body[0] as BlockNode;
  assert.equal(v.kind, 'virtual');
  assert.equal(v.name, 'a');
  assert.ok(v.close);
});
