// Safe writes through the real binary: owner and mode kept, history and restore, the lock, a
// read-only file system and a full disk (real mounts in private mount namespaces, as root).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { BIN } from '../helpers/paths';
import { needRootNamespaces } from '../helpers/require-tool';
import { lvsTui, sample, tempRoot } from './harness';

const NAT = sample('nat-http-ftp.cf');

test('a write keeps the owner and mode of the original, and replaces it atomically (new inode)', () => {
  const t = tempRoot();
  chownSync(t.cfg, 1234, 1234);
  chmodSync(t.cfg, 0o640);
  const before = statSync(t.cfg);
  const r = t.run('set', 'keepalive=5');
  assert.equal(r.status, 0, r.stderr);
  const after = statSync(t.cfg);
  assert.equal(after.uid, 1234);
  assert.equal(after.gid, 1234);
  assert.equal(after.mode & 0o7777, 0o640);
  assert.notEqual(after.ino, before.ino);
  assert.deepEqual(t.strays(), []);
});

test('a symlinked lvs.cf: the file it points at is replaced, the link stays', () => {
  const t = tempRoot();
  const real = join(t.root, 'real-lvs.cf');
  writeFileSync(real, NAT);
  const link = join(t.root, 'link.cf');
  symlinkSync(real, link);
  const r = lvsTui(['--root', t.root, '--config', link, 'set', 'keepalive=5']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(real, 'utf8'), /\nkeepalive = 5\n/);
  assert.ok(statSync(link, { throwIfNoEntry: true }) && existsSync(link));
  assert.equal(spawnSync('readlink', [link], { encoding: 'utf8' }).stdout.trim(), real);
});

test('history keeps each replaced version (1 = newest) with date, size, serial and a summary; restore N puts one back', () => {
  const t = tempRoot();
  assert.equal(t.run('set', '--virtual', 'www', 'port=8080').status, 0);
  assert.equal(t.run('add', 'server', '--virtual', 'www', 'web2', 'address=192.168.10.12').status, 0);
  assert.equal(t.run('disable', 'virtual', 'ftp').status, 0);
  const h = t.run('history');
  assert.equal(h.status, 0, h.stderr);
  const lines = h.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^#\s+DATE \(UTC\)\s+SIZE\s+SERIAL\s+RESTORING IT WOULD CHANGE$/);
  assert.equal(lines.length, 4);
  const row = (l: string) => l.split(/\s{2,}/);
  const [n1, date1, size1, serial1, summary1] = row(lines[1]);
  assert.equal(n1, '1');
  assert.match(date1, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal(serial1, '14');
  assert.equal(summary1, 'serial_no 15→14, ftp.active 0→1');
  assert.equal(Number(size1), Buffer.byteLength(NAT) + Buffer.byteLength('     server web2 {\n         address = 192.168.10.12\n         active = 0\n         weight = 1\n     }\n') + 2);
  assert.deepEqual(row(lines[3]).slice(0, 1).concat(row(lines[3]).slice(3)), ['3', '12', 'serial_no 15→12, www.port 8080→80, -server www/web2, +1 more']);
  assert.equal(Number(row(lines[3])[2]), Buffer.byteLength(NAT));

  const r = t.run('restore', '3');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, `lvs-tui: wrote ${t.cfg} (serial_no 15 → 16)\n`);
  assert.equal(t.read(), NAT.replace('serial_no = 12', 'serial_no = 16'));
  const h2 = t.run('history').stdout.trimEnd().split('\n');
  assert.equal(h2.length, 5);
  assert.match(h2[1], /^1\s.*\s15\s+serial_no 16→15, www\.port 80→8080, \+server www\/web2, \+1 more$/);
  // restoring the version equal to the current file (but its serial) changes only serial_no
  const again = t.run('--dry-run', 'restore', '4');
  assert.equal(again.status, 0);
  assert.match(again.stdout, /^-serial_no = 16\n\+serial_no = 17\n/m);

  const none = t.run('restore', '9');
  assert.equal(none.status, 1);
  assert.match(none.stderr, /there is no version 9: lvs-tui keeps 4/);
});

