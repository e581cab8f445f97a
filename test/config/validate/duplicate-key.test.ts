import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

test('duplicate-key: a key set twice in one block is a warning on the second key', () => {
  assert.deepEqual(at(insert(4, 'primary = 10.0.0.9'), 'duplicate-key'), [[4, 1, 'warning']]);
  assert.deepEqual(at(insert(16, '         weight = 2'), 'duplicate-key'), [[16, 10, 'warning']]);
});

test('duplicate-key: a virtual key set again after its server blocks is the same block', () => {
  assert.deepEqual(at(insert(17, '     scheduler = rr'), 'duplicate-key'), [[17, 6, 'warning']]);
});

test('duplicate-key: the same key in different blocks is fine', () => {
  assert.deepEqual(at(VALID, 'duplicate-key'), []); // active and address appear in virtual and server
});

test('duplicate-key: nothing carries over from one file to the next', () => {
  assert.deepEqual(at(VALID, 'duplicate-key'), []);
  // starts with a comment and sets a key the previous file also set at the top level
  assert.deepEqual(at(['# again', ...VALID], 'duplicate-key'), []);
  assert.deepEqual(at(['', 'serial_no = 2', 'serial_no = 3'], 'duplicate-key'), [[3, 1, 'warning']]);
});
