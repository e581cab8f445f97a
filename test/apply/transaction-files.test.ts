// fileStep for real on temp directories: replace, create, undo by renaming the previous file back,
// conflicts, refusals and interrupts leave no temp file; a read-only bind mount and a full 64 KiB
// tmpfs (private mount namespaces, as root) refuse at check with nothing changed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Step, TransactionResult, runTransaction } from '../../src/apply/transaction';
import { fileStep } from '../../src/apply/steps/file-step';
import { nodeFileStager } from '../../src/system/file-store';
import { processRunner } from '../../src/system/runner';
import { needRootNamespaces } from '../helpers/require-tool';

const runner = processRunner();
const files = nodeFileStager({ runner });
const raised: string[] = [];
const run = (steps: Step[]): Promise<TransactionResult> => runTransaction({ steps }, { runner, files, signals: { raise: (s) => raised.push(s) } });

const OLD = 'serial_no = 14\nprimary = 10.0.0.1\n';
const NEW = 'serial_no = 15\nprimary = 10.0.0.1\nkeepalive = 5\n';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lvs-tui-files-'));
}

const failing: Step = {
  id: 'boom',
  title: 'a later step that fails',
  apply: async () => {
    throw new Error('iptables-restore failed');
  },
};

const step = (path: string, content: string, previous: string | null, newFileMode?: number) =>
  fileStep({ path, bytes: Buffer.from(content), previous: previous === null ? null : Buffer.from(previous), newFileMode });

test('fileStep: replaces the file atomically (new inode), keeping owner and mode; no temp or kept copy left', async () => {
  const dir = tempDir();
  const f = join(dir, 'lvs.cf');
  writeFileSync(f, OLD);
  chownSync(f, 1234, 1234);
  chmodSync(f, 0o640);
  const ino = statSync(f).ino;
  const r = await run([step(f, NEW, OLD)]);
  assert.equal(r.outcome, 'applied', r.error?.message);
  assert.equal(readFileSync(f, 'utf8'), NEW);
  const st = statSync(f);
  assert.notEqual(st.ino, ino);
  assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [1234, 1234, 0o640]);
  assert.deepEqual(readdirSync(dir), ['lvs.cf']);
  assert.match(r.journal.steps[0].notes[0], /^new content staged in .*\/\.lvs\.cf\.lvs-tui-[0-9a-f]{16}\.tmp$/);
});

test('fileStep: creates a missing file with mode 0644, or the mode given (0600 for saved iptables rules)', async () => {
  const dir = tempDir();
  const r = await run([step(join(dir, 'sysctl.conf'), 'net.ipv4.ip_forward = 1\n', null), step(join(dir, 'iptables'), '*mangle\nCOMMIT\n', null, 0o600)]);
  assert.equal(r.outcome, 'applied', r.error?.message);
  assert.equal(statSync(join(dir, 'sysctl.conf')).mode & 0o7777, 0o644);
  assert.equal(statSync(join(dir, 'iptables')).mode & 0o7777, 0o600);
  assert.deepEqual(readdirSync(dir).sort(), ['iptables', 'sysctl.conf']);
});

test('fileStep: a later failure puts the very same file back (same inode, owner, mode) and removes a created one', async () => {
  const dir = tempDir();
  const f = join(dir, 'lvs.cf');
  writeFileSync(f, OLD);
  chmodSync(f, 0o600);
  const ino = statSync(f).ino;
  const created = join(dir, 'rules.v4');
  const r = await run([step(f, NEW, OLD), step(created, '*nat\nCOMMIT\n', null), failing]);
  assert.equal(r.outcome, 'rolled-back');
  assert.deepEqual(r.undone, [`file:${created}`, `file:${f}`]);
  assert.equal(readFileSync(f, 'utf8'), OLD);
  assert.equal(statSync(f).ino, ino);
  assert.equal(statSync(f).mode & 0o7777, 0o600);
  assert.equal(existsSync(created), false);
  assert.deepEqual(readdirSync(dir), ['lvs.cf']);
});

test('fileStep: a file changed on disk since the plan refuses at check; nothing written, no temp', async () => {
  const dir = tempDir();
  const f = join(dir, 'lvs.cf');
  writeFileSync(f, `${OLD}# edited meanwhile\n`);
  const r = await run([step(f, NEW, OLD)]);
  assert.equal(r.outcome, 'refused');
  assert.match(r.error?.message ?? '', /changed on disk while lvs-tui was editing it/);
  assert.equal(readFileSync(f, 'utf8'), `${OLD}# edited meanwhile\n`);
  assert.deepEqual(readdirSync(dir), ['lvs.cf']);
  // and a file that appeared where none was planned
  const r2 = await run([step(f, NEW, null)]);
  assert.equal(r2.outcome, 'refused');
});

