import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('invalid-ipv4: masks and sorry_server must be dotted quads', () => {
  assert.deepEqual(at(replace(8, '     vip_nmask = 255.255.255'), 'invalid-ipv4'), [[8, 18, 'error']]);
  assert.deepEqual(at(replace(8, '     sorry_server = sorry.example.com'), 'invalid-ipv4'), [[8, 21, 'error']]);
});

test('invalid-ipv4: an IP-looking value that is not an address, where host names are allowed', () => {
  assert.deepEqual(at(replace(13, '         address = 10.0.0.256'), 'invalid-ipv4'), [[13, 20, 'error']]);
  assert.deepEqual(at(replace(7, '     address = 10.0.0 eth0:1'), 'invalid-ipv4'), [[7, 16, 'error']]);
  assert.deepEqual(at(replace(2, 'primary = 1.2.3.4.5'), 'invalid-ipv4'), [[2, 11, 'error']]);
});

test('octal-ipv4: a leading zero makes an octet octal (warning)', () => {
  assert.deepEqual(at(replace(13, '         address = 10.0.0.011'), 'octal-ipv4'), [[13, 20, 'warning']]);
});

test('invalid-ipv4: host names where allowed, and valid quads, are fine', () => {
  assert.deepEqual(at(replace(13, '         address = web1.example.com'), 'invalid-ipv4'), []);
  assert.deepEqual(at(replace(8, '     vip_nmask = 255.255.255.0'), 'invalid-ipv4'), []);
  assert.deepEqual(at(replace(13, '         address = 10.0.0.0'), 'octal-ipv4'), []);
  assert.deepEqual(at(VALID, 'invalid-ipv4'), []);
});
