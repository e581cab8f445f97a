import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('weight-range: weights outside 0..65535', () => {
  assert.deepEqual(at(replace(15, '         weight = 65536'), 'weight-range'), [[15, 19, 'error']]);
  assert.deepEqual(at(replace(15, '         weight = -1'), 'weight-range'), [[15, 19, 'error']]);
});

test('weight-range: 0 (quiesced) and 65535 are fine', () => {
  assert.deepEqual(at(replace(15, '         weight = 0'), 'weight-range'), []);
  assert.deepEqual(at(replace(15, '         weight = 65535'), 'weight-range'), []);
  assert.deepEqual(at(VALID, 'weight-range'), []);
});