test('fileStep: a refusal by a later check removes the temp files the earlier checks wrote', async () => {
  const dir = tempDir();
  const f = join(dir, 'lvs.cf');
  writeFileSync(f, OLD);
  const refuse: Step = {
    id: 'refuse',
    title: 'iptables-restore --test',
    check: async () => {
      assert.equal(readdirSync(dir).length, 2, 'the temp file is there while the checks run');
      throw new Error('line 3 failed');
    },
    apply: async () => undefined,
  };
  const r = await run([step(f, NEW, OLD), refuse]);
  assert.equal(r.outcome, 'refused');
  assert.deepEqual(readdirSync(dir), ['lvs.cf']);
  assert.equal(readFileSync(f, 'utf8'), OLD);
});

test('fileStep: SIGTERM after the first file stops before the second; the first is put back; no temp left', async () => {
  const dir = tempDir();
  const a = join(dir, 'sysctl.conf');
  const b = join(dir, 'lvs.cf');
  writeFileSync(a, 'net.ipv4.ip_forward = 0\n');
  writeFileSync(b, OLD);
  const first = step(a, 'net.ipv4.ip_forward = 1\n', 'net.ipv4.ip_forward = 0\n');
  const signalling: Step = { ...first, id: first.id, title: first.title, apply: async (ctx) => { await first.apply(ctx); process.emit('SIGTERM'); } };
  raised.length = 0;
  const r = await run([signalling, step(b, NEW, OLD)]);
  assert.equal(r.outcome, 'interrupted');
  assert.deepEqual(raised, ['SIGTERM']);
  assert.equal(readFileSync(a, 'utf8'), 'net.ipv4.ip_forward = 0\n');
  assert.equal(readFileSync(b, 'utf8'), OLD);
  assert.deepEqual(readdirSync(dir).sort(), ['lvs.cf', 'sysctl.conf']);
});

test('fileStep: a symlink is followed (Debian\'s /etc/sysctl.d/99-sysctl.conf → ../sysctl.conf); the link stays', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'sysctl.d'));
  writeFileSync(join(dir, 'sysctl.conf'), 'a = 0\n');
  symlinkSync('../sysctl.conf', join(dir, 'sysctl.d', '99-sysctl.conf'));
  const r = await run([step(join(dir, 'sysctl.d', '99-sysctl.conf'), 'a = 1\n', 'a = 0\n'), failing]);
  assert.equal(r.outcome, 'rolled-back');
  assert.equal(readFileSync(join(dir, 'sysctl.conf'), 'utf8'), 'a = 0\n');
  const ok = await run([step(join(dir, 'sysctl.d', '99-sysctl.conf'), 'a = 1\n', 'a = 0\n')]);
  assert.equal(ok.outcome, 'applied');
  assert.equal(readFileSync(join(dir, 'sysctl.conf'), 'utf8'), 'a = 1\n');
  assert.equal(readlinkSync(join(dir, 'sysctl.d', '99-sysctl.conf')), '../sysctl.conf');
  assert.deepEqual(readdirSync(dir).sort(), ['sysctl.conf', 'sysctl.d']);
});

test('fileStep: a missing directory refuses at check, naming it', async () => {
  const dir = tempDir();
  const r = await run([step(join(dir, 'iptables', 'rules.v4'), '*nat\nCOMMIT\n', null)]);
  assert.equal(r.outcome, 'refused');
  assert.equal(r.error?.message, `cannot write ${join(dir, 'iptables', 'rules.v4')}: the directory ${join(dir, 'iptables')} does not exist`);
});

