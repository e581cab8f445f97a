import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, first, replace } from './helpers';

test('trailing-comment: "port = 80 # web" is an error spanning the comment', () => {
  const lines = replace(8, '     port = 80 # web');
  assert.deepEqual(at(lines, 'trailing-comment'), [[8, 16, 'error']]);
  assert.equal(first(lines, 'trailing-comment').span.length, 5);
  // the comment words are not also reported as extra arguments
  assert.deepEqual(at(lines, 'extra-arguments'), []);
});

test('trailing-comment: after a block "{" too, with the block kept intact', () => {
  const lines = replace(12, '     server web1 { # first');
  assert.deepEqual(at(lines, 'trailing-comment'), [[12, 20, 'error']]);
  assert.match(first(lines, 'trailing-comment').message, /^comment after a block header/);
  // the block still reads as a block: no cascade of stray braces or misplaced keys
  assert.deepEqual(at(lines, 'unmatched-brace'), []);
  assert.deepEqual(at(lines, 'unknown-key'), []);
});

test('trailing-comment: whole-line comments, a "#" value and "} # end" are fine', () => {
  const lines = replace(17, '} # end of web');
  lines.splice(1, 0, '   # indented comment', 'debug_level = #1');
  assert.deepEqual(at(lines, 'trailing-comment'), []);
  assert.deepEqual(at(VALID, 'trailing-comment'), []);
});
