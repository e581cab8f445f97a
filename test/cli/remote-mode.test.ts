// Remote mode end to end: the real bin/lvs-tui with --host against a real sshd, both inside a
// network namespace the test creates, on a temp root standing for the router's / (--remote-root),
// compared with local mode (--root) on the same files: same answers from status --json and check.
// The CLI finds its key and known_hosts under $HOME/.ssh, as an admin's ssh does.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, FIXTURES } from '../helpers/paths';
import { Netns, createNetns } from '../helpers/netns';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { Sshd, skipUnlessSshd, startSshd } from '../helpers/sshd';
import { CliResult, lvsTui } from './harness';

const skip = skipUnlessSshd() || needRootNamespaces() || needProgram('ip', ['-V']);

let ns: Netns;
let sshd: Sshd;
let home: string;
let root: string;

const IPVS = join(FIXTURES, 'ipvs');
const fibTrie = (addresses: readonly string[]) =>
  `Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n        /0 universe UNICAST\nLocal:\n  +-- 0.0.0.0/0 3 0 5\n${['127.0.0.1', ...addresses].map((a) => `     |-- ${a}\n        /32 host LOCAL\n`).join('')}`;

before(async () => {
  if (skip) return;
  ns = createNetns('lvstui-remote');
  sshd = await startSshd({ netns: ns, upLoopback: true });
  home = mkdtempSync(join(tmpdir(), 'lvs-tui-remote-home-'));
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  copyFileSync(sshd.userKeyPath, join(home, '.ssh', 'id_ed25519'));
  chmodSync(join(home, '.ssh', 'id_ed25519'), 0o600);
  copyFileSync(sshd.knownHostsPath, join(home, '.ssh', 'known_hosts'));
  root = mkdtempSync(join(tmpdir(), 'lvs-tui-remote-root-'));
  mkdirSync(join(root, 'proc', 'net'), { recursive: true });
  mkdirSync(join(root, 'etc', 'sysconfig', 'ha'), { recursive: true });
  mkdirSync(join(root, 'var', 'log'), { recursive: true });
  writeFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf'), readFileSync(join(FIXTURES, 'status', 'fixture-router.cf')));
  copyFileSync(join(IPVS, 'proc-ip_vs.txt'), join(root, 'proc', 'net', 'ip_vs'));
  copyFileSync(join(IPVS, 'proc-ip_vs_stats.txt'), join(root, 'proc', 'net', 'ip_vs_stats'));
  writeFileSync(join(root, 'proc', 'net', 'fib_trie'), fibTrie(['192.0.2.1', '10.0.0.10', '10.0.0.53']));
  writeFileSync(join(root, 'proc', 'uptime'), '12345.67 100.00\n');
  writeFileSync(join(root, 'var', 'log', 'messages'), 'Nov 25 10:00:01 lvs1 pulse[1234]: STARTING PULSE AS MASTER\nNov 25 10:00:02 lvs1 kernel: unrelated\nNov 25 10:00:03 lvs1 nanny[1300]: [ active ] making 192.168.1.2:80 available\n');
});

after(async () => {
  await sshd?.stop();
  ns?.delete();
  for (const d of [home, root]) if (d) rmSync(d, { recursive: true, force: true });
});

/** lvs-tui inside the namespace (where the sshd is), with HOME holding the key and known_hosts. */
function remote(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync('ip', ['netns', 'exec', ns.name, process.execPath, BIN, '--host', `root@127.0.0.1:${sshd.port}`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HOME: home, SSH_AUTH_SOCK: '', ...env },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function withoutClock(json: string): unknown {
  const data = JSON.parse(json) as Record<string, unknown>;
  delete data.generated_at;
  return data;
}

test('remote: status --json on --remote-root gives what local --root gives on the same files', { skip }, () => {
  const local = lvsTui(['--root', root, 'status', '--json']);
  const far = remote(['--remote-root', root, 'status', '--json']);
  assert.equal(far.stderr, local.stderr);
  assert.equal(far.status, local.status);
  assert.deepEqual(withoutClock(far.stdout), withoutClock(local.stdout));
  // the answer is about the files, not empty on both sides
  const data = JSON.parse(far.stdout) as { services: unknown[]; log: { lines: unknown[] }; router: { role: string } };
  assert.ok(data.services.length > 0);
  assert.equal(data.log.lines.length, 2);
});

test('remote: check gives the same diagnostics and exit code, valid and broken', { skip }, () => {
  const cfg = join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf');
  const good = readFileSync(cfg);
  for (const text of [good, Buffer.from(`${good.toString()}\nbogus_key = 1\nvirtual broken {\n  address = 10.0.0.99\n`)]) {
    writeFileSync(cfg, text);
    const local = lvsTui(['--root', root, 'check']);
    const far = remote(['--remote-root', root, 'check']);
    assert.equal(far.stdout, local.stdout);
    assert.equal(far.stderr, local.stderr);
    assert.equal(far.status, local.status);
    const localJson = lvsTui(['--root', root, 'check', '--json']);
    assert.equal(remote(['--remote-root', root, 'check', '--json']).stdout, localJson.stdout);
  }
  writeFileSync(cfg, good);
  // broken on the second round: the diagnostics were there to compare
  assert.equal(lvsTui(['--root', root, 'check']).status, 0);
});

test('remote: an unknown host key without a terminal is refused with its fingerprint, exit 3', { skip }, () => {
  const kh = join(home, '.ssh', 'known_hosts');
  const saved = readFileSync(kh);
  writeFileSync(kh, '');
  try {
    const r = remote(['--remote-root', root, 'check']);
    assert.equal(r.status, 3);
    assert.ok(r.stderr.includes(sshd.hostKeyFingerprint), r.stderr);
    assert.match(r.stderr, /can't be established/);
    assert.equal(readFileSync(kh, 'utf8'), '');
  } finally {
    writeFileSync(kh, saved);
  }
});

test('remote: usage errors: a command remote mode lacks, --root with --host, a relative --remote-root', { skip }, () => {
  const set = remote(['--remote-root', root, 'set', 'serial_no=5']);
  assert.equal(set.status, 2);
  assert.match(set.stderr, /set does not work with --host yet/);
  assert.equal(remote(['--root', root, 'check']).status, 2);
  const rel = remote(['--remote-root', 'relative/dir', 'check']);
  assert.equal(rel.status, 2);
  assert.match(rel.stderr, /absolute path on the router/);
  assert.equal(lvsTui(['--remote-root', root, 'check']).status, 2);
});
