// Remote mode end to end: the real bin/lvs-tui with --host against a real sshd, both inside a
// network namespace the test creates, on a temp root standing for the router's / (--remote-root),
// compared with local mode (--root) on the same files: same answers from status --json and check.
// The CLI finds its key and known_hosts under $HOME/.ssh, as an admin's ssh does.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, FIXTURES } from '../helpers/paths';
import { Netns, createNetns } from '../helpers/netns';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { Sshd, skipUnlessSshd, startSshd } from '../helpers/sshd';
import { CliResult, lvsTui } from './harness';
import { fileLocker } from '../../src/system/lock-file';

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
  const sync = remote(['--remote-root', root, 'sync']);
  assert.equal(sync.status, 2);
  assert.match(sync.stderr, /sync does not work with --host \(remote mode runs every command but sync and realserver-setup/);
  assert.equal(remote(['--root', root, 'check']).status, 2);
  const rel = remote(['--remote-root', 'relative/dir', 'check']);
  assert.equal(rel.status, 2);
  assert.match(rel.stderr, /absolute path on the router/);
  assert.equal(lvsTui(['--remote-root', root, 'check']).status, 2);
});

test('remote: plan and apply over SSH change the far side\'s rules, sysctl and files, like local apply', { skip: skip || needProgram('iptables-restore', ['--version']) || needProgram('sysctl', ['--version']) }, async () => {
  const { pulseStandin } = await import('../helpers/pulse-standin');
  const { withNetns } = await import('../helpers/netns');
  const { SAMPLES } = await import('../helpers/paths');
  const pulse = pulseStandin({ running: true });
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-remote-apply-'));
  try {
    await withNetns(async (apNs) => {
      const far = await startSshd({ netns: apNs, upLoopback: true });
      try {
        const ha = join(dir, 'etc', 'sysconfig', 'ha');
        mkdirSync(ha, { recursive: true });
        writeFileSync(join(ha, 'lvs.cf'), readFileSync(join(SAMPLES, 'nat-http-ftp.cf')));
        const list = (argv: readonly string[]) => `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
        const c = pulse.commands;
        writeFileSync(join(ha, 'lvs-tui.yaml'), `firewall_marks:\n  - mark: 21\n    protocol: tcp\n    ports: [21, "10000:20000"]\nftp_masquerade: true\npulse:\n  manager: command\n  status: ${list(c.status)}\n  reload: ${list(c.reload)}\n  restart: ${list(c.restart)}\n`);
        const saved = '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n';
        writeFileSync(join(dir, 'etc', 'sysconfig', 'iptables'), saved, { mode: 0o600 });
        writeFileSync(join(dir, 'etc', 'sysctl.conf'), 'net.ipv4.ip_forward = 0\n');
        apNs.run('iptables', ['-t', 'nat', '-A', 'POSTROUTING', '-s', '10.9.0.0/16', '-j', 'MASQUERADE']);
        apNs.run('sysctl', ['-w', 'net.ipv4.ip_forward=0']);
        const h = mkdtempSync(join(tmpdir(), 'lvs-tui-remote-home-'));
        mkdirSync(join(h, '.ssh'), { mode: 0o700 });
        copyFileSync(far.userKeyPath, join(h, '.ssh', 'id_ed25519'));
        chmodSync(join(h, '.ssh', 'id_ed25519'), 0o600);
        copyFileSync(far.knownHostsPath, join(h, '.ssh', 'known_hosts'));
        const cli = (args: readonly string[]) => {
          const r = spawnSync('ip', ['netns', 'exec', apNs.name, process.execPath, BIN, '--host', `root@127.0.0.1:${far.port}`, '--remote-root', dir, ...args], { encoding: 'utf8', env: { ...process.env, HOME: h, SSH_AUTH_SOCK: '' }, timeout: 60_000 });
          if (r.error) throw r.error;
          return r;
        };
        const plan = cli(['plan']);
        assert.equal(plan.status, 0, plan.stderr);
        assert.match(plan.stdout, /\+-A LVS_TUI_MARK -d 203\.0\.113\.100\/32 -p tcp -m tcp --dport 10000:20000 -j MARK/);
        assert.equal(apNs.run('sysctl', ['-n', 'net.ipv4.ip_forward']).trim(), '0', 'plan changes nothing');

        const a = cli(['apply', '--yes', '--restart']);
        assert.equal(a.status, 0, a.stderr + a.stdout);
        assert.match(a.stdout, /^applied: /m);
        const rules = apNs.run('iptables-save', []);
        assert.match(rules, /-A LVS_TUI_MARK -d 203\.0\.113\.100\/32 -p tcp -m tcp --dport 21 -j MARK --set-xmark 0x15\/0xffffffff/);
        assert.match(rules, /-A POSTROUTING -s 10\.9\.0\.0\/16 -j MASQUERADE/, 'the admin\'s rule is untouched');
        assert.equal(apNs.run('sysctl', ['-n', 'net.ipv4.ip_forward']).trim(), '1');
        const savedNow = join(dir, 'etc', 'sysconfig', 'iptables');
        assert.ok(readFileSync(savedNow, 'utf8').startsWith(saved));
        assert.equal(statSync(savedNow).mode & 0o7777, 0o600, 'mode kept');
        assert.equal(readFileSync(join(dir, 'etc', 'sysctl.conf'), 'utf8'), 'net.ipv4.ip_forward = 1\n');
        assert.deepEqual(pulse.requests().filter((x) => x !== 'status'), ['restart']);
        const audit = readFileSync(join(dir, 'var', 'log', 'lvs-tui', 'audit.log'), 'utf8').trim().split('\n');
        assert.equal(JSON.parse(audit[audit.length - 1]).outcome, 'applied');
        assert.deepEqual(readdirSync(ha).filter((n) => n.includes('.lvs-tui-')), [], 'no temp or kept files left');

        const again = cli(['apply', '--yes']);
        assert.equal(again.status, 0, again.stderr);
        assert.match(again.stdout, /nothing to do/);
        assert.equal(existsSync(join(dir, 'run', 'lvs-tui.lock')), false, 'the lock taken on the router is released');
        rmSync(h, { recursive: true, force: true });
      } finally {
        await far.stop();
      }
    });
  } finally {
    pulse.remove();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('remote apply takes the lock on the router: refused while an lvs-tui there holds it, nothing changed', { skip, timeout: 120_000 }, () => {
  const lockPath = join(root, 'run', 'lvs-tui.lock');
  const before = readFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf'));
  // this test process stands for an lvs-tui running on the router (the same lock file code)
  const held = fileLocker().acquire(lockPath);
  try {
    const r = remote(['--remote-root', root, 'apply', '--yes']);
    assert.equal(r.status, 1, r.stderr + r.stdout);
    assert.match(r.stderr, new RegExp(`another lvs-tui \\(pid ${process.pid}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\) is changing the configuration \\(lock root@127\\.0\\.0\\.1:\\d+:${lockPath.replace(/[.]/g, '\\.')}\\)`));
    assert.ok(readFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf')).equals(before));
  } finally {
    held.release();
  }
});

test('remote: server drain and pulse restart run on the router through its own lock, recorded in its audit log; pulse status does not wait for the lock', { skip, timeout: 120_000 }, async () => {
  const { LVS_CF, installFakeIpvsadm } = await import('../helpers/live-router');
  const { pulseStandin } = await import('../helpers/pulse-standin');
  const live = mkdtempSync(join(tmpdir(), 'lvs-tui-remote-live-'));
  const pulse = pulseStandin({ running: true });
  try {
    const ha = join(live, 'etc', 'sysconfig', 'ha');
    mkdirSync(ha, { recursive: true });
    writeFileSync(join(ha, 'lvs.cf'), LVS_CF);
    const fake = installFakeIpvsadm(live);
    const list = (argv: readonly string[]) => `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
    const c = pulse.commands;
    writeFileSync(join(ha, 'lvs-tui.yaml'), `programs:\n  ipvsadm: ${fake.path}\npulse:\n  manager: command\n  status: ${list(c.status)}\n  restart: ${list(c.restart)}\n`);
    const audit = () => readFileSync(join(live, 'var', 'log', 'lvs-tui', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { command: string[]; outcome: string });

    // the live table is the router's /proc (over SFTP), the ipvsadm the router's
    const drain = remote(['--remote-root', live, 'server', 'drain', '--virtual', 'web', '--server', 's11', '--yes']);
    assert.equal(drain.status, 0, drain.stderr + drain.stdout);
    assert.match(drain.stdout, /done: weight 100 → 0 \(temporary/);
    assert.deepEqual(fake.calls(), [['-e', '-t', '10.0.0.10:80', '-r', '10.0.1.11:80', '-g', '-w', '0']], 'the same ipvsadm -e as a local drain');
    assert.deepEqual(audit().map((r) => [r.command.slice(0, 3), r.outcome]), [[['lvs-tui', 'server', 'drain'], 'applied']]);
    assert.equal(readFileSync(join(ha, 'lvs.cf'), 'utf8'), LVS_CF, 'lvs.cf untouched');

    const restart = remote(['--remote-root', live, 'pulse', 'restart', '--yes']);
    assert.equal(restart.status, 0, restart.stderr + restart.stdout);
    assert.ok(pulse.requests().includes('restart'), pulse.requests().join(' '));
    assert.match(restart.stdout, /pulse is now running/);
    assert.equal(audit().length, 2);

    // an lvs-tui on the router holds its lock: the changes are refused, reading pulse's state is not
    const held = fileLocker().acquire(join(live, 'run', 'lvs-tui.lock'));
    try {
      const refused = remote(['--remote-root', live, 'server', 'restore', '--virtual', 'web', '--server', 's11', '--yes']);
      assert.equal(refused.status, 1, refused.stderr + refused.stdout);
      assert.match(refused.stderr, new RegExp(`another lvs-tui \\(pid ${process.pid}, since .*\\) is changing the configuration`));
      assert.equal(fake.calls().length, 1, 'no ipvsadm -e ran');
      const status = remote(['--remote-root', live, 'pulse', 'status']);
      assert.equal(status.status, 0, status.stderr + status.stdout);
      assert.match(status.stdout, /running/);
    } finally {
      held.release();
    }
  } finally {
    pulse.remove();
    rmSync(live, { recursive: true, force: true });
  }
});

test('remote: set, history and restore edit the router\'s lvs.cf as local ones edit a copy, the history kept on the router', { skip, timeout: 120_000 }, async () => {
  const { SAMPLES } = await import('../helpers/paths');
  const far = mkdtempSync(join(tmpdir(), 'lvs-tui-remote-edit-'));
  const here = mkdtempSync(join(tmpdir(), 'lvs-tui-local-edit-'));
  try {
    const original = readFileSync(join(SAMPLES, 'nat-http-ftp.cf'));
    for (const r of [far, here]) {
      mkdirSync(join(r, 'etc', 'sysconfig', 'ha'), { recursive: true });
      writeFileSync(join(r, 'etc', 'sysconfig', 'ha', 'lvs.cf'), original);
    }
    const cf = (r: string) => readFileSync(join(r, 'etc', 'sysconfig', 'ha', 'lvs.cf'));
    const local = (args: readonly string[]) => lvsTui(['--root', here, ...args]);
    const edits: string[][] = [['set', '--virtual', 'www', 'scheduler=lc'], ['add', 'server', '--virtual', 'www', 'web9', 'address=192.168.10.19', 'weight=2'], ['disable', 'virtual', 'ftp']];
    for (const e of edits) {
      const r = remote(['--remote-root', far, ...e]);
      assert.equal(r.status, 0, `${e.join(' ')}: ${r.stderr}`);
      assert.equal(local(e).status, 0, e.join(' '));
      assert.ok(cf(far).equals(cf(here)), `after ${e.join(' ')} the router's lvs.cf is what a local edit gives`);
    }
    assert.ok(!cf(far).equals(original));
    // import: the YAML is a file here, exported from the router and edited
    const yamlFile = join(here, 'lvs.yaml');
    const exported = remote(['--remote-root', far, 'export', '--format', 'yaml']);
    assert.equal(exported.status, 0, exported.stderr);
    writeFileSync(yamlFile, exported.stdout.replace(/(scheduler:\n\s+value: )lc\b/, '$1wrr'));
    const imported = remote(['--remote-root', far, 'import', yamlFile, '--yes']);
    assert.equal(imported.status, 0, imported.stderr + imported.stdout);
    assert.equal(local(['import', yamlFile, '--yes']).status, 0);
    assert.ok(cf(far).equals(cf(here)), 'the router\'s lvs.cf is what a local import of the same YAML gives');
    assert.match(cf(far).toString('utf8'), /scheduler = wrr/);
    // the history is the router's: three earlier versions, mode 0600, the oldest the original file
    const folder = join(far, 'var', 'lib', 'lvs-tui', 'history', encodeURIComponent(join(far, 'etc', 'sysconfig', 'ha', 'lvs.cf')));
    const kept = readdirSync(folder).sort();
    assert.equal(kept.length, 4, kept.join(' '));
    assert.ok(readFileSync(join(folder, kept[0])).equals(original));
    assert.equal(statSync(join(folder, kept[0])).mode & 0o777, 0o600);
    const h = remote(['--remote-root', far, 'history']);
    assert.equal(h.status, 0, h.stderr);
    assert.equal(h.stdout.trim().split('\n').length, 5, h.stdout);
    const back = remote(['--remote-root', far, 'restore', '4']);
    assert.equal(back.status, 0, back.stderr + back.stdout);
    // the original comes back, its serial_no moved past the current one
    const restored = cf(far).toString('utf8');
    assert.match(restored, /virtual ftp \{\n\s+active = 1/);
    assert.ok(!/web9/.test(restored));
    // an lvs-tui on the router holds its lock: an edit is refused and nothing changes
    const held = fileLocker().acquire(join(far, 'run', 'lvs-tui.lock'));
    try {
      const before = cf(far);
      const refused = remote(['--remote-root', far, 'set', 'keepalive=9']);
      assert.equal(refused.status, 1, refused.stderr);
      assert.match(refused.stderr, /another lvs-tui \(pid \d+/);
      assert.ok(cf(far).equals(before));
    } finally {
      held.release();
    }
  } finally {
    rmSync(far, { recursive: true, force: true });
    rmSync(here, { recursive: true, force: true });
  }
});
