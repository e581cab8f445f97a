import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert, replace } from './helpers';

test('relative-program: send_program and active_cmd without an absolute path', () => {
  assert.deepEqual(at(replace(9, '     send_program = "check_http %h %p"'), 'relative-program'), [[9, 21, 'warning']]);
  assert.deepEqual(at(insert(4, 'active_cmd = notify.sh'), 'relative-program'), [[4, 14, 'warning']]);
});

test('relative-program: absolute paths are fine', () => {
  assert.deepEqual(at(replace(9, '     send_program = "/usr/local/bin/check_http %h %p"'), 'relative-program'), []);
  assert.deepEqual(at(insert(4, 'inactive_cmd = /usr/local/sbin/notify'), 'relative-program'), []);
  assert.deepEqual(at(VALID, 'relative-program'), []);
});
