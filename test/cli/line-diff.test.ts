// The pure unified diff used by --dry-run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffLines, splitLines, unifiedDiff, unifiedDiffOfLines } from '../../src/present/line-diff';

test('line diff: equal texts give nothing', () => {
  assert.equal(unifiedDiff('a\nb\n', 'a\nb\n', 'x', 'y'), '');
});

test('line diff: one changed line with context, hunk header counts', () => {
  const a = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\n';
  const b = a.replace('l5', 'L5');
  assert.equal(unifiedDiff(a, b, 'old', 'new'), '--- old\n+++ new\n@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n');
});

test('line diff: insertion into an empty file and a missing final newline', () => {
  assert.equal(unifiedDiff('', 'a\n', 'o', 'n'), '--- o\n+++ n\n@@ -0,0 +1,1 @@\n+a\n');
  assert.equal(unifiedDiff('a\nb', 'a\nb\n', 'o', 'n'), '--- o\n+++ n\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
});

test('line diff: separate hunks far apart, and a CRLF line differs from an LF one', () => {
  const a = Array.from({ length: 20 }, (_, i) => `x${i}\n`).join('');
  const b = a.replace('x1\n', 'y1\n').replace('x18\n', 'x18\r\n');
  const d = unifiedDiff(a, b, 'o', 'n');
  assert.deepEqual(d.split('\n').filter((l) => l.startsWith('@@')), ['@@ -1,5 +1,5 @@', '@@ -16,5 +16,5 @@']);
  assert.ok(d.includes('+x18\r\n'));
});

test('line diff: an LCS diff keeps the common lines', () => {
  const ops = diffLines(splitLines('a\nb\nc\nd\n'), splitLines('a\nc\nd\ne\n'));
  assert.deepEqual(ops.map((o) => o.op + o.text.trim()), [' a', '-b', ' c', ' d', '+e']);
});

test('line diff: trimming the common head and tail first gives the same diff as diffing every line', () => {
  // random texts over a small alphabet of lines (repeats, CRLF, no final newline, empty), random edits
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pieces = ['a\n', 'b\n', 'a\r\n', '\n', 'ccc\n', 'a', 'b'];
  const text = (len: number) => Array.from({ length: len }, () => pieces[rand(pieces.length)]).join('');
  let compared = 0;
  for (let k = 0; k < 3000; k++) {
    const a = text(rand(30));
    let b = a;
    for (let e = rand(4); e >= 0; e--) {
      const at = rand(b.length + 1);
      b = rand(2) ? b.slice(0, at) + pieces[rand(pieces.length)] + b.slice(at) : b.slice(0, at) + b.slice(at + 1 + rand(3));
    }
    const context = rand(4);
    const want = a === b ? '' : unifiedDiffOfLines(splitLines(a), splitLines(b), 'o', 'n', context);
    assert.equal(unifiedDiff(a, b, 'o', 'n', context), want, JSON.stringify({ a, b, context }));
    if (want) compared++;
  }
  assert.ok(compared > 2000, `only ${compared} texts differed`);
});
