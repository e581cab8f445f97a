// connectSsh against a real OpenSSH sshd on 127.0.0.1 (test/helpers/sshd.ts): argv arrives intact
// through the far side's shell, files are read and stat'ed over SFTP, host keys are checked
// (unknown refused with its fingerprint, TOFU only after yes, changed refused, hashed entries
// matched), and every failure to connect is an SshError with the right code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { freePort, sshdConnectOptions, startSshd, sshdForFile } from '../helpers/sshd';
import { SshError, SshSession, connectSsh, ConnectOptions } from '../../src/system/ssh-session';
import { ExecError } from '../../src/system/io-error';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { withNetns } from '../helpers/netns';

const files = sshdForFile('lvs-tui-ssh-test-');
const { skip } = files;

function opts(extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return sshdConnectOptions(files.sshd, { readyTimeoutMs: 10_000, ...extra });
}

async function withSession<T>(fn: (s: SshSession) => Promise<T>, extra: Partial<ConnectOptions> = {}): Promise<T> {
  const s = await connectSsh(opts(extra));
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

async function sshErrorCode(p: Promise<unknown>): Promise<SshError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof SshError, `expected SshError, got ${String(err)}`);
    return err;
  }
  assert.fail('connected, expected a refusal');
}

test('ssh: awkward argv arrives intact through the far side shell', { skip }, async () => {
  const awkward = ['a b', "it's", '"dq"', '$(touch /tmp/pwned-lvs-tui)', '`id`', 'line1\nline2', '', '*', '~', '-n', '$HOME', 'back\\slash', ';', '|', '&&', '!x', 'é ü'];
  await withSession(async (s) => {
    const r = await s.run({ file: 'printf', args: ['%s\\0', ...awkward] });
    assert.deepEqual(r.stdout.split('\0').slice(0, -1), awkward);
  });
  assert.throws(() => statSync('/tmp/pwned-lvs-tui'));
});

test('ssh: stdin, exit codes, acceptExit, missing programs, timeouts', { skip }, async () => {
  await withSession(async (s) => {
    const r = await s.run({ file: 'sh', args: ['-c', 'cat; echo " [$#]"', 'sh', 'a b'], stdin: '*mangle\nCOMMIT\n' });
    assert.equal(r.stdout, '*mangle\nCOMMIT\n [1]\n');
    const big = await s.run({ file: 'wc', args: ['-c'], stdin: new Uint8Array(3 << 20) });
    assert.equal(big.stdout.trim(), String(3 << 20));
    await assert.rejects(s.run({ file: 'sh', args: ['-c', 'echo "line 3 failed" >&2; exit 4'] }), (err: unknown) => {
      assert.ok(err instanceof ExecError);
      assert.equal(err.status, 4);
      assert.equal(err.stderr, 'line 3 failed\n');
      return true;
    });
    const accepted = await s.run({ file: 'sh', args: ['-c', 'exit 3'], acceptExit: [3] });
    assert.equal(accepted.exitCode, 3);
    await assert.rejects(s.run({ file: 'lvs-tui-no-such-program', args: [] }), /cannot run lvs-tui-no-such-program on root@127\.0\.0\.1:\d+: no such program/);
    const t0 = Date.now();
    await assert.rejects(s.run({ file: 'sleep', args: ['30'], timeoutMs: 300 }), /timed out after 300 ms/);
    assert.ok(Date.now() - t0 < 5000);
    // many at once: more than sshd's MaxSessions (10) channels are queued, not refused
    const many = await Promise.all(Array.from({ length: 25 }, (_, i) => s.run({ file: 'echo', args: [String(i)] })));
    assert.deepEqual(many.map((m) => m.stdout.trim()), Array.from({ length: 25 }, (_, i) => String(i)));
  });
});

