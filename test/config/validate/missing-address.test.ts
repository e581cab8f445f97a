import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('missing-address: an active virtual without address, on its name', () => {
  assert.deepEqual(at(replace(7), 'missing-address'), [[5, 9, 'error']]);
});

test('missing-address: the GUI placeholder 0.0.0.0 on an active virtual or real server', () => {
  assert.deepEqual(at(replace(7, '     address = 0.0.0.0 eth0:1'), 'missing-address'), [[7, 16, 'error']]);
  assert.deepEqual(at(replace(13), 'missing-address'), [[12, 13, 'error']]);
});

test('missing-address: an inactive virtual without address is a warning; a placeholder is fine', () => {
  const inactive = replace(7);
  inactive[5] = '     active = 0';
  assert.deepEqual(at(inactive, 'missing-address'), [[5, 9, 'warning']]);
  const placeholder = replace(7, '     address = 0.0.0.0 eth0:1');
  placeholder[5] = '     active = 0';
  assert.deepEqual(at(placeholder, 'missing-address'), []);
  assert.deepEqual(at(VALID, 'missing-address'), []);
});
