// `lvs-tui realserver-setup --apply` end to end: the real binary and a real OpenSSH sshd, both in a
// network namespace the test creates, standing for a real server (a veth named eth0 holds its
// address 10.0.2.21/24); the server's files live under a temp directory (--remote-root). The
// kit is applied over SSH, `ip addr`, `arptables-save`, `iptables-save` and `sysctl` there show
// it, a second run changes nothing, and a failure half-way puts everything back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/paths';
import { Netns, withNetns } from '../helpers/netns';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { Sshd, skipUnlessSshd, startSshd } from '../helpers/sshd';

const skip =
  needRootNamespaces() || needProgram('ip', ['-V']) || needProgram('arptables', ['-V']) || needProgram('iptables-save', ['--version']) || needProgram('sysctl', ['--version']) || needProgram('systemctl', ['--version']) || skipUnlessSshd();

const LVS_CF = `serial_no = 1
primary = 192.0.2.1
service = lvs
network = direct
virtual web {
     active = 1
     address = 192.0.2.10 eth0:1
     port = 80
     server rs1 {
         address = 10.0.2.21
         active = 1
     }
     server rs2 {
         address = 10.0.2.22
         active = 1
     }
}
virtual both {
     active = 1
     address = 192.0.2.11 eth0:1
     fwmark = 80
     server rs1 {
         address = 10.0.2.21
         active = 1
     }
}
`;
const SIDECAR = 'firewall_marks:\n  - mark: 80\n    ports: [80, 443]\n';

interface Rs {
  readonly ns: Netns;
  readonly sshd: Sshd;
  /** the real server's "/" */
  readonly files: string;
  /** the admin's HOME (~/.ssh/id_ed25519 and known_hosts) */
  readonly home: string;
  run(...args: string[]): { status: number | null; stdout: string; stderr: string };
}

async function withRealServer(fn: (rs: Rs) => Promise<void> | void): Promise<void> {
  await withNetns(async (ns) => {
    ns.run('ip', ['link', 'set', 'lo', 'up']);
    ns.run('ip', ['link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0peer']);
    ns.run('ip', ['addr', 'add', '10.0.2.21/24', 'dev', 'eth0']);
    ns.run('ip', ['link', 'set', 'eth0', 'up']);
    const sshd = await startSshd({ netns: ns });
    const router = mkdtempSync(join(tmpdir(), 'lvs-tui-rs-router-'));
    const files = mkdtempSync(join(tmpdir(), 'lvs-tui-rs-files-'));
    const home = mkdtempSync(join(tmpdir(), 'lvs-tui-rs-home-'));
    try {
      mkdirSync(join(router, 'etc', 'sysconfig', 'ha'), { recursive: true });
      writeFileSync(join(router, 'etc', 'sysconfig', 'ha', 'lvs.cf'), LVS_CF);
      writeFileSync(join(router, 'etc', 'sysconfig', 'ha', 'lvs-tui.yaml'), SIDECAR);
      // the admin's ssh: key and known_hosts in ~/.ssh
      mkdirSync(join(home, '.ssh'), { mode: 0o700 });
      writeFileSync(join(home, '.ssh', 'id_ed25519'), readFileSync(sshd.userKeyPath));
      chmodSync(join(home, '.ssh', 'id_ed25519'), 0o600);
      writeFileSync(join(home, '.ssh', 'known_hosts'), readFileSync(sshd.knownHostsPath));
      const env = { ...process.env, SSH_AUTH_SOCK: '', HOME: home };
      await fn({
        ns,
        sshd,
        files,
        home,
        run(...args) {
          const argv = ['netns', 'exec', ns.name, process.execPath, BIN, '--root', router, 'realserver-setup', '--apply', `root@127.0.0.1:${sshd.port}`, '--remote-root', files, ...args];
          const r = spawnSync('ip', argv, { encoding: 'utf8', timeout: 90_000, env });
          if (r.error) throw r.error;
          return { status: r.status, stdout: r.stdout, stderr: r.stderr };
        },
      });
    } finally {
      await sshd.stop();
      for (const d of [router, files, home]) rmSync(d, { recursive: true, force: true });
    }
  }, 'lvstui-rsapply');
}

const addresses = (ns: Netns, dev: string) =>
  ns
    .run('ip', ['-o', '-4', 'addr', 'show', 'dev', dev])
    .split('\n')
    .filter(Boolean)
    .map((l) => /inet (\S+)/.exec(l)![1]);