test('ssh: readFile and stat over SFTP; /proc files (size 0) read to the end', { skip }, async () => {
  const f = join(files.work, 'read me.cf');
  const bytes = randomBytes(300_000);
  writeFileSync(f, bytes);
  chmodSync(f, 0o640);
  await withSession(async (s) => {
    assert.deepEqual(await s.readFile(f), bytes);
    assert.equal(await s.readFile(join(files.work, 'missing')), null);
    const st = await s.stat(f);
    assert.equal(st?.size, 300_000);
    assert.equal(st!.mode & 0o7777, 0o640);
    assert.equal(st?.isFile, true);
    assert.equal(await s.stat(join(files.work, 'missing')), null);
    const proc = await s.readFile('/proc/self/status');
    assert.match(proc!.toString(), /^Name:/);
    assert.ok(proc!.length > 100);
    assert.match((await s.readFile('/proc/uptime'))!.toString(), /^\d+\.\d+ \d+\.\d+\n$/);
  });
});

test('ssh: sha256 of far files, missing ones null', { skip }, async () => {
  const a = join(files.work, 'h a');
  const b = join(files.work, '-dash');
  writeFileSync(a, 'alpha\n');
  writeFileSync(b, randomBytes(70_000));
  const sum = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
  await withSession(async (s) => {
    const m = await s.sha256([a, join(files.work, 'nope'), b]);
    assert.equal(m.get(a), sum(a));
    assert.equal(m.get(b), sum(b));
    assert.equal(m.get(join(files.work, 'nope')), null);
  });
});

test('ssh: the host key fingerprint is the one ssh-keygen prints', { skip }, async () => {
  await withSession(async (s) => assert.equal(s.hostKeyFingerprint, files.sshd.hostKeyFingerprint));
});

test('ssh: an unknown host key is refused with its SHA256 fingerprint', { skip }, async () => {
  const empty = join(files.work, 'empty_known_hosts');
  writeFileSync(empty, '');
  const err = await sshErrorCode(connectSsh(opts({ knownHostsFiles: [empty] })));
  assert.equal(err.code, 'host-key-unknown');
  assert.equal(err.fingerprint, files.sshd.hostKeyFingerprint);
  assert.ok(err.message.includes(files.sshd.hostKeyFingerprint), err.message);
  assert.equal(readFileSync(empty, 'utf8'), '');
});

test('ssh: trust on first use only after yes; the key is then appended and used', { skip }, async () => {
  const kh = join(files.work, 'tofu_known_hosts');
  writeFileSync(kh, '# mine\n');
  const asked: string[] = [];
  const no = await sshErrorCode(connectSsh(opts({ knownHostsFiles: [kh], confirmUnknownHost: async (fp) => (asked.push(fp), false) })));
  assert.equal(no.code, 'host-key-unknown');
  assert.deepEqual(asked, [files.sshd.hostKeyFingerprint]);
  assert.equal(readFileSync(kh, 'utf8'), '# mine\n');

  await withSession(async (s) => assert.equal(s.hostKeyFingerprint, files.sshd.hostKeyFingerprint), { knownHostsFiles: [kh], confirmUnknownHost: async (fp) => (asked.push(fp), true) });
  const text = readFileSync(kh, 'utf8');
  assert.equal(text, `# mine\n[127.0.0.1]:${files.sshd.port} ${files.sshd.hostPublicKeys[0]}\n`);
  // now known: no question
  await withSession(async () => undefined, { knownHostsFiles: [kh], confirmUnknownHost: async () => assert.fail('asked again') });
});

test('ssh: TOFU into a hashed known_hosts writes a hashed entry that ssh-keygen -F finds', { skip }, async () => {
  const kh = join(files.work, 'hashed_tofu_known_hosts');
  const salt = randomBytes(20);
  writeFileSync(kh, `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('other.example').digest('base64')} ${files.sshd.hostPublicKeys[0]}\n`);
  await withSession(async () => undefined, { knownHostsFiles: [kh], confirmUnknownHost: async () => true });
  const lines = readFileSync(kh, 'utf8').trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[1], /^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
  const { spawnSync } = await import('node:child_process');
  const found = spawnSync('ssh-keygen', ['-F', `[127.0.0.1]:${files.sshd.port}`, '-f', kh], { encoding: 'utf8' });
  assert.equal(found.status, 0, found.stderr);
  assert.match(found.stdout, /found: line 2/);
});

