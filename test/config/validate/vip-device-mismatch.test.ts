import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at } from './helpers';

const other = (address: string, extra: string[] = []) => ['virtual web2 {', '     active = 1', `     address = ${address}`, '     port = 443', ...extra, '     server b {', '         address = 10.0.0.12', '         active = 1', '     }', '}'];

test('vip-device-mismatch: the same VIP on another device, on the device', () => {
  assert.deepEqual(at([...VALID, ...other('10.0.0.100 eth1:1')], 'vip-device-mismatch'), [[20, 27, 'warning']]);
});

test('vip-device-mismatch: the same VIP with another vip_nmask, on the mask', () => {
  const lines = [...VALID];
  lines.splice(7, 0, '     vip_nmask = 255.255.255.0');
  assert.deepEqual(at([...lines, ...other('10.0.0.100 eth0:1', ['     vip_nmask = 255.255.255.255'])], 'vip-device-mismatch'), [[23, 18, 'warning']]);
});

test('vip-device-mismatch: the same VIP on the same device, or another VIP, is fine', () => {
  assert.deepEqual(at([...VALID, ...other('10.0.0.100 eth0:1')], 'vip-device-mismatch'), []);
  assert.deepEqual(at([...VALID, ...other('10.0.0.101 eth1:1')], 'vip-device-mismatch'), []);
});