const ruleLines = (text: string) => text.split('\n').filter((l) => l.startsWith('-A '));

test('realserver-setup --apply, arptables: rules and VIPs on the server over SSH, the boot unit written and enabled; a second run changes nothing', { skip }, async () => {
  await withRealServer((rs) => {
    const first = rs.run('--method', 'arptables', '--platform', 'systemd', '--yes');
    assert.equal(first.status, 0, first.stderr + first.stdout);
    assert.match(first.stdout, /######## real server 10\.0\.2\.21: VIPs 192\.0\.2\.10, 192\.0\.2\.11\n/);
    assert.match(first.stdout, /interface eth0/);
    assert.match(first.stdout, /\n {2}do {2}arptables rule: -A INPUT -d 192\.0\.2\.10 -j DROP \(missing\)\n {8}arptables -A INPUT -d 192\.0\.2\.10 -j DROP\n/);
    assert.match(first.stdout, /\napplied on root@127\.0\.0\.1:\d+: 8 changes, each verified/);
    assert.match(first.stdout, /\n {8}\+\+\+ \/etc\/systemd\/system\/lvs-tui-realserver\.service\n/);
    const want = [
      '-A INPUT -j DROP -d 192.0.2.10',
      '-A INPUT -j DROP -d 192.0.2.11',
      '-A OUTPUT -j mangle -s 192.0.2.10 --mangle-ip-s 10.0.2.21',
      '-A OUTPUT -j mangle -s 192.0.2.11 --mangle-ip-s 10.0.2.21',
    ];
    assert.deepEqual(ruleLines(rs.ns.run('arptables-save', [])), want);
    assert.deepEqual(addresses(rs.ns, 'eth0'), ['10.0.2.21/24', '192.0.2.10/32', '192.0.2.11/32']);
    const unit = readFileSync(join(rs.files, 'etc/systemd/system/lvs-tui-realserver.service'), 'utf8');
    assert.match(unit, /^# Written by lvs-tui realserver-setup/);
    assert.match(unit, /\nExecStart=\/sbin\/arptables -A INPUT -d 192\.0\.2\.10 -j DROP\n/);
    const wants = join(rs.files, 'etc/systemd/system/multi-user.target.wants/lvs-tui-realserver.service');
    assert.ok(lstatSync(wants).isSymbolicLink());
    assert.equal(readlinkSync(wants), '/etc/systemd/system/lvs-tui-realserver.service');

    const again = rs.run('--method', 'arptables', '--platform', 'systemd', '--yes');
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /\n {2}do /);
    assert.match(again.stdout, /nothing to do: root@127\.0\.0\.1:\d+ already holds all of it\n$/);
    assert.deepEqual(ruleLines(rs.ns.run('arptables-save', [])), want);
    assert.deepEqual(addresses(rs.ns, 'eth0'), ['10.0.2.21/24', '192.0.2.10/32', '192.0.2.11/32']);
  });
});

test('realserver-setup --apply, sysctl: a failure half-way undoes every change (sysctls, VIPs, files); then it applies, and again is a no-op', { skip }, async () => {
  await withRealServer((rs) => {
    const keys = ['net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce', 'net.ipv4.conf.eth0.arp_ignore', 'net.ipv4.conf.eth0.arp_announce'];
    const before = rs.ns.run('sysctl', ['-n', ...keys]);
    assert.equal(before, '0\n0\n0\n0\n');
    // the unit's folder cannot be made: the sysctls, VIPs and the sysctl.d file are done by then
    mkdirSync(join(rs.files, 'etc'), { recursive: true });
    writeFileSync(join(rs.files, 'etc', 'systemd'), 'not a folder\n');
    const failed = rs.run('--platform', 'systemd', '--yes');
    assert.equal(failed.status, 1, failed.stdout + failed.stderr);
    assert.match(failed.stderr, /failed to apply "write \/etc\/systemd\/system\/lvs-tui-realserver\.service": /);
    assert.match(failed.stderr, /undone: .*set net\.ipv4\.conf\.all\.arp_ignore = 1/);
    assert.match(failed.stderr, /root@127\.0\.0\.1:\d+ is back where it was/);
    assert.equal(rs.ns.run('sysctl', ['-n', ...keys]), before);
    assert.deepEqual(addresses(rs.ns, 'lo'), ['127.0.0.1/8']);
    assert.ok(!existsSync(join(rs.files, 'etc/sysctl.d/90-lvs-tui-realserver.conf')));

    rmSync(join(rs.files, 'etc', 'systemd'));
    const ok = rs.run('--platform', 'systemd', '--yes');
    assert.equal(ok.status, 0, ok.stderr + ok.stdout);
    assert.equal(rs.ns.run('sysctl', ['-n', ...keys]), '1\n2\n1\n2\n');
    assert.deepEqual(addresses(rs.ns, 'lo'), ['127.0.0.1/8', '192.0.2.10/32', '192.0.2.11/32']);
    assert.match(readFileSync(join(rs.files, 'etc/sysctl.d/90-lvs-tui-realserver.conf'), 'utf8'), /\nnet\.ipv4\.conf\.eth0\.arp_announce = 2\n$/);
    const again = rs.run('--platform', 'systemd', '--yes');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /nothing to do/);
  });
});

