import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at } from './helpers';

test('no-servers: an active virtual without real servers is a warning on its name', () => {
  assert.deepEqual(at([...VALID.slice(0, 11), '}'], 'no-servers'), [[5, 9, 'warning']]);
});

test('no-servers: with a server, or inactive, is fine', () => {
  const inactive = [...VALID.slice(0, 11), '}'];
  inactive[5] = '     active = 0';
  assert.deepEqual(at(inactive, 'no-servers'), []);
  assert.deepEqual(at(VALID, 'no-servers'), []);
});

test('no-servers: a virtual without a name is left to block-header', () => {
  assert.deepEqual(at([...VALID.slice(0, 4), 'virtual {', '     active = 1', '}'], 'no-servers'), []);
});
