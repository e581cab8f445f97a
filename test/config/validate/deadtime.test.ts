import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

const REDUNDANT = ['backup_active = 1', 'backup = 10.0.0.2'];

test('deadtime-not-above-keepalive: an error with redundancy, on the deadtime value', () => {
  assert.deepEqual(at(insert(4, ...REDUNDANT, 'keepalive = 6', 'deadtime = 6'), 'deadtime-not-above-keepalive'), [[7, 12, 'error']]);
});

test('deadtime-not-above-keepalive: effective values (keepalive defaults to 2, deadtime to 5)', () => {
  assert.deepEqual(at(insert(4, ...REDUNDANT, 'keepalive = 5'), 'deadtime-not-above-keepalive'), [[6, 13, 'error']]);
  assert.deepEqual(at(insert(4, ...REDUNDANT, 'deadtime = 2'), 'deadtime-not-above-keepalive'), [[6, 12, 'error']]);
});

test('deadtime-not-above-keepalive: a warning without redundancy', () => {
  assert.deepEqual(at(insert(4, 'keepalive = 6', 'deadtime = 6'), 'deadtime-not-above-keepalive'), [[5, 12, 'warning']]);
});

test('deadtime-not-above-keepalive: the defaults and the GUI values are fine', () => {
  assert.deepEqual(at(insert(4, ...REDUNDANT, 'keepalive = 6', 'deadtime = 18'), 'deadtime-not-above-keepalive'), []);
  assert.deepEqual(at(insert(4, ...REDUNDANT), 'deadtime-not-above-keepalive'), []);
  assert.deepEqual(at(VALID, 'deadtime-not-above-keepalive'), []);
});
