import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('invalid-regex: use_regex = 1 with an expect that does not compile', () => {
  assert.deepEqual(at(replace(10, '     expect = "HTTP/1.[01"', '     use_regex = 1'), 'invalid-regex'), [[10, 15, 'warning']]);
});

test('invalid-regex: a valid pattern, or use_regex = 0, is fine', () => {
  assert.deepEqual(at(replace(10, '     expect = "HTTP/1.[01] 200"', '     use_regex = 1'), 'invalid-regex'), []);
  assert.deepEqual(at(replace(10, '     expect = "HTTP/1.[01"', '     use_regex = 0'), 'invalid-regex'), []);
  assert.deepEqual(at(VALID, 'invalid-regex'), []);
});

test('invalid-regex: judged by POSIX extended rules as glibc regcomp does, not JavaScript\'s', () => {
  // glibc accepts a repeated repetition and rejects a brace that opens no valid interval
  assert.deepEqual(at(replace(10, '     expect = "a**"', '     use_regex = 1'), 'invalid-regex'), []);
  assert.deepEqual(at(replace(10, '     expect = "a{x"', '     use_regex = 1'), 'invalid-regex'), [[10, 15, 'warning']]);
  assert.deepEqual(at(replace(10, '     expect = "*HTTP"', '     use_regex = 1'), 'invalid-regex'), [[10, 15, 'warning']]);
  assert.deepEqual(at(replace(10, '     expect = "[[:digit:]]+ OK"', '     use_regex = 1'), 'invalid-regex'), []);
});
