// connectSsh with each key type OpenSSH makes (ed25519 is the default elsewhere): ECDSA and RSA
// host keys checked against known_hosts (the fingerprint ssh-keygen prints; an unknown one refused
// with it; a changed one refused) and ECDSA and RSA user keys; and the atomic write on a server
// whose sftp-server refuses posix-rename, hardlink and fsync (`sftp-server -P`, as an old OpenSSH
// without those extensions would): the file is still replaced whole, mode and previous kept.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostKeyType, Sshd, skipUnlessSshd, sshdConnectOptions, startSshd } from '../helpers/sshd';
import { SshError, connectSsh, ConnectOptions } from '../../src/system/ssh-session';
import { renameOver } from '../../src/system/ssh-write-atomic';

const skip = skipUnlessSshd();
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

function opts(sshd: Sshd, extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return sshdConnectOptions(sshd, { readyTimeoutMs: 10_000, ...extra });
}

async function refusal(p: Promise<unknown>): Promise<SshError> {
  try {
    const s = (await p) as { close(): Promise<void> };
    await s.close();
  } catch (err) {
    assert.ok(err instanceof SshError, `expected SshError, got ${String(err)}`);
    return err;
  }
  assert.fail('connected, expected a refusal');
}

for (const type of ['ecdsa', 'rsa'] as const satisfies readonly HostKeyType[]) {
  test(`ssh: ${type} host key and ${type} user key: logs in, fingerprint as ssh-keygen's; unknown and changed keys refused`, { skip, timeout: 60_000 }, async () => {
    const sshd = await startSshd({ hostKeyTypes: [type], userKeyType: type });
    const other = await startSshd({ hostKeyTypes: [type] });
    const work = mkdtempSync(join(tmpdir(), `lvs-tui-ssh-${type}-`));
    try {
      const s = await connectSsh(opts(sshd));
      try {
        assert.equal(s.hostKeyFingerprint, sshd.hostKeyFingerprint);
        assert.equal((await s.run({ file: 'echo', args: [type] })).stdout, `${type}\n`);
      } finally {
        await s.close();
      }
      const empty = join(work, 'empty');
      writeFileSync(empty, '');
      const unknown = await refusal(connectSsh(opts(sshd, { knownHostsFiles: [empty] })));
      assert.equal(unknown.code, 'host-key-unknown');
      assert.equal(unknown.fingerprint, sshd.hostKeyFingerprint);
      // the same name and port, another key of the same type: a changed key, refused even if trusted
      const changed = join(work, 'changed');
      writeFileSync(changed, `[${sshd.host}]:${sshd.port} ${other.hostPublicKeys[0]}\n`);
      const err = await refusal(connectSsh(opts(sshd, { knownHostsFiles: [changed], confirmUnknownHost: async () => true })));
      assert.equal(err.code, 'host-key-changed');
      assert.equal(readFileSync(changed, 'utf8'), `[${sshd.host}]:${sshd.port} ${other.hostPublicKeys[0]}\n`, 'known_hosts untouched');
    } finally {
      await sshd.stop();
      await other.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });
}

test('ssh: atomic write when sftp-server refuses posix-rename, hardlink and fsync: replaced whole, mode and previous kept, no temp left', { skip: skip || (existsSync(SFTP_SERVER) ? false : `${SFTP_SERVER} is not installed`), timeout: 60_000 }, async () => {
  const sshd = await startSshd({ extraConfig: [`Subsystem sftp ${SFTP_SERVER} -P posix-rename,hardlink,fsync`] });
  const work = mkdtempSync(join(tmpdir(), 'lvs-tui-ssh-norename-'));
  try {
    const f = join(work, 'lvs.cf');
    const prev = join(work, 'lvs.cf.prev');
    writeFileSync(f, 'old\n');
    chmodSync(f, 0o640);
    const s = await connectSsh(opts(sshd));
    try {
      const sftp = await s.sftp();
      // the server does not offer what it refuses: the fallbacks are the paths taken
      assert.deepEqual(['posix-rename@openssh.com', 'hardlink@openssh.com', 'fsync@openssh.com'].map((e) => sftp.has(e)), [false, false, false]);
      await s.writeFileAtomic(f, Buffer.from('new\n'), { previousPath: prev });
      await s.writeFileAtomic(join(work, 'fresh.cf'), Buffer.from('made\n'), { mode: 0o600 });
      assert.equal(readFileSync(f, 'utf8'), 'new\n');
      assert.equal(statSync(f).mode & 0o7777, 0o640);
      assert.equal(readFileSync(prev, 'utf8'), 'old\n', 'the previous version copied (no hardlink)');
      assert.equal(readFileSync(join(work, 'fresh.cf'), 'utf8'), 'made\n');
      assert.equal(statSync(join(work, 'fresh.cf')).mode & 0o7777, 0o600);
      assert.deepEqual(readdirSync(work).sort(), ['fresh.cf', 'lvs.cf', 'lvs.cf.prev'], 'no temp file left');
      // writeFileAtomic renamed with `mv -f` on the far side (sshd logs each exec session)
      assert.match(sshd.logs(), /Starting session: command/);

      // with no exec either (an sftp-only login): the old file moved aside, the temp renamed over, the aside removed
      const tmp = join(work, '.sftp-only.tmp');
      writeFileSync(tmp, 'sftp only\n');
      await renameOver(sftp, null, tmp, f, f);
      await renameOver(sftp, null, join(work, 'fresh.cf'), join(work, 'moved.cf'), 'moved.cf');
      assert.equal(readFileSync(f, 'utf8'), 'sftp only\n');
      assert.equal(readFileSync(join(work, 'moved.cf'), 'utf8'), 'made\n');
      assert.deepEqual(readdirSync(work).sort(), ['lvs.cf', 'lvs.cf.prev', 'moved.cf']);
    } finally {
      await s.close();
    }
  } finally {
    await sshd.stop();
    rmSync(work, { recursive: true, force: true });
  }
});
