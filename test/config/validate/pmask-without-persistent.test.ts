import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

test('pmask-without-persistent: pmask with no persistence is a warning on the pmask', () => {
  assert.deepEqual(at(insert(9, '     pmask = 255.255.255.0'), 'pmask-without-persistent'), [[9, 14, 'warning']]);
  assert.deepEqual(at(insert(9, '     persistent = 0', '     pmask = 255.255.255.0'), 'pmask-without-persistent'), [[10, 14, 'warning']]);
});

test('pmask-without-persistent: with persistence, or pmask 255.255.255.255 (unset), is fine', () => {
  assert.deepEqual(at(insert(9, '     persistent = 300', '     pmask = 255.255.255.0'), 'pmask-without-persistent'), []);
  assert.deepEqual(at(insert(9, '     pmask = 255.255.255.255'), 'pmask-without-persistent'), []);
  assert.deepEqual(at(VALID, 'pmask-without-persistent'), []);
});
