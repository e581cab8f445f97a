import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('unresolved-host: a host name the caller could not resolve is a warning on the value', () => {
  const lines = replace(13, '         address = web1.example.com');
  lines[1] = 'primary = lvs1.example.com';
  const resolved = new Map([
    ['web1.example.com', false],
    ['lvs1.example.com', false],
  ]);
  assert.deepEqual(at(lines, 'unresolved-host', { resolved }), [
    [2, 11, 'warning'],
    [13, 20, 'warning'],
  ]);
});

test('unresolved-host: names that resolve, or were not looked up, are not reported', () => {
  const lines = replace(13, '         address = web1.example.com');
  assert.deepEqual(at(lines, 'unresolved-host', { resolved: new Map([['web1.example.com', true]]) }), []);
  assert.deepEqual(at(lines, 'unresolved-host'), []);
  assert.deepEqual(at(VALID, 'unresolved-host', { resolved: new Map([['10.0.0.11', false]]) }), []);
});
