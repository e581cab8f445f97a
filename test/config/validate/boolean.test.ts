import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('not-boolean: a flag that is not 0 or 1', () => {
  assert.deepEqual(at(replace(14, '         active = yes'), 'not-boolean'), [[14, 19, 'error']]);
  assert.deepEqual(at(replace(6, '     active = 2'), 'not-boolean'), [[6, 15, 'error']]);
});

test('not-boolean: 0 and 1 are fine', () => {
  assert.deepEqual(at(replace(14, '         active = 0'), 'not-boolean'), []);
  assert.deepEqual(at(VALID, 'not-boolean'), []);
});
