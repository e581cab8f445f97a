// The TUI's status line and key hints as text: true now, in words.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hintsLine, keyLabel, statusLine } from '../../src/present/tui-status';

test('tui-status: file, pending changes, problems and read-only in words', () => {
  const base = { file: '/etc/sysconfig/ha/lvs.cf', pending: 0, errors: 0, warnings: 0, readOnly: false, readOnlyReason: null, demo: false };
  assert.equal(statusLine(base), '/etc/sysconfig/ha/lvs.cf | no pending changes | no problems');
  assert.equal(statusLine({ ...base, pending: 2, errors: 1, warnings: 3, demo: true }), 'DEMO /etc/sysconfig/ha/lvs.cf | 2 changes pending (A review) | 1 error, 3 warnings');
  assert.equal(statusLine({ ...base, pending: 1, readOnly: true, readOnlyReason: 'opened with --read-only' }), '/etc/sysconfig/ha/lvs.cf | 1 change pending (A review) | no problems | READ-ONLY: opened with --read-only');
});

test('tui-status: hints from bindings, cut at a whole hint; key labels with and without Unicode', () => {
  const b = [{ keys: ['enter'], hint: 'open' }, { keys: ['a'], hint: 'add' }, { keys: ['j'] }, { keys: ['C-u'], hint: 'clear' }, { keys: ['up'], hint: 'move' }];
  assert.equal(hintsLine(b, 80), 'Enter open  a add  ^U clear  ↑ move');
  assert.equal(hintsLine(b, 20), 'Enter open  a add');
  assert.equal(hintsLine(b, 80, false), 'Enter open  a add  ^U clear  Up move');
  assert.equal(keyLabel('S-tab'), 'S-Tab');
});
