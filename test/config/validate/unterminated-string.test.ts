import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, first, replace } from './helpers';

test('unterminated-string: a quote never closed on its line, spanning to the end of the line', () => {
  const lines = replace(10, '     expect = "HTTP');
  assert.deepEqual(at(lines, 'unterminated-string'), [[10, 15, 'error']]);
  assert.equal(first(lines, 'unterminated-string').span.length, 5);
});

test('unterminated-string: closed strings are fine', () => {
  assert.deepEqual(at(VALID, 'unterminated-string'), []);
  assert.deepEqual(at(replace(10, "     expect = 'HTTP'"), 'unterminated-string'), []);
});
