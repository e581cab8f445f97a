import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

test('monitor-conflict: send and use_regex next to send_program are ignored by nanny (warnings)', () => {
  const lines = insert(11, '     use_regex = 1', '     send_program = "/usr/local/bin/check %h"');
  assert.deepEqual(at(lines, 'monitor-conflict'), [
    [9, 13, 'warning'],
    [11, 18, 'warning'],
  ]);
});

test('monitor-conflict: send_program with expect only, or send without a program, is fine', () => {
  const lines = insert(11, '     send_program = "/usr/local/bin/check %h"');
  lines.splice(8, 1); // drop send
  assert.deepEqual(at(lines, 'monitor-conflict'), []);
  assert.deepEqual(at(VALID, 'monitor-conflict'), []);
});
