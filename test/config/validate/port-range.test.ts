import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert, replace } from './helpers';

test('port-range: virtual port, real-server port and heartbeat_port outside 1..65535', () => {
  assert.deepEqual(at(replace(8, '     port = 0'), 'port-range'), [[8, 13, 'error']]);
  assert.deepEqual(at(insert(15, '         port = 70000'), 'port-range'), [[15, 17, 'error']]);
  assert.deepEqual(at(insert(4, 'heartbeat_port = 65536'), 'port-range'), [[4, 18, 'error']]);
});

test('port-range: 1, 65535 and service names are fine', () => {
  assert.deepEqual(at(replace(8, '     port = 65535'), 'port-range'), []);
  assert.deepEqual(at(insert(15, '         port = 1'), 'port-range'), []);
  assert.deepEqual(at(insert(4, 'heartbeat_port = pulse'), 'port-range'), []);
  assert.deepEqual(at(VALID, 'port-range'), []);
});
