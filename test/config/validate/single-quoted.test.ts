import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('single-quoted: a single-quoted expect reaches nanny with its quotes (warning)', () => {
  assert.deepEqual(at(replace(10, "     expect = 'HTTP'"), 'single-quoted'), [[10, 15, 'warning']]);
});

test('single-quoted: double quotes, or a single quote inside double quotes, are fine', () => {
  assert.deepEqual(at(VALID, 'single-quoted'), []);
  assert.deepEqual(at(replace(10, '     expect = "it\'s"'), 'single-quoted'), []);
});

test('single-quoted: an unterminated single quote is only unterminated-string', () => {
  const lines = replace(10, "     expect = 'HTTP");
  assert.deepEqual(at(lines, 'single-quoted'), []);
  assert.deepEqual(at(lines, 'unterminated-string'), [[10, 15, 'error']]);
});
