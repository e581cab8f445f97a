import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, insert } from './helpers';

test('backup-is-primary: backup equal to primary, on the backup value', () => {
  assert.deepEqual(at(insert(4, 'backup_active = 1', 'backup = 10.0.0.1'), 'backup-is-primary'), [[5, 10, 'error']]);
});

test('backup-is-primary: backup_private equal to primary_private', () => {
  const lines = insert(4, 'primary_private = 10.1.0.1', 'backup_active = 1', 'backup = 10.0.0.2', 'backup_private = 10.1.0.1');
  assert.deepEqual(at(lines, 'backup-is-primary'), [[7, 18, 'error']]);
});

test('backup-is-primary: distinct addresses, or redundancy off, are fine', () => {
  assert.deepEqual(at(insert(4, 'primary_private = 10.1.0.1', 'backup_active = 1', 'backup = 10.0.0.2', 'backup_private = 10.1.0.2'), 'backup-is-primary'), []);
  assert.deepEqual(at(insert(4, 'backup_active = 0', 'backup = 10.0.0.1'), 'backup-is-primary'), []);
  assert.deepEqual(at(VALID, 'backup-is-primary'), []);
});
