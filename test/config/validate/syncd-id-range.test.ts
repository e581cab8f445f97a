import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

test('syncd-id-range: a sync id above 255 is a warning (taken modulo 256)', () => {
  assert.deepEqual(at(insert(4, 'syncd_id = 256'), 'syncd-id-range'), [[4, 12, 'warning']]);
});

test('syncd-id-range: 0..255 is fine', () => {
  assert.deepEqual(at(insert(4, 'syncd_id = 255'), 'syncd-id-range'), []);
  assert.deepEqual(at(VALID, 'syncd-id-range'), []);
});
