// The pure unified diff used by --dry-run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffLines, splitLines, unifiedDiff } from '../../src/present/line-diff';

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
