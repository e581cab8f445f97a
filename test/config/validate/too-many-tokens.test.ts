import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at } from './helpers';

test('too-many-tokens: more than 100 words on a line, from the 101st', () => {
  const line = 'dirs = [ ' + Array.from({ length: 97 }, (_, i) => `d${i}`).join(' ') + ' ]'; // 101 words
  const lines = [...VALID.slice(0, 11), line, ...VALID.slice(11)];
  const col = line.lastIndexOf(']') + 1;
  assert.deepEqual(at(lines, 'too-many-tokens'), [[12, col, 'error']]);
});

test('too-many-tokens: 100 words are fine', () => {
  const line = 'dirs = [ ' + Array.from({ length: 96 }, (_, i) => `d${i}`).join(' ') + ' ]';
  assert.deepEqual(at([...VALID.slice(0, 11), line, ...VALID.slice(11)], 'too-many-tokens'), []);
  assert.deepEqual(at(VALID, 'too-many-tokens'), []);
});