test('ssh: a hashed known_hosts entry (ssh-keygen -H) matches', { skip }, async () => {
  const kh = join(files.work, 'hashed_known_hosts');
  writeFileSync(kh, readFileSync(files.sshd.knownHostsPath));
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync('ssh-keygen', ['-H', '-f', kh], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(kh, 'utf8'), /^\|1\|/);
  await withSession(async (s) => assert.equal(s.hostKeyFingerprint, files.sshd.hostKeyFingerprint), { knownHostsFiles: [kh] });
});

test('ssh: a changed host key is refused, even when the caller would trust anything', { skip }, async () => {
  const kh = join(files.work, 'changed_known_hosts');
  const other = await startSshd();
  try {
    writeFileSync(kh, `[127.0.0.1]:${files.sshd.port} ${other.hostPublicKeys[0]}\n`);
  } finally {
    await other.stop();
  }
  const err = await sshErrorCode(connectSsh(opts({ knownHostsFiles: [kh], confirmUnknownHost: async () => true })));
  assert.equal(err.code, 'host-key-changed');
  assert.match(err.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
  assert.ok(err.message.includes(files.sshd.hostKeyFingerprint), err.message);
  assert.ok(err.message.includes(`${kh}:1`), err.message);
  assert.equal(readFileSync(kh, 'utf8').split('\n').length, 2);
});

test('ssh: a revoked key is refused; a @cert-authority line is not taken for the host key', { skip }, async () => {
  const kh = join(files.work, 'revoked_known_hosts');
  writeFileSync(kh, `@cert-authority * ${files.sshd.hostPublicKeys[0]}\n`);
  assert.equal((await sshErrorCode(connectSsh(opts({ knownHostsFiles: [kh] })))).code, 'host-key-unknown');
  writeFileSync(kh, `@revoked * ${files.sshd.hostPublicKeys[0]}\n[127.0.0.1]:${files.sshd.port} ${files.sshd.hostPublicKeys[0]}\n`);
  const err = await sshErrorCode(connectSsh(opts({ knownHostsFiles: [kh], confirmUnknownHost: async () => true })));
  assert.equal(err.code, 'host-key-changed');
  assert.match(err.message, /REVOKED/);
});

test('ssh: a wrong user key fails cleanly with auth-failed', { skip }, async () => {
  const { spawnSync } = await import('node:child_process');
  const wrong = join(files.work, 'id_wrong');
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrong]);
  const err = await sshErrorCode(connectSsh(opts({ identityFiles: [wrong] })));
  assert.equal(err.code, 'auth-failed');
  assert.ok(err.message.includes(wrong), err.message);
  const none = await sshErrorCode(connectSsh(opts({ identityFiles: [join(files.work, 'no-such-key')] })));
  assert.equal(none.code, 'auth-failed');
  assert.match(none.message, /no key to try/);
});

test('ssh: an encrypted key asks for its passphrase; none given means auth-failed', { skip }, async () => {
  const locked = await startSshd({ userKeyPassphrase: 'sesame' });
  try {
    const o = { target: { user: 'root', host: locked.host, port: locked.port }, identityFiles: [locked.userKeyPath], knownHostsFiles: [locked.knownHostsPath], agentSocket: null };
    const asked: string[] = [];
    const s = await connectSsh({ ...o, askPassphrase: async (f) => (asked.push(f), asked.length === 1 ? 'wrong' : 'sesame') });
    assert.equal((await s.run({ file: 'echo', args: ['in'] })).stdout, 'in\n');
    await s.close();
    assert.deepEqual(asked, [locked.userKeyPath, locked.userKeyPath]);
    const err = await sshErrorCode(connectSsh(o));
    assert.equal(err.code, 'auth-failed');
    assert.match(err.message, /encrypted/);
  } finally {
    await locked.stop();
  }
});

