import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert, replace } from './helpers';

test('value-range: timeout, keepalive and deadtime must be at least 1', () => {
  assert.deepEqual(at(replace(11, '     timeout = 0'), 'value-range'), [[11, 16, 'error']]);
  assert.deepEqual(at(insert(4, 'keepalive = 0'), 'value-range'), [[4, 13, 'error']]);
  assert.deepEqual(at(insert(4, 'deadtime = -5'), 'value-range'), [[4, 12, 'error']]);
});

test('value-range: reentry, persistent, fwmark and the IPVS timeouts cannot be negative', () => {
  assert.deepEqual(at(replace(11, '     persistent = -1'), 'value-range'), [[11, 19, 'error']]);
  assert.deepEqual(at(replace(11, '     reentry = -15'), 'value-range'), [[11, 16, 'error']]);
  assert.deepEqual(at(insert(4, 'tcp_timeout = -1'), 'value-range'), [[4, 15, 'error']]);
});

test('value-range: 0 means "none" for persistent, reentry, fwmark and timeouts', () => {
  for (const l of ['     persistent = 0', '     reentry = 0', '     fwmark = 0', '     timeout = 1']) assert.deepEqual(at(replace(11, l), 'value-range'), []);
  assert.deepEqual(at(insert(4, 'udp_timeout = 0'), 'value-range'), []);
  assert.deepEqual(at(VALID, 'value-range'), []);
});
