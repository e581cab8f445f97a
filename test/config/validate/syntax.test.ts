import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert, replace } from './helpers';

test('syntax: a line pulse cannot read is an error at its first word', () => {
  assert.deepEqual(at(replace(6, '     active 1'), 'syntax'), [[6, 6, 'error']]);
  assert.deepEqual(at(insert(3, '= lvs'), 'syntax'), [[3, 1, 'error']]);
  assert.deepEqual(at(insert(3, 'primary'), 'syntax'), [[3, 1, 'error']]);
});

test('syntax: stray braces and broken block headers get their own codes, valid lines none', () => {
  assert.deepEqual(at(insert(3, '}'), 'syntax'), []);
  assert.deepEqual(at(replace(12, '     server web1 { x'), 'syntax'), []);
  assert.deepEqual(at(VALID, 'syntax'), []);
});