test('realserver-setup --apply, iptables: the REDIRECT rules (fwmark by its ports), once; an admin\'s file in the way is refused before anything changes', { skip }, async () => {
  await withRealServer((rs) => {
    // an alias file the admin wrote where the RHEL 6 kit would write: refused, nothing changed
    mkdirSync(join(rs.files, 'etc/sysconfig/network-scripts'), { recursive: true });
    writeFileSync(join(rs.files, 'etc/sysconfig/network-scripts/ifcfg-lo:0'), 'DEVICE=lo:0\nIPADDR=10.9.9.9\n');
    const refused = rs.run('--platform', 'rhel6', '--yes');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /ifcfg-lo:0 exists and was not written by lvs-tui/);
    assert.match(refused.stderr, /nothing was changed/);
    assert.equal(rs.ns.run('sysctl', ['-n', 'net.ipv4.conf.all.arp_ignore']), '0\n');
    // a --device the server does not have: refused before anything changes
    const noDev = rs.run('--platform', 'systemd', '--device', 'eth9', '--yes');
    assert.equal(noDev.status, 1);
    assert.match(noDev.stderr, /has no sysctl net\.ipv4\.conf\.eth9\.arp_ignore \(no interface eth9/);
    assert.equal(rs.ns.run('sysctl', ['-n', 'net.ipv4.conf.all.arp_ignore']), '0\n');
    assert.deepEqual(addresses(rs.ns, 'lo'), ['127.0.0.1/8']);
    // a host key known_hosts does not hold, and no terminal to ask on: refused with its fingerprint
    renameSync(join(rs.home, '.ssh', 'known_hosts'), join(rs.home, '.ssh', 'known_hosts.off'));
    const unknown = rs.run('--platform', 'systemd', '--yes');
    renameSync(join(rs.home, '.ssh', 'known_hosts.off'), join(rs.home, '.ssh', 'known_hosts'));
    assert.equal(unknown.status, 1);
    assert.ok(unknown.stderr.includes(rs.sshd.hostKeyFingerprint), unknown.stderr);
    assert.match(unknown.stderr, /nothing was changed/);

    const r = rs.run('--method', 'iptables', '--platform', 'systemd', '--yes', '--virtual', 'both');
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const want = ['-A PREROUTING -d 192.0.2.11/32 -p tcp -m tcp --dport 80 -j REDIRECT', '-A PREROUTING -d 192.0.2.11/32 -p tcp -m tcp --dport 443 -j REDIRECT'];
    assert.deepEqual(ruleLines(rs.ns.run('iptables-save', ['-t', 'nat'])), want);
    assert.deepEqual(addresses(rs.ns, 'lo'), ['127.0.0.1/8']);
    const again = rs.run('--method', 'iptables', '--platform', 'systemd', '--yes', '--virtual', 'both');
    assert.match(again.stdout, /nothing to do/);
    assert.deepEqual(ruleLines(rs.ns.run('iptables-save', ['-t', 'nat'])), want);
    // --dry-run with something to do shows it and changes nothing
    const dry = rs.run('--method', 'iptables', '--platform', 'systemd', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /\n {2}do {2}iptables rule: -t nat -A PREROUTING -d 192\.0\.2\.10\/32/);
    assert.match(dry.stdout, /dry run: nothing was changed/);
    assert.deepEqual(ruleLines(rs.ns.run('iptables-save', ['-t', 'nat'])), want);
    // without --yes and without a terminal: a usage error, nothing changed
    const noTty = rs.run('--method', 'iptables', '--platform', 'systemd');
    assert.equal(noTty.status, 2);
    assert.match(noTty.stderr, /give --yes/);
  });
});
