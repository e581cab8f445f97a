import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, replace } from './helpers';

const NAT = ['network = nat', 'nat_router = 192.168.10.254 eth1:1', 'nat_nmask = 255.255.255.0'];

test('outside-nat-subnet: a real server off the NAT router\'s subnet is a warning on its address', () => {
  // VALID's real server is 10.0.0.11; the three NAT lines shift it to line 15
  assert.deepEqual(at(replace(4, ...NAT), 'outside-nat-subnet'), [[15, 20, 'warning']]);
});

test('outside-nat-subnet: servers on the subnet, direct routing, or no nat_nmask are fine', () => {
  const inside = replace(4, ...NAT);
  inside[14] = '         address = 192.168.10.11';
  assert.deepEqual(at(inside, 'outside-nat-subnet'), []);
  assert.deepEqual(at(replace(4, 'network = direct', 'nat_router = 192.168.10.254 eth1:1', 'nat_nmask = 255.255.255.0'), 'outside-nat-subnet'), []);
  assert.deepEqual(at(replace(4, 'network = nat', 'nat_router = 192.168.10.254 eth1:1'), 'outside-nat-subnet'), []);
});
