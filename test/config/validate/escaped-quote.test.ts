import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('escaped-quote: \\" inside a double-quoted value is an error at the backslash', () => {
  const lines = replace(10, '     expect = "say \\"hi\\""');
  assert.deepEqual(at(lines, 'escaped-quote'), [[10, 20, 'error']]);
  assert.deepEqual(at(lines, 'extra-arguments'), []);
});

test('escaped-quote: an escaped backslash before the closing quote, and \\r\\n, are fine', () => {
  assert.deepEqual(at(replace(10, '     expect = "C:\\\\"'), 'escaped-quote'), []);
  assert.deepEqual(at(VALID, 'escaped-quote'), []);
});
