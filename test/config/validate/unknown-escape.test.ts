import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('unknown-escape: \\d in expect is a warning at the backslash', () => {
  assert.deepEqual(at(replace(10, '     expect = "HTTP/1.\\d"'), 'unknown-escape'), [[10, 23, 'warning']]);
});

test('unknown-escape: \\\\ \\r \\n \\t \\\' are what nanny converts; send_program is not converted', () => {
  assert.deepEqual(at(replace(10, '     expect = "a\\\\d\\t\\\'"'), 'unknown-escape'), []);
  assert.deepEqual(at(replace(9, '     send_program = "/bin/check \\d"'), 'unknown-escape'), []);
  assert.deepEqual(at(VALID, 'unknown-escape'), []);
});
