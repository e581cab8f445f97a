import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

test('unmatched-brace: a "}" that closes no block', () => {
  assert.deepEqual(at([...VALID, '}'], 'unmatched-brace'), [[18, 1, 'error']]);
  assert.deepEqual(at(insert(3, '  }'), 'unmatched-brace'), [[3, 3, 'error']]);
});

test('unclosed-block: blocks the file never closes, at their "{"', () => {
  assert.deepEqual(at(VALID.slice(0, 16), 'unclosed-block'), [[5, 13, 'error']]);
  assert.deepEqual(at(VALID.slice(0, 14), 'unclosed-block'), [
    [5, 13, 'error'],
    [12, 18, 'error'],
  ]);
});

test('braces: a balanced file is fine', () => {
  assert.deepEqual(at(VALID, 'unmatched-brace'), []);
  assert.deepEqual(at(VALID, 'unclosed-block'), []);
});
