import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('no-active-virtual: no virtual with active = 1, at the first virtual\'s active value', () => {
  assert.deepEqual(at(replace(6, '     active = 0'), 'no-active-virtual'), [[6, 15, 'error']]);
});

test('no-active-virtual: without any virtual, at the start of the file', () => {
  assert.deepEqual(at(VALID.slice(0, 4), 'no-active-virtual'), [[1, 1, 'error']]);
});

test('no-active-virtual: not for service = fos, nor with an active virtual', () => {
  const fos = replace(6, '     active = 0');
  fos[2] = 'service = fos';
  assert.deepEqual(at(fos, 'no-active-virtual'), []);
  assert.deepEqual(at(VALID, 'no-active-virtual'), []);
});