test('restore validates like an edit: a version with errors is refused unless --force', () => {
  const t = tempRoot();
  assert.equal(t.run('--force', 'set', 'colour=blue').status, 0);
  assert.equal(t.run('--force', 'unset', 'colour').status, 0);
  const r = t.run('restore', '1');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\[unknown-key\]/);
  assert.doesNotMatch(t.read(), /colour/);
  assert.equal(t.run('--force', 'restore', '1').status, 0);
  assert.match(t.read(), /colour = blue/);
});

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('a lock held by a live lvs-tui refuses writes (exit 1, names the pid); reads and --dry-run still work', async () => {
  const t = tempRoot();
  const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    const lock = join(t.root, 'run', 'lvs-tui.lock');
    mkdirSync(dirname(lock), { recursive: true });
    writeFileSync(lock, `${holder.pid}\n`);
    const r = t.run('set', 'keepalive=5');
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`another lvs-tui \\(pid ${holder.pid}\\) is changing the configuration`));
    assert.equal(t.read(), NAT);
    assert.equal(t.run('check').status, 0);
    assert.equal(t.run('--dry-run', 'set', 'keepalive=5').status, 0);
    assert.equal(readFileSync(lock, 'utf8'), `${holder.pid}\n`);
  } finally {
    holder.kill();
  }
});

test('a stale lock (its pid is dead) is taken over and removed afterwards', () => {
  const t = tempRoot();
  const lock = join(t.root, 'run', 'lvs-tui.lock');
  mkdirSync(dirname(lock), { recursive: true });
  writeFileSync(lock, `${deadPid()}\n`);
  const r = t.run('set', 'keepalive=5');
  assert.equal(r.status, 0, r.stderr);
  assert.match(t.read(), /\nkeepalive = 5\n/);
  assert.equal(existsSync(lock), false);
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Runs a test-written sh script in a private mount namespace; $1.. are the given arguments. */
function inMountNamespace(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', ...args], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('read-only file system: exit 3, clear message, original untouched, no temp file, no history entry', { skip: needRootNamespaces() }, () => {
  const t = tempRoot();
  const dir = dirname(t.cfg);
  const before = sha(t.readBytes());
  const script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" "$3" --root "$4" set --virtual www port=8080';
  const r = inMountNamespace(script, [dir, process.execPath, BIN, t.root]);
  assert.equal(r.status, 3, r.stderr);
  assert.equal(r.stderr, `lvs-tui: cannot write ${t.cfg}: read-only file system\n`);
  assert.equal(sha(t.readBytes()), before);
  assert.deepEqual(t.strays(), []);
  assert.match(t.run('history').stdout, /no earlier versions/);
});

test('full disk: exit 3, "disk full on DIR", original untouched, no temp file left', { skip: needRootNamespaces() }, () => {
  const t = tempRoot();
  const mnt = join(t.root, 'small');
  mkdirSync(mnt);
  const cfg = join(mnt, 'lvs.cf');
  // Everything is checked inside the namespace: the tmpfs goes away with it.
  const script = [
    'mount -t tmpfs -o size=64k tmpfs "$1" || exit 90',
    'cp "$5" "$1/lvs.cf" || exit 91',
    'dd if=/dev/zero of="$1/fill" bs=1k 2>/dev/null',
    'sha256sum "$1/lvs.cf" | cut -d" " -f1',
    '"$2" "$3" --root "$4" --config "$1/lvs.cf" set --virtual www port=8080 "send=GET /a-longer-request HTTP/1.0\\r\\n\\r\\n"',
    'echo "rc=$?"',
    'sha256sum "$1/lvs.cf" | cut -d" " -f1',
    'ls -A "$1"',
  ].join('\n');
  const r = inMountNamespace(script, [mnt, process.execPath, BIN, t.root, t.cfg]);
  const [hashBefore, rc, hashAfter, ...files] = r.stdout.trimEnd().split('\n');
  assert.equal(rc, 'rc=3', r.stdout + r.stderr);
  assert.equal(r.stderr, `lvs-tui: cannot write ${cfg}: disk full on ${mnt}\n`);
  assert.equal(hashAfter, hashBefore);
  assert.equal(hashBefore, sha(Buffer.from(NAT)));
  assert.deepEqual(files.sort(), ['fill', 'lvs.cf']);
  assert.equal(readdirSync(mnt).length, 0); // the tmpfs was private to the namespace
});
