import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

test('missing-backup: backup_active = 1 with no backup is a warning on backup_active', () => {
  assert.deepEqual(at(insert(4, 'backup_active = 1'), 'missing-backup'), [[4, 17, 'warning']]);
});

test('missing-backup: with a backup, or redundancy off, is fine', () => {
  assert.deepEqual(at(insert(4, 'backup_active = 1', 'backup = 10.0.0.2'), 'missing-backup'), []);
  assert.deepEqual(at(insert(4, 'backup_active = 0'), 'missing-backup'), []);
  assert.deepEqual(at(VALID, 'missing-backup'), []);
});