test('ssh: connection refused and a silent server time out, with their own codes', { skip }, async () => {
  const port = await freePort();
  const refused = await sshErrorCode(connectSsh({ ...opts(), target: { user: 'root', host: '127.0.0.1', port } }));
  assert.equal(refused.code, 'refused');
  assert.match(refused.message, new RegExp(`connection refused by 127\\.0\\.0\\.1 port ${port}`));
  // a TCP server that never speaks SSH
  const { createServer } = await import('node:net');
  const held: import('node:net').Socket[] = [];
  const silent = createServer((c) => held.push(c));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    const addr = silent.address() as { port: number };
    const t0 = Date.now();
    const timeout = await sshErrorCode(connectSsh({ ...opts(), target: { user: 'root', host: '127.0.0.1', port: addr.port }, readyTimeoutMs: 700 }));
    assert.equal(timeout.code, 'timeout');
    assert.match(timeout.message, /timed out after 0\.7 s/);
    assert.ok(Date.now() - t0 < 5000);
  } finally {
    for (const c of held) c.destroy();
    silent.close();
  }
});

test('ssh: writeFileAtomic keeps mode and owner and the previous version', { skip }, async () => {
  const f = join(files.work, 'lvs.cf');
  const prev = join(files.work, 'lvs.cf.prev');
  writeFileSync(f, 'old\n');
  chmodSync(f, 0o640);
  chownSync(f, 12345, 23456);
  await withSession(async (s) => {
    await s.writeFileAtomic(f, Buffer.from('new\n'), { previousPath: prev });
    const fresh = join(files.work, 'created.cf');
    await s.writeFileAtomic(fresh, Buffer.from('made\n'), { mode: 0o600 });
    assert.equal(readFileSync(fresh, 'utf8'), 'made\n');
    assert.equal(statSync(fresh).mode & 0o7777, 0o600);
  });
  assert.equal(readFileSync(f, 'utf8'), 'new\n');
  const st = statSync(f);
  assert.equal(st.mode & 0o7777, 0o640);
  assert.equal(st.uid, 12345);
  assert.equal(st.gid, 23456);
  assert.equal(readFileSync(prev, 'utf8'), 'old\n');
  assert.equal(statSync(prev).uid, 12345);
});

test('ssh: a link that drops during an upload leaves the far file intact', { skip }, async () => {
  const victim = await startSshd();
  const f = join(files.work, 'big.cf');
  const old = randomBytes(1000).toString('hex');
  writeFileSync(f, old);
  try {
    const s = await connectSsh({ target: { user: 'root', host: victim.host, port: victim.port }, identityFiles: [victim.userKeyPath], knownHostsFiles: [victim.knownHostsPath], agentSocket: null });
    let killed = false;
    const big = randomBytes(32 << 20);
    await assert.rejects(
      s.writeFileAtomic(f, big, {
        onProgress: (w) => {
          if (!killed && w > 4 << 20) {
            killed = true;
            victim.kill('SIGKILL');
          }
        },
      }),
      (err: unknown) => {
        assert.ok(err instanceof SshError, String(err));
        assert.equal(err.code, 'disconnected');
        return true;
      },
    );
    assert.ok(killed);
    await s.close();
  } finally {
    await victim.stop();
  }
  assert.equal(readFileSync(f, 'utf8'), old);
});

test('sshd helper: inside a network namespace, reached from inside it only', { skip: skip || needRootNamespaces() || needProgram('ip', ['-V']) }, async () => {
  await withNetns(async (ns) => {
    const inner = await startSshd({ netns: ns, upLoopback: true });
    try {
      const ssh = ['ssh', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${inner.knownHostsPath}`, '-o', 'StrictHostKeyChecking=yes', '-i', inner.userKeyPath, '-p', String(inner.port), 'root@127.0.0.1'];
      // the far side runs in the namespace: its only interface is lo
      const links = ns.run(ssh[0], [...ssh.slice(1), 'ip', '-o', 'link', 'show']);
      assert.deepEqual(links.trim().split('\n').map((l) => l.split(':')[1].trim()), ['lo']);
      const outside = await sshErrorCode(connectSsh({ ...opts(), target: { user: 'root', host: '127.0.0.1', port: inner.port }, knownHostsFiles: [inner.knownHostsPath], identityFiles: [inner.userKeyPath] }));
      assert.equal(outside.code, 'refused');
    } finally {
      await inner.stop();
    }
  });
});
