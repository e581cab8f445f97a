// In-process tests of what the real binary cannot show honestly: a file changed on disk between
// lvs-tui's read and its rename, SELinux label copying (no SELinux on the test machines), DNS that
// never answers. They call the same `run()` and the same Node FileStore the binary uses; only the
// one piece that cannot be provoked is replaced.
//
// "Changed on disk" is tested twice: the real FileStore's last comparison (change the file after
// `expected` was read, before writeAtomic), and the CLI path through a FileStore double that lets
// another writer change the file just before delegating to the real writeAtomic. No test-only
// environment variable or sleep exists in the product for this.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run';
import { realDeps } from '../../src/cli/main';
import { Deps } from '../../src/cli/deps';
import { FileStore, nodeFileStore } from '../../src/system/file-store';
import { ConflictError, ExecError } from '../../src/system/io-error';
import { Command, Runner } from '../../src/system/runner';
import { dnsResolver } from '../../src/system/resolver';
import { fileLocker } from '../../src/system/lock-file';
import { dirHistoryStore } from '../../src/system/history-store';
import { sample, tempRoot } from './harness';

const NAT = sample('nat-http-ftp.cf');

function capture(): { out: string[]; text(): string; write(c: string | Uint8Array): void } {
  const out: string[] = [];
  return { out, text: () => out.join(''), write: (c) => out.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')) };
}

function testDeps(over: Partial<Deps>): { deps: Deps; stdout: ReturnType<typeof capture>; stderr: ReturnType<typeof capture> } {
  const stdout = capture();
  const stderr = capture();
  return { deps: { ...realDeps(), stdout, stderr, ...over }, stdout, stderr };
}

const okRunner: Runner = { run: async () => ({ stdout: '', stderr: '' }) };

test('FileStore.writeAtomic refuses when the file no longer has the bytes the edit started from', async () => {
  const t = tempRoot();
  const expected = readFileSync(t.cfg);
  appendFileSync(t.cfg, '# added by vi meanwhile\n');
  const store = nodeFileStore({ runner: okRunner, selinuxEnforcePath: join(t.root, 'no-selinux') });
  await assert.rejects(store.writeAtomic(t.cfg, Buffer.from('primary = 10.0.0.1\n'), { expected }), (e: unknown) => e instanceof ConflictError && /changed on disk/.test(e.message));
  assert.equal(t.read(), NAT + '# added by vi meanwhile\n');
  assert.deepEqual(t.strays(), []);
});

test('the CLI refuses (exit 1) when the file changes between its read and its write; history left clean', async () => {
  const t = tempRoot();
  const real = nodeFileStore({ runner: okRunner });
  const racing: FileStore = {
    read: (p) => real.read(p),
    writeAtomic: async (p, bytes, opts) => {
      appendFileSync(p, '# another editor\n'); // lands after lvs-tui's read, before its rename
      return real.writeAtomic(p, bytes, opts);
    },
  };
  const { deps, stderr } = testDeps({ files: racing });
  const code = await run(['--root', t.root, 'set', 'keepalive=5'], deps);
  assert.equal(code, 1);
  assert.match(stderr.text(), /changed on disk while lvs-tui was editing it; nothing written/);
  assert.equal(t.read(), NAT + '# another editor\n');
  assert.deepEqual(t.strays(), []);
  assert.deepEqual(await dirHistoryStore(join(t.root, 'var/lib/lvs-tui/history')).list(t.cfg), []);
  assert.equal(readdirSync(join(t.root, 'run')).length, 0, 'lock released');
});

test('SELinux on: the label is copied with chcon --reference ORIG TMP (argument array) before the rename', async () => {
  const t = tempRoot();
  const enforce = join(t.root, 'enforce');
  writeFileSync(enforce, '1\n');
  const calls: Command[] = [];
  const runner: Runner = {
    run: async (cmd) => {
      calls.push(cmd);
      assert.ok(statSync(cmd.args[2]).isFile(), 'the temp file exists when chcon runs');
      return { stdout: '', stderr: '' };
    },
  };
  const store = nodeFileStore({ runner, selinuxEnforcePath: enforce });
  await store.writeAtomic(t.cfg, Buffer.from('x = 1\n'), { expected: readFileSync(t.cfg) });
  assert.equal(calls.length, 1);
  assert.equal(calls[0].file, 'chcon');
  assert.deepEqual(calls[0].args.slice(0, 2), ['--reference', t.cfg]);
  assert.match(calls[0].args[2], /\/\.lvs\.cf\.lvs-tui-[0-9a-f]{16}\.tmp$/);
  assert.equal(t.read(), 'x = 1\n');
});

test('SELinux on and chcon fails: nothing written, temp removed, exit 3 with the reason', async () => {
  const t = tempRoot();
  const enforce = join(t.root, 'enforce');
  writeFileSync(enforce, '1\n');
  const failing: Runner = { run: async (cmd) => Promise.reject(new ExecError(cmd.file, cmd.args, 1, 'chcon: invalid context')) };
  const { deps, stderr } = testDeps({ files: nodeFileStore({ runner: failing, selinuxEnforcePath: enforce }) });
  const code = await run(['--root', t.root, 'set', 'keepalive=5'], deps);
  assert.equal(code, 3);
  assert.match(stderr.text(), /could not keep the SELinux label: chcon --reference .* failed \(exit 1\): chcon: invalid context; nothing written/);
  assert.equal(t.read(), NAT);
  assert.deepEqual(t.strays(), []);
});

test('host names are looked up before validating check and edits, not for print, get, list', async () => {
  const hosts = NAT.replace('primary = 203.0.113.10', 'primary = lb1.example').replace('address = 192.168.10.11', 'address = web1.example');
  const t = tempRoot(hosts);
  const asked: string[][] = [];
  const resolver = { resolveAll: async (names: readonly string[]) => (asked.push([...names]), new Map(names.map((n) => [n, n === 'lb1.example']))) };
  for (const args of [['print'], ['get', 'primary'], ['list'], ['export', '--format', 'json']]) {
    const { deps } = testDeps({ resolver });
    assert.equal(await run(['--root', t.root, ...args], deps), 0);
  }
  assert.deepEqual(asked, []);
  const { deps } = testDeps({ resolver });
  await run(['--root', t.root, 'check'], deps);
  assert.deepEqual(asked, [['lb1.example', 'web1.example']]);
  await run(['--root', t.root, '--dry-run', 'set', 'keepalive=5'], testDeps({ resolver }).deps);
  assert.equal(asked.length, 2);
});

test('dnsResolver: parallel lookups, each bounded by the timeout; a silent DNS counts as not resolving', async () => {
  const started: string[] = [];
  const r = dnsResolver(100, (name, cb) => {
    started.push(name);
    if (name === 'fast.example') setImmediate(() => cb(null));
    else if (name === 'bad.example') setImmediate(() => cb(new Error('ENOTFOUND')));
    // silent.example never answers
  });
  const t0 = Date.now();
  const res = await r.resolveAll(['fast.example', 'bad.example', 'silent.example', 'silent2.example']);
  const took = Date.now() - t0;
  assert.deepEqual([...res], [['fast.example', true], ['bad.example', false], ['silent.example', false], ['silent2.example', false]]);
  assert.ok(took < 400, `took ${took} ms: lookups must run in parallel`);
  assert.equal(started.length, 4);
  assert.equal((await dnsResolver(1500).resolveAll(['localhost'])).get('localhost'), true);
});

test('lock file: O_EXCL with our pid; a live owner is refused, a dead one taken over, release removes only our lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-lock-'));
  const path = join(dir, 'run', 'lvs-tui.lock');
  const alive = new Set([111]);
  const a = fileLocker(111, (p) => alive.has(p)).acquire(path);
  assert.equal(readFileSync(path, 'utf8'), '111\n');
  assert.throws(() => fileLocker(222, (p) => alive.has(p)).acquire(path), /pid 111/);
  alive.delete(111); // the owner died without releasing
  const b = fileLocker(222, (p) => alive.has(p)).acquire(path);
  assert.equal(readFileSync(path, 'utf8'), '222\n');
  a.release(); // not ours any more: stays
  assert.equal(readFileSync(path, 'utf8'), '222\n');
  b.release();
  assert.deepEqual(readdirSync(join(dir, 'run')), []);
});

