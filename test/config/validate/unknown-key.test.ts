import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

test('unknown-key: a key of another block, and one the GUI writes but pulse rejects', () => {
  assert.deepEqual(at(insert(4, 'weight = 1'), 'unknown-key'), [[4, 1, 'error']]);
  assert.deepEqual(at(insert(16, '         nmask = 255.255.255.0'), 'unknown-key'), [[16, 10, 'error']]);
});

test('unknown-key: keys inside an unknown block are not reported (misplaced-block is)', () => {
  assert.deepEqual(at(insert(5, 'group g {', '   anything = 1', '}'), 'unknown-key'), []);
  assert.deepEqual(at(VALID, 'unknown-key'), []);
});
