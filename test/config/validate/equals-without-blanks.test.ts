import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at } from './helpers';
import { replace } from './helpers';

test('equals-without-blanks: "key=value", "key= value" and "key =value" at the "="', () => {
  assert.deepEqual(at(replace(6, '     active=1'), 'equals-without-blanks'), [[6, 12, 'error']]);
  assert.deepEqual(at(replace(6, '     active= 1'), 'equals-without-blanks'), [[6, 12, 'error']]);
  assert.deepEqual(at(replace(2, 'primary =10.0.0.1'), 'equals-without-blanks'), [[2, 9, 'error']]);
});

test('equals-without-blanks: tabs and runs of spaces are fine; "=" inside a quoted value too', () => {
  const lines = replace(6, '\tactive \t=  1');
  lines[9] = '     expect = "a=b"';
  assert.deepEqual(at(lines, 'equals-without-blanks'), []);
  assert.deepEqual(at(VALID, 'equals-without-blanks'), []);
});
