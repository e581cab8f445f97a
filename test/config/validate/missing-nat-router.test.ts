import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('missing-nat-router: network = nat without nat_router, on the network value', () => {
  assert.deepEqual(at(replace(4, 'network = nat'), 'missing-nat-router'), [[4, 11, 'warning']]);
});

test('missing-nat-router: NAT by default (no network line), on the first active virtual', () => {
  assert.deepEqual(at(replace(4), 'missing-nat-router'), [[4, 9, 'warning']]);
});

test('missing-nat-router: with nat_router, in direct mode, or with no active virtual, is fine', () => {
  assert.deepEqual(at(replace(4, 'network = nat', 'nat_router = 10.0.0.254 eth1:1'), 'missing-nat-router'), []);
  const inactive = replace(4, 'network = nat');
  inactive[5] = '     active = 0';
  assert.deepEqual(at(inactive, 'missing-nat-router'), []);
  assert.deepEqual(at(VALID, 'missing-nat-router'), []);
});
