// The audit log file: one line per record appended, 0600 in a 0700 directory, stderr clipped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditRecord, auditLogPath, clipAuditRecord, currentUser, fileAuditLog } from '../../src/system/audit-log';
import { IoError } from '../../src/system/io-error';

const record = (stderr: string): AuditRecord => ({
  time: '2024-05-01T10:00:00.000Z',
  user: { uid: 0 },
  command: ['apply', '--yes'],
  outcome: 'applied',
  durationMs: 12,
  steps: [{ id: 'iptables', title: 'load rules', outcome: 'applied', phases: [], notes: [], commands: [{ phase: 'apply', file: 'iptables-restore', args: ['--noflush'], exitCode: 0, stderr, durationMs: 3 }] }],
});

test('audit log: appends one JSON line per record; the file is 0600, its directory 0700', () => {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-audit-'));
  const log = fileAuditLog(auditLogPath(root));
  assert.equal(log.path, join(root, 'var', 'log', 'lvs-tui', 'audit.log'));
  log.append(record(''));
  log.append(record('warning: x\n'));
  const lines = readFileSync(log.path, 'utf8').split('\n');
  assert.equal(lines.length, 3);
  assert.equal(lines[2], '');
  assert.deepEqual(JSON.parse(lines[1]), record('warning: x\n'));
  assert.equal(statSync(log.path).mode & 0o777, 0o600);
  assert.equal(statSync(join(root, 'var', 'log', 'lvs-tui')).mode & 0o777, 0o700);
});

test('audit log: stderr is kept to its first 2 KB', () => {
  const clipped = clipAuditRecord(record('x'.repeat(2050)));
  assert.equal(clipped.steps[0].commands[0].stderr, `${'x'.repeat(2048)}… (2 more characters)`);
});

test('audit log: a log that cannot be written is an IoError naming it', () => {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-audit-'));
  writeFileSync(join(root, 'var'), 'a file where a directory should be');
  const log = fileAuditLog(auditLogPath(root));
  assert.throws(() => log.append(record('')), (err: unknown) => err instanceof IoError && err.message === `cannot write ${log.path}: a parent is not a directory`);
});

test('audit log: the user is the uid, the login name and who ran sudo', () => {
  const u = currentUser({ SUDO_USER: 'alice', LOGNAME: 'root' });
  assert.equal(u.uid, process.getuid?.() ?? null);
  assert.equal(u.sudoUser, 'alice');
  assert.equal(u.user, 'root');
  assert.equal(currentUser({}).sudoUser, undefined);
});
