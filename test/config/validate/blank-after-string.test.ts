import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('blank-after-string: trailing blanks after a blank-free quoted value are an error at the blanks', () => {
  assert.deepEqual(at(replace(10, '     expect = "HTTP" '), 'blank-after-string'), [[10, 21, 'error']]);
  assert.deepEqual(at(replace(10, '     expect = "HTTP"\t\t'), 'blank-after-string'), [[10, 21, 'error']]);
});

test('blank-after-string: after a quoted value with blanks it is a warning (unverified in pulse)', () => {
  assert.deepEqual(at(replace(10, '     expect = "HTTP/1.1 200" '), 'blank-after-string'), [[10, 29, 'warning']]);
});

test('blank-after-string: no trailing blanks, or after an unquoted word, is fine', () => {
  assert.deepEqual(at(VALID, 'blank-after-string'), []);
  assert.deepEqual(at(replace(11, '     scheduler = wlc  '), 'blank-after-string'), []);
});
