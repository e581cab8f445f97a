// `lvs-tui sync` and `status --peer` end to end: the real binary and a real OpenSSH sshd, both in a
// network namespace the test creates (lo up), so the backup's iptables-restore and sysctl run by
// sshd's sessions touch only that namespace. Two temp roots stand for the routers: the primary's
// (--root) and the backup's `/` (the sidecar's routers.backup.remote_root).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN, SAMPLES } from '../helpers/paths';
import { Netns, withNetns } from '../helpers/netns';
import { PulseStandin, pulseStandin } from '../helpers/pulse-standin';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { Sshd, skipUnlessSshd, startSshd } from '../helpers/sshd';
import { syncDiff } from '../../src/present/sync-diff';

const skip = needRootNamespaces() || needProgram('ip', ['-V']) || needProgram('iptables-restore', ['--version']) || needProgram('sysctl', ['--version']) || skipUnlessSshd();

const FOREIGN_RULE = ['-t', 'nat', '-A', 'POSTROUTING', '-s', '10.9.0.0/16', '-j', 'MASQUERADE'];
const SAVED_RULES = "# the backup admin's saved rules\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n";
const SYSCTL_CONF = '# backup kernel settings\nnet.ipv4.ip_forward = 0\n';
const HA = join('etc', 'sysconfig', 'ha');
const CHECK = '/usr/local/bin/check_web';
const BIG = '/usr/local/lib/lvs/check_big';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const yamlList = (argv: readonly string[]) => `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;

interface Pair {
  readonly ns: Netns;
  readonly sshd: Sshd;
  readonly pulse: PulseStandin;
  /** the primary's root (--root) */
  readonly a: string;
  /** the backup's "/" */
  readonly b: string;
  run(args: readonly string[]): { status: number | null; stdout: string; stderr: string };
  /** starts the CLI without waiting (for killing sshd in the middle) */
  start(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }>;
  rules(): string;
  sidecar(extra?: string): string;
}

function lvsCf(serial: number, extra = ''): string {
  return readFileSync(join(SAMPLES, 'nat-http-ftp.cf'), 'utf8')
    .replace('serial_no = 12', `serial_no = ${serial}`)
    .replace('     expect = "HTTP"\n', `     expect = "HTTP"\n     send_program = "${CHECK} %h"\n${extra}`);
}

function put(root: string, path: string, content: string | Buffer, mode = 0o644): string {
  const p = join(root, path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
  chmodSync(p, mode);
  return p;
}

async function withPair(fn: (p: Pair) => Promise<void>): Promise<void> {
  const pulse = pulseStandin({ running: true });
  try {
    await withNetns(async (ns) => {
      const sshd = await startSshd({ netns: ns, upLoopback: true });
      const a = mkdtempSync(join(tmpdir(), 'lvs-tui-sync-a-'));
      const b = mkdtempSync(join(tmpdir(), 'lvs-tui-sync-b-'));
      try {
        const c = pulse.commands;
        const sidecar = (extra = '') =>
          `# shared settings\nfirewall_marks:\n  - mark: 21\n    protocol: tcp\n    ports: [21, "10000:20000"]\nftp_masquerade: true\n` +
          `pulse:\n  manager: command\n  status: ${yamlList(c.status)}\n  reload: ${yamlList(c.reload)}\n  restart: ${yamlList(c.restart)}\n` +
          `routers:\n  backup:\n    ssh: root@127.0.0.1:${sshd.port}\n    identity_file: ${sshd.userKeyPath}\n    known_hosts: ${extra || sshd.knownHostsPath}\n    remote_root: ${b}\n`;
        // the primary
        put(a, join(HA, 'lvs.cf'), lvsCf(12));
        put(a, join(HA, 'lvs-tui.yaml'), sidecar());
        put(a, CHECK, '#!/bin/sh\n# checks a web server, version 2\nexec curl -fsS "http://$1/health"\n', 0o750);
        // the backup: an older lvs.cf and check script, the admin's own saved rules and sysctls
        put(b, join(HA, 'lvs.cf'), lvsCf(11), 0o640);
        chownSync(join(b, HA, 'lvs.cf'), 123, 456);
        put(b, CHECK, '#!/bin/sh\n# checks a web server, version 1\nexec wget -q -O- "http://$1/"\n', 0o750);
        chownSync(join(b, CHECK), 5, 5);
        put(b, join('etc', 'sysconfig', 'iptables'), SAVED_RULES, 0o600);
        put(b, join('etc', 'sysctl.conf'), SYSCTL_CONF);
        mkdirSync(join(b, 'proc', 'net'), { recursive: true });
        ns.run('iptables', FOREIGN_RULE);
        ns.run('sysctl', ['-w', 'net.ipv4.ip_forward=0']);
        const env = { ...process.env, SSH_AUTH_SOCK: '', HOME: a };
        const cli = (args: readonly string[]) => ['ip', 'netns', 'exec', ns.name, process.execPath, BIN, '--root', a, ...args];
        await fn({
          ns,
          sshd,
          pulse,
          a,
          b,
          sidecar,
          run(args) {
            const argv = cli(args);
            const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 90_000, env });
            if (r.error) throw r.error;
            return { status: r.status, stdout: r.stdout, stderr: r.stderr };
          },
          start(args) {
            const argv = cli(args);
            const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d) => (stdout += d));
            child.stderr.on('data', (d) => (stderr += d));
            return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
          },
          rules: () =>
            ns
              .run('iptables-save', [])
              .split('\n')
              .filter((l) => l !== '' && !l.startsWith('#'))
              .map((l) => l.replace(/ \[\d+:\d+\]$/, ''))
              .join('\n'),
        });
      } finally {
        await sshd.stop();
        rmSync(a, { recursive: true, force: true });
        rmSync(b, { recursive: true, force: true });
      }
    });
  } finally {
    pulse.remove();
  }
}

