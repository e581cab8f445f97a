import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at } from './helpers';

test('empty-file: an empty file, or one of only blanks and comments, at 1:1', () => {
  assert.deepEqual(at('', 'empty-file'), [[1, 1, 'error']]);
  assert.deepEqual(at('# nothing yet\n\n   \n', 'empty-file'), [[1, 1, 'error']]);
  // and no second complaint about active virtuals
  assert.deepEqual(at('', 'no-active-virtual'), []);
});

test('empty-file: a file with settings is not empty', () => {
  assert.deepEqual(at(VALID, 'empty-file'), []);
});
