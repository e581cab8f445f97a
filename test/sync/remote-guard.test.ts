// The checks around a sync's writes on the backup (remoteFilesGuard) against a real sshd: before
// the writes, a far file that changed since the plan refuses; after them, a file without the new
// content fails the verify. Small files are hashed here from an SFTP read (no program started
// there: sshd logs no exec session), big ones by sha256sum there; both give the same verdicts.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sshd, skipUnlessSshd, sshdConnectOptions, startSshd } from '../helpers/sshd';
import { connectSsh } from '../../src/system/ssh-session';
import { PeerSession, failFastOnDrop } from '../../src/sync/peer-session';
import { HASH_OVER_SFTP_BYTES, remoteFilesGuard } from '../../src/sync/remote-file-step';

const skip = skipUnlessSshd();
let sshd: Sshd;
let session: PeerSession & { close(): Promise<void> };
let work: string;

before(async () => {
  if (skip) return;
  sshd = await startSshd();
  session = failFastOnDrop(await connectSsh(sshdConnectOptions(sshd)));
  work = mkdtempSync(join(tmpdir(), 'lvs-tui-guard-'));
});
after(async () => {
  await session?.close();
  await sshd?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const execSessions = () => (sshd.logs().match(/Starting session: command/g) ?? []).length;
const noCtx = {} as never;

for (const size of ['small', 'big'] as const) {
  test(`guard (${size} files): refuses a far file changed since the plan; verifies the new content after`, { skip, timeout: 60_000 }, async () => {
    const n = size === 'small' ? 1000 : HASH_OVER_SFTP_BYTES + 1;
    const old = Buffer.alloc(n, 'o');
    const fresh = Buffer.alloc(n, 'n');
    const path = join(work, `${size}.cf`);
    writeFileSync(path, old);
    const guard = remoteFilesGuard(session, [{ id: 'f', title: 'f', path, bytes: fresh, previous: old }]);
    const execs = execSessions();
    await guard.before.check!(noCtx);
    writeFileSync(path, Buffer.alloc(n, 'x'));
    await assert.rejects(guard.before.check!(noCtx), /changed since the plan was made \(other content\): plan again/);
    writeFileSync(path, fresh);
    await guard.after.verify!(noCtx);
    writeFileSync(path, old);
    await assert.rejects(guard.after.verify!(noCtx), /does not hold the new content after the write \(SHA-256\)/);
    await new Promise((r) => setTimeout(r, 200)); // sshd's log lines arrive after the channel closes
    if (size === 'small') assert.equal(execSessions(), execs, 'small files hashed from SFTP reads: no program started on the far side');
    else assert.equal(execSessions() - execs, 4, 'big files hashed by sha256sum there, one exec per check');
  });
}