const ino = (p: string) => {
  const s = statSync(p);
  return `${s.ino}/${s.mtimeMs}`;
};

test('sync: copies exactly the changed files, verified; modes, owners and previous versions kept; the backup\'s chains made right, its own rules untouched', { skip }, async () => {
  await withPair(async (p) => {
    // the sidecar is already the same on the backup: it must not be rewritten
    put(p.b, join(HA, 'lvs-tui.yaml'), readFileSync(join(p.a, HA, 'lvs-tui.yaml')), 0o600);
    const sidecarBefore = ino(join(p.b, HA, 'lvs-tui.yaml'));
    const oldCf = readFileSync(join(p.b, HA, 'lvs.cf'));
    const oldCheck = readFileSync(join(p.b, CHECK));

    const dry = p.run(['sync', '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr + dry.stdout);
    assert.match(dry.stdout, /-serial_no = 11\n\+serial_no = 12/);
    assert.match(dry.stdout, /-# checks a web server, version 1\n/);
    assert.ok(readFileSync(join(p.b, HA, 'lvs.cf')).equals(oldCf), 'dry run writes nothing');
    assert.ok(!p.rules().includes('LVS_TUI'), 'dry run loads no rule');

    const r = p.run(['sync', '--yes']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /differs +\/etc\/sysconfig\/ha\/lvs\.cf/);
    assert.match(r.stdout, /same +\/etc\/sysconfig\/ha\/lvs-tui\.yaml/);
    assert.match(r.stdout, /verified: 3 files hold the same SHA-256 on both routers/);
    // exactly the changed files, verified
    for (const f of [join(HA, 'lvs.cf'), CHECK]) assert.equal(sha(readFileSync(join(p.b, f))), sha(readFileSync(join(p.a, f))), f);
    assert.equal(ino(join(p.b, HA, 'lvs-tui.yaml')), sidecarBefore, 'the unchanged sidecar was not rewritten');
    // mode and owner kept; previous versions kept beside them
    const cf = statSync(join(p.b, HA, 'lvs.cf'));
    assert.deepEqual([cf.mode & 0o7777, cf.uid, cf.gid], [0o640, 123, 456]);
    const chk = statSync(join(p.b, CHECK));
    assert.deepEqual([chk.mode & 0o7777, chk.uid, chk.gid], [0o750, 5, 5]);
    assert.ok(readFileSync(join(p.b, HA, '.lvs.cf.lvs-tui-previous')).equals(oldCf));
    assert.ok(readFileSync(join(p.b, dirname(CHECK), '.check_web.lvs-tui-previous')).equals(oldCheck));
    // no temp file left anywhere on the backup
    const strays = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? strays(join(dir, e.name)) : e.name.includes('.tmp') ? [join(dir, e.name)] : []));
    assert.deepEqual(strays(p.b), []);
    // the backup's own chains: the rules lvs.cf and the sidecar want, its foreign rule untouched
    const rules = p.rules().split('\n');
    for (const line of [
      '-A PREROUTING -j LVS_TUI_MARK',
      '-A LVS_TUI_MARK -d 203.0.113.100/32 -p tcp -m tcp --dport 21 -j MARK --set-xmark 0x15/0xffffffff',
      '-A LVS_TUI_MARK -d 203.0.113.100/32 -p tcp -m tcp --dport 10000:20000 -j MARK --set-xmark 0x15/0xffffffff',
      '-A POSTROUTING -s 10.9.0.0/16 -j MASQUERADE',
      '-A POSTROUTING -j LVS_TUI_NAT',
      '-A LVS_TUI_NAT -s 192.168.10.0/24 -p tcp -m tcp --sport 20 -j MASQUERADE',
    ]) {
      assert.ok(rules.includes(line), `backup rules lack: ${line}\n${rules.join('\n')}`);
    }
    assert.equal(rules.filter((l) => l.startsWith('-A LVS_TUI_')).length, 3);
    assert.equal(p.ns.run('sysctl', ['-n', 'net.ipv4.ip_forward']).trim(), '1');
    const saved = readFileSync(join(p.b, 'etc', 'sysconfig', 'iptables'), 'utf8');
    assert.ok(saved.startsWith(SAVED_RULES), "the backup's own saved rules kept, not the primary's file");
    assert.match(saved, /-A LVS_TUI_NAT -s 192\.168\.10\.0\/24 -p tcp -m tcp --sport 20 -j MASQUERADE/);
    assert.equal(readFileSync(join(p.b, 'etc', 'sysctl.conf'), 'utf8'), SYSCTL_CONF.replace('= 0', '= 1'));
    const audit = readFileSync(join(p.a, 'var', 'log', 'lvs-tui', 'audit.log'), 'utf8').trim().split('\n');
    assert.equal(JSON.parse(audit[audit.length - 1]).outcome, 'applied');

    // nothing changed: nothing written
    const before = [join(HA, 'lvs.cf'), join(HA, 'lvs-tui.yaml'), CHECK, 'etc/sysconfig/iptables', 'etc/sysctl.conf'].map((f) => ino(join(p.b, f)));
    const rulesBefore = p.rules();
    const again = p.run(['sync', '--yes']);
    assert.equal(again.status, 0, again.stderr + again.stdout);
    assert.match(again.stdout, /nothing to do/);
    assert.deepEqual([join(HA, 'lvs.cf'), join(HA, 'lvs-tui.yaml'), CHECK, 'etc/sysconfig/iptables', 'etc/sysctl.conf'].map((f) => ino(join(p.b, f))), before);
    assert.equal(p.rules(), rulesBefore);
  });
});

test('sync: an lvs.cf with errors is refused when anything would change on the backup; the same broken file already on both routers is nothing to do', { skip }, async () => {
  await withPair(async (p) => {
    const good = readFileSync(join(p.b, HA, 'lvs.cf'));
    const rulesBefore = p.rules();
    put(p.a, join(HA, 'lvs.cf'), lvsCf(13).replace(/address = [0-9.]+ eth0:1/, 'address = 300.1.2.3 eth0:1'));
    const r = p.run(['sync', '--yes']);
    assert.equal(r.status, 1, r.stderr + r.stdout);
    assert.match(r.stderr, /lvs\.cf:\d+:\d+: error: "300\.1\.2\.3" is not a valid dotted-quad IPv4 address/);
    assert.match(r.stderr, /not synced: 1 error in .*lvs\.cf/);
    assert.ok(readFileSync(join(p.b, HA, 'lvs.cf')).equals(good), 'the backup keeps its lvs.cf');
    assert.equal(p.rules(), rulesBefore, 'no rule changed on the backup');
    // the same broken file already on both routers and the backup's chains as planned: nothing
    // would change there, so only the hashes are compared (lvs-tui check reports the error)
    put(p.a, join(HA, 'lvs.cf'), lvsCf(13));
    const good2 = p.run(['sync', '--yes']);
    assert.equal(good2.status, 0, good2.stderr + good2.stdout);
    const broken = lvsCf(13).replace(/address = [0-9.]+ eth0:1/, 'address = 300.1.2.3 eth0:1');
    put(p.a, join(HA, 'lvs.cf'), broken);
    put(p.b, join(HA, 'lvs.cf'), broken);
    const same = p.run(['sync', '--yes']);
    assert.equal(same.status, 0, same.stderr + same.stdout);
    assert.match(same.stdout, /nothing to do: root@127\.0\.0\.1:\d+ already holds this configuration/);
  });
});

test('sync: an unknown host key is refused with its fingerprint, nothing changed; without a terminal nobody is asked', { skip }, async () => {
  await withPair(async (p) => {
    const empty = put(p.a, 'empty_known_hosts', '');
    put(p.a, join(HA, 'lvs-tui.yaml'), p.sidecar(empty));
    const before = readFileSync(join(p.b, HA, 'lvs.cf'));
    const r = p.run(['sync', '--yes']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.ok(r.stderr.includes(p.sshd.hostKeyFingerprint), r.stderr);
    assert.ok(readFileSync(join(p.b, HA, 'lvs.cf')).equals(before));
    assert.equal(readFileSync(empty, 'utf8'), '', 'known_hosts not written');
    assert.ok(!p.rules().includes('LVS_TUI'));
  });
});

test('sync: sshd killed in the middle of a big upload leaves the far file intact and says what was written', { skip }, async () => {
  await withPair(async (p) => {
    // a second, big check program, used by a later virtual (the small script is written first)
    const cf = lvsCf(12).replace('     send = "QUIT\\r\\n"\n', `     send_program = "${BIG} %h"\n`);
    put(p.a, join(HA, 'lvs.cf'), cf);
    put(p.a, BIG, randomBytes(48 * 1024 * 1024), 0o755);
    put(p.b, BIG, randomBytes(1024), 0o755);
    const oldBig = sha(readFileSync(join(p.b, BIG)));
    const oldCf = sha(readFileSync(join(p.b, HA, 'lvs.cf')));
    const run = p.start(['sync', '--yes']);
    // kill sshd and its sessions once the big temp file is on its way
    const dir = join(p.b, dirname(BIG));
    const deadline = Date.now() + 60_000;
    let killed = false;
    while (!killed && Date.now() < deadline) {
      const tmp = readdirSync(dir).find((n) => n.startsWith('.check_big.lvs-tui-') && n.endsWith('.tmp'));
      if (tmp && statSync(join(dir, tmp)).size > 1024 * 1024) {
        p.sshd.kill();
        killed = true;
      } else await new Promise((r) => setTimeout(r, 2));
    }
    const r = await run;
    assert.ok(killed, `the upload was never seen in progress\n${r.stdout}\n${r.stderr}`);
    assert.equal(r.status, 3, r.stdout + r.stderr);
    // the far files: old or new, never partial; here the big one and lvs.cf are old
    assert.equal(sha(readFileSync(join(p.b, BIG))), oldBig, 'the big file on the backup is intact');
    assert.equal(sha(readFileSync(join(p.b, HA, 'lvs.cf'))), oldCf, 'lvs.cf on the backup is the old one');
    assert.equal(sha(readFileSync(join(p.b, CHECK))), sha(readFileSync(join(p.a, CHECK))), 'the small script was written before the link dropped');
    assert.match(r.stderr, /new on root@127\.0\.0\.1:\d+: .*\/usr\/local\/bin\/check_web/);
    assert.match(r.stderr, /unchanged \(old\) on root@127\.0\.0\.1:\d+: .*\/etc\/sysconfig\/ha\/lvs\.cf/);
    assert.match(r.stderr, /old or new on root@127\.0\.0\.1:\d+ \(written atomically, never partial; the link dropped during the write\): .*check_big/);
  });
});

test('status --peer: in sync, differs (which files), unreachable; split brain is an alarm', { skip }, async () => {
  await withPair(async (p) => {
    const synced = p.run(['sync', '--yes']);
    assert.equal(synced.status, 0, synced.stderr + synced.stdout);
    // this router (primary) holds the VIP, the backup holds none
    const trie = (addrs: string[]) => `Main:\n  +-- 0.0.0.0/0 3 0 5\n${addrs.map((a) => `     |-- ${a}\n        /32 host LOCAL\n`).join('')}`;
    put(p.a, 'proc/net/fib_trie', trie(['203.0.113.10', '203.0.113.100', '192.168.10.254']));
    put(p.b, 'proc/net/fib_trie', trie(['203.0.113.11']));
    const peer = () => {
      const r = p.run(['status', '--peer', '--json']);
      return { status: r.status, json: JSON.parse(r.stdout) as { exit_code: number; peer: Record<string, unknown> }, stderr: r.stderr };
    };
    const s1 = peer();
    assert.deepEqual([s1.json.peer.router, s1.json.peer.state, s1.json.peer.role, s1.json.peer.holder, s1.json.peer.split_brain, s1.json.peer.files], ['backup', 'in-sync', 'standby', 'here', false, []], JSON.stringify(s1.json.peer));

    writeFileSync(join(p.b, CHECK), '#!/bin/sh\nexit 0\n');
    const s2 = peer();
    assert.equal(s2.json.peer.state, 'differs');
    assert.deepEqual(s2.json.peer.files, [{ path: CHECK, state: 'differs' }]);
    const text = p.run(['status', '--peer']);
    assert.match(text.stdout, /Peer: +backup root@127\.0\.0\.1:\d+: differs, standby/);

    // split brain: the backup has raised the VIP too
    put(p.b, 'proc/net/fib_trie', trie(['203.0.113.11', '203.0.113.100', '192.168.10.254']));
    const s3 = peer();
    assert.deepEqual([s3.json.peer.holder, s3.json.peer.split_brain, s3.json.peer.health], ['both', true, 'alarm']);
    assert.notEqual(s3.status, 0);
    assert.notEqual(s3.json.exit_code, 0);

    await p.sshd.stop();
    const s4 = peer();
    assert.equal(s4.json.peer.state, 'unreachable');
    assert.match(String(s4.json.peer.reason), /refused|closed|reset/);
    assert.ok(existsSync(join(p.b, HA, 'lvs.cf')));
  });
});

test('apply on the primary: --yes does not sync the backup (it says so), --sync does', { skip }, async () => {
  await withPair(async (p) => {
    const before = readFileSync(join(p.b, HA, 'lvs.cf'));
    const a = p.run(['apply', '--yes']);
    assert.equal(a.status, 0, a.stderr + a.stdout);
    assert.match(a.stdout, /the backup router root@127\.0\.0\.1:\d+ was not synced: run `lvs-tui sync`/);
    assert.ok(readFileSync(join(p.b, HA, 'lvs.cf')).equals(before), 'no sync without --sync and without a terminal');

    put(p.a, join(HA, 'lvs.cf'), lvsCf(13));
    const s = p.run(['apply', '--yes', '--sync']);
    assert.equal(s.status, 0, s.stderr + s.stdout);
    assert.match(s.stdout, /^applied: /m);
    assert.match(s.stdout, /verified: 3 files hold the same SHA-256 on both routers/);
    assert.ok(readFileSync(join(p.b, HA, 'lvs.cf')).equals(readFileSync(join(p.a, HA, 'lvs.cf'))));
  });
});

test('sync --restart: pulse on the backup is restarted when the backup is the standby, never when it holds the VIPs', { skip }, async () => {
  await withPair(async (p) => {
    const trie = (addrs: string[]) => `Main:\n  +-- 0.0.0.0/0 3 0 5\n${addrs.map((a) => `     |-- ${a}\n        /32 host LOCAL\n`).join('')}`;
    // the backup holds the VIP: pulse there is left alone
    put(p.b, 'proc/net/fib_trie', trie(['203.0.113.11', '203.0.113.100', '192.168.10.254']));
    const active = p.run(['sync', '--yes', '--restart']);
    assert.equal(active.status, 0, active.stderr + active.stdout);
    assert.match(active.stdout, /pulse on root@127\.0\.0\.1:\d+ was left alone: the backup is active/);
    assert.deepEqual(p.pulse.requests().filter((x) => x !== 'status'), []);

    // the standby: restarted, and the record of what it loaded written there
    put(p.b, 'proc/net/fib_trie', trie(['203.0.113.11']));
    put(p.a, join(HA, 'lvs.cf'), lvsCf(14));
    const standby = p.run(['sync', '--yes', '--restart']);
    assert.equal(standby.status, 0, standby.stderr + standby.stdout);
    assert.match(standby.stdout, /restarted pulse on root@127\.0\.0\.1:\d+: it runs the new lvs\.cf/);
    assert.deepEqual(p.pulse.requests().filter((x) => x !== 'status'), ['restart']);
    assert.ok(readFileSync(join(p.b, 'var', 'lib', 'lvs-tui', 'pulse-loaded.cf')).equals(readFileSync(join(p.a, HA, 'lvs.cf'))));
  });
});

test('sync: the round trips to the backup: one exec request and no SFTP channel when nothing changed, one of each when lvs.cf changed', { skip }, async () => {
  await withPair(async (p) => {
    const first = p.run(['sync', '--yes']);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    const sessions = () => {
      const log = p.sshd.logs();
      return { exec: (log.match(/Starting session: command/g) ?? []).length, sftp: (log.match(/Starting session: subsystem 'sftp'/g) ?? []).length };
    };
    const settle = () => new Promise((r) => setTimeout(r, 300)); // sshd logs a session as it starts; give the last one time
    await settle();
    const a = sessions();
    const same = p.run(['sync', '--yes']);
    assert.equal(same.status, 0, same.stderr + same.stdout);
    assert.match(same.stdout, /nothing to do/);
    await settle();
    const b = sessions();
    assert.deepEqual({ exec: b.exec - a.exec, sftp: b.sftp - a.sftp }, { exec: 1, sftp: 0 }, 'hashes, iptables-save of both tables, pulse status, the saved rules and sysctl files and the sysctls in one exec request');
    put(p.a, join(HA, 'lvs.cf'), lvsCf(14));
    const theirs = readFileSync(join(p.b, HA, 'lvs.cf'));
    const changed = p.run(['sync', '--yes']);
    assert.equal(changed.status, 0, changed.stderr + changed.stdout);
    // the backup's bytes came in the exec request, only because their SHA-256 differed
    assert.ok(changed.stdout.includes(syncDiff('/etc/sysconfig/ha/lvs.cf', theirs, readFileSync(join(p.a, HA, 'lvs.cf')))), changed.stdout);
    assert.match(changed.stdout, /verified: 3 files hold the same SHA-256 on both routers/);
    await settle();
    const c = sessions();
    assert.deepEqual({ exec: c.exec - b.exec, sftp: c.sftp - b.sftp }, { exec: 1, sftp: 1 }, 'the writes and their checks over SFTP, no program started for them');
  });
});

test('sync with pulse stopped on the backup: the record of the lvs.cf it will load is written (its directory made when missing), with no exec request of its own', { skip }, async () => {
  await withPair(async (p) => {
    p.pulse.setRunning(false);
    const record = join(p.b, 'var', 'lib', 'lvs-tui', 'pulse-loaded.cf');
    rmSync(join(p.b, 'var', 'lib', 'lvs-tui'), { recursive: true, force: true });
    put(p.a, join(HA, 'lvs.cf'), lvsCf(14));
    const first = p.run(['sync', '--yes']);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    assert.match(first.stdout, /pulse is not running on root@127\.0\.0\.1:\d+ .*: it reads the new lvs\.cf when it starts/);
    assert.ok(readFileSync(record).equals(readFileSync(join(p.a, HA, 'lvs.cf'))), 'recorded, its directory made');
    assert.equal(statSync(record).mode & 0o777, 0o600);

    const sessions = () => (p.sshd.logs().match(/Starting session: command/g) ?? []).length;
    const settle = () => new Promise((r) => setTimeout(r, 300));
    await settle();
    const before = sessions();
    put(p.a, join(HA, 'lvs.cf'), lvsCf(13));
    const second = p.run(['sync', '--yes']);
    assert.equal(second.status, 0, second.stderr + second.stdout);
    assert.ok(readFileSync(record).equals(readFileSync(join(p.a, HA, 'lvs.cf'))), 'the record follows the new lvs.cf');
    await settle();
    assert.equal(sessions() - before, 1, "the record's SHA-256 came with the first reads and the directory is there: no other exec request");
  });
});