test('history store: bounded to the newest N versions, newest first, mode 0600', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-hist-'));
  const store = dirHistoryStore(dir, 3);
  const base = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
  for (let i = 0; i < 5; i++) await store.save('/etc/sysconfig/ha/lvs.cf', Buffer.from(`serial_no = ${i}\n`), i, new Date(base + i * 1000));
  // two in the same millisecond are both kept
  await store.save('/etc/sysconfig/ha/lvs.cf', Buffer.from('serial_no = 9\n'), 9, new Date(base + 4000));
  const list = await store.list('/etc/sysconfig/ha/lvs.cf');
  assert.deepEqual(list.map((e) => e.serial), [9, 4, 3]);
  assert.equal(list[2].date.toISOString(), '2024-01-02T03:04:08.006Z');
  assert.equal((await store.read('/etc/sysconfig/ha/lvs.cf', list[0].id)).toString(), 'serial_no = 9\n');
  const folder = join(dir, encodeURIComponent('/etc/sysconfig/ha/lvs.cf'));
  assert.equal(statSync(join(folder, list[0].id)).mode & 0o777, 0o600);
  assert.deepEqual(await store.list('/etc/other.cf'), []);
});

test('check: a host name that does not resolve is a warning, not an error (exit 0)', async () => {
  const t = tempRoot(NAT.replace('address = 192.168.10.11', 'address = web1.example'));
  const resolver = { resolveAll: async (names: readonly string[]) => new Map(names.map((n) => [n, false])) };
  const { deps, stdout } = testDeps({ resolver });
  assert.equal(await run(['--root', t.root, 'check'], deps), 0);
  assert.match(stdout.text(), new RegExp(`^${t.cfg.replace(/\./g, '\\.')}:\\d+:\\d+: warning: .*web1\\.example.*$`, 'm'));
  const resolving = { resolveAll: async (names: readonly string[]) => new Map(names.map((n) => [n, true])) };
  const again = testDeps({ resolver: resolving });
  assert.equal(await run(['--root', t.root, 'check'], again.deps), 0);
  assert.doesNotMatch(again.stdout.text(), /web1\.example/);
});

test('sync with no backup router is refused, and the worker thread it started for lvs.cf is ended', async () => {
  const t = tempRoot(NAT.replace(/^backup(_private)? = .*\n/gm, ''));
  const workers = () => (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles().filter((h) => h.constructor.name === 'MessagePort').length;
  const before = workers();
  const { deps, stderr } = testDeps({});
  const code = await run(['--root', t.root, 'sync', '--yes'], deps);
  assert.equal(code, 1);
  assert.match(stderr.text(), /no backup router to sync to/);
  // the worker's port closes once it is terminated
  for (let i = 0; i < 50 && workers() > before; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(workers(), before, 'no worker left running');
});
