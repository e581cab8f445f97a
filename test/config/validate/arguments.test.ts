import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('extra-arguments: two words for a one-value key, spanning the extra words', () => {
  assert.deepEqual(at(replace(11, '     scheduler = wlc rr'), 'extra-arguments'), [[11, 22, 'error']]);
  assert.deepEqual(at(replace(9, '     send = GET / HTTP/1.0'), 'extra-arguments'), [[9, 17, 'error']]);
});

test('extra-arguments: a real server address takes one word, a virtual address two', () => {
  assert.deepEqual(at(replace(13, '         address = 10.0.0.11 eth0'), 'extra-arguments'), [[13, 30, 'error']]);
  assert.deepEqual(at(replace(7, '     address = 10.0.0.100 eth0:1 up'), 'extra-arguments'), [[7, 34, 'error']]);
});

test('missing-device: a virtual address or nat_router without a device', () => {
  assert.deepEqual(at(replace(7, '     address = 10.0.0.100'), 'missing-device'), [[7, 16, 'error']]);
  assert.deepEqual(at(replace(4, 'nat_router = 192.168.1.254'), 'missing-device'), [[4, 14, 'error']]);
});

test('missing-value: "key =" with nothing after it', () => {
  assert.deepEqual(at(replace(11, '     scheduler ='), 'missing-value'), [[11, 16, 'error']]);
});

test('arguments: the valid file and quoted values with blanks are fine', () => {
  const lines = [...VALID];
  for (const code of ['extra-arguments', 'missing-device', 'missing-value']) assert.deepEqual(at(lines, code), []);
  assert.deepEqual(at(replace(4, 'network = nat', 'nat_router = 10.0.0.254 eth1:1'), 'missing-device'), []);
});

test('arguments: words after a lone "\\r" are left to cr-character (pulse starts a new line there)', () => {
  const lines = replace(2, 'primary = 10.0.0.1\rbackup = 10.0.0.2');
  assert.deepEqual(at(lines, 'extra-arguments'), []);
  assert.deepEqual(at(lines, 'cr-character'), [[2, 19, 'error']]);
});