const CHILD = join(__dirname, 'transaction-file-child.js');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Runs a sh script in a private mount namespace; $1.. are the given arguments. */
function inMountNamespace(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', ...args], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('fileStep: a read-only bind mount over the persisted files\' directory refuses at check; lvs.cf untouched, no temp anywhere', { skip: needRootNamespaces() }, () => {
  const root = tempDir();
  const ha = join(root, 'ha');
  const persist = join(root, 'persist');
  mkdirSync(ha);
  mkdirSync(persist);
  const cfg = join(ha, 'lvs.cf');
  const rules = join(persist, 'iptables');
  writeFileSync(cfg, OLD);
  writeFileSync(rules, '*mangle\nCOMMIT\n');
  const job = { files: [{ path: cfg, content: NEW, previous: OLD }, { path: rules, content: '*mangle\n:LVS-TUI-MARKS - [0:0]\nCOMMIT\n', previous: '*mangle\nCOMMIT\n' }] };
  const script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" "$3" "$4"';
  const r = inMountNamespace(script, [persist, process.execPath, CHILD, JSON.stringify(job)]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out, { outcome: 'refused', failedStep: `file:${rules}`, error: `cannot write ${rules}: read-only file system`, code: 'read-only', undone: [] });
  assert.equal(readFileSync(cfg, 'utf8'), OLD);
  assert.equal(readFileSync(rules, 'utf8'), '*mangle\nCOMMIT\n');
  assert.deepEqual(readdirSync(ha), ['lvs.cf']);
  assert.deepEqual(readdirSync(persist), ['iptables']);
});

test('fileStep: a full 64 KiB tmpfs under lvs.cf\'s directory refuses at check; the persisted file staged before it is not written, no temp anywhere', { skip: needRootNamespaces() }, () => {
  const root = tempDir();
  const small = join(root, 'small');
  const persist = join(root, 'persist');
  mkdirSync(small);
  mkdirSync(persist);
  const sysctl = join(persist, 'sysctl.conf');
  writeFileSync(sysctl, 'net.ipv4.ip_forward = 0\n');
  const cfg = join(small, 'lvs.cf');
  const big = `${NEW}${'# a longer comment line to need a few more blocks than are left\n'.repeat(200)}`;
  const job = { files: [{ path: sysctl, content: 'net.ipv4.ip_forward = 1\n', previous: 'net.ipv4.ip_forward = 0\n' }, { path: cfg, content: big, previous: OLD }] };
  // Everything on the tmpfs is looked at inside the namespace: it goes away with it.
  const script = [
    'mount -t tmpfs -o size=64k tmpfs "$1" || exit 90',
    'printf "%s" "$5" > "$1/lvs.cf" || exit 91',
    'dd if=/dev/zero of="$1/fill" bs=1k 2>/dev/null',
    'sha256sum "$1/lvs.cf" | cut -d" " -f1',
    '"$2" "$3" "$4" || exit 92',
    'sha256sum "$1/lvs.cf" | cut -d" " -f1',
    'ls -A "$1"',
  ].join('\n');
  const r = inMountNamespace(script, [small, process.execPath, CHILD, JSON.stringify(job), OLD]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const [hashBefore, result, hashAfter, ...left] = r.stdout.trimEnd().split('\n');
  assert.deepEqual(JSON.parse(result), { outcome: 'refused', failedStep: `file:${cfg}`, error: `cannot write ${cfg}: disk full on ${small}`, code: 'disk-full', undone: [] });
  assert.equal(hashBefore, sha(OLD));
  assert.equal(hashAfter, hashBefore);
  assert.deepEqual(left.sort(), ['fill', 'lvs.cf']);
  assert.equal(readFileSync(sysctl, 'utf8'), 'net.ipv4.ip_forward = 0\n');
  assert.deepEqual(readdirSync(persist), ['sysctl.conf']);
  assert.equal(readdirSync(small).length, 0);
});

test('fileStep: an undo that cannot put the file back keeps the previous version beside it and says how to restore it', async () => {
  const dir = tempDir();
  const f = join(dir, 'lvs.cf');
  writeFileSync(f, OLD);
  const meddler: Step = {
    id: 'meddle',
    title: 'someone edits lvs.cf meanwhile, then a step fails',
    apply: async () => {
      writeFileSync(f, 'edited by hand\n');
      throw new Error('boom');
    },
  };
  const r = await run([step(f, NEW, OLD), meddler]);
  assert.equal(r.outcome, 'half-applied');
  const kept = readdirSync(dir).filter((n) => n.endsWith('.prev'));
  assert.equal(kept.length, 1);
  assert.equal(readFileSync(join(dir, kept[0]), 'utf8'), OLD);
  assert.equal(readFileSync(f, 'utf8'), 'edited by hand\n');
  assert.equal(
    r.undoFailures[0].message,
    `could not undo "replace ${f}": cannot put the previous ${f} back: it changed on disk since lvs-tui replaced it; left as it is; the router may be half-applied: ${f} may hold the new content: the previous version is kept as ${join(dir, kept[0])}; put it back by hand with \`mv ${join(dir, kept[0])} ${f}\``,
  );
});
