// `lvs-tui plan` and `lvs-tui apply` end to end: the real binary, run inside a network namespace the
// test creates (`ip netns exec`), so the real iptables-restore, iptables-save and sysctl change that
// namespace's rules and settings, never this machine's. Files live under a temp --root; pulse is the
// stand-in service script (Debian has no pulse).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, FIXTURES, SAMPLES } from '../helpers/paths';
import { Netns, withNetns } from '../helpers/netns';
import { PulseStandin, pulseStandin } from '../helpers/pulse-standin';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';

const skip = needRootNamespaces() || needProgram('ip', ['-V']) || needProgram('iptables-restore', ['--version']) || needProgram('sysctl', ['--version']);

/** An admin's rules that lvs-tui must never touch. */
const FOREIGN_RULES = ['-t', 'nat', '-A', 'POSTROUTING', '-s', '10.9.0.0/16', '-j', 'MASQUERADE'];
const FOREIGN_MANGLE = ['-t', 'mangle', '-A', 'PREROUTING', '-p', 'udp', '--dport', '53', '-j', 'ACCEPT'];
const SAVED_RULES = '# admin\'s saved rules\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n';
const SYSCTL_CONF = '# kernel settings\nnet.ipv4.ip_forward = 0\nkernel.panic = 10\n';

interface Router {
  readonly root: string;
  readonly cfg: string;
  readonly pulse: PulseStandin;
  run(args: readonly string[], opts?: { mountScript?: string }): { status: number | null; stdout: string; stderr: string };
  /** iptables-save of the namespace without comments and counters */
  rules(): string;
  forward(): string;
  /** every file under the root, with its bytes (what must stay as it was) */
  files(): Map<string, string>;
}

function yamlList(argv: readonly string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}

function setUp(ns: Netns, lvsCf: string, sidecarBody: string, pulse: PulseStandin): Router {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-apply-'));
  const ha = join(root, 'etc', 'sysconfig', 'ha');
  mkdirSync(ha, { recursive: true });
  const cfg = join(ha, 'lvs.cf');
  writeFileSync(cfg, lvsCf);
  const c = pulse.commands;
  writeFileSync(
    join(ha, 'lvs-tui.yaml'),
    `# lvs-tui's own settings\n${sidecarBody}pulse:\n  manager: command\n  status: ${yamlList(c.status)}\n  reload: ${yamlList(c.reload)}\n  restart: ${yamlList(c.restart)}\n`,
  );
  writeFileSync(join(root, 'etc', 'sysconfig', 'iptables'), SAVED_RULES, { mode: 0o600 });
  writeFileSync(join(root, 'etc', 'sysctl.conf'), SYSCTL_CONF);
  ns.run('iptables', FOREIGN_RULES);
  ns.run('iptables', FOREIGN_MANGLE);
  ns.run('sysctl', ['-w', 'net.ipv4.ip_forward=0']);
  const walk = (dir: string, out: Map<string, string>) => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p, out);
      else out.set(p.slice(root.length), readFileSync(p, 'latin1'));
    }
    return out;
  };
  return {
    root,
    cfg,
    pulse,
    run(args, opts = {}) {
      const cli = ['ip', 'netns', 'exec', ns.name, process.execPath, BIN, '--root', root, ...args];
      // A mount script (read-only bind mount, tiny tmpfs) runs first in a private mount namespace.
      const r = opts.mountScript
        ? spawnSync('unshare', ['-m', 'sh', '-c', `${opts.mountScript} && exec "$@"`, 'sh', ...cli], { encoding: 'utf8', timeout: 60_000 })
        : spawnSync(cli[0], cli.slice(1), { encoding: 'utf8', timeout: 60_000 });
      if (r.error) throw r.error;
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    rules: () =>
      ns
        .run('iptables-save', [])
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => l.replace(/ \[\d+:\d+\]$/, ''))
        .join('\n'),
    forward: () => ns.run('sysctl', ['-n', 'net.ipv4.ip_forward']).trim(),
    files: () => walk(root, new Map()),
  };
}

const FTP_SIDECAR = 'firewall_marks:\n  - mark: 21\n    protocol: tcp\n    ports: [21, "10000:20000"]\nftp_masquerade: true\n';
const HTTPS_SIDECAR = 'firewall_marks:\n  - mark: 80\n    protocol: tcp\n    ports: [80, 443]\n';

async function withRouter(lvsCfName: string, sidecar: string, fn: (r: Router) => void | Promise<void>): Promise<void> {
  const pulse = pulseStandin({ running: true });
  try {
    await withNetns((ns) => fn(setUp(ns, readFileSync(join(SAMPLES, lvsCfName), 'utf8'), sidecar, pulse)));
  } finally {
    pulse.remove();
  }
}

test('apply: the guide\'s FTP example (fwmark 21 for 21 and 10000:20000, NAT masquerade of port 20) end to end', { skip }, async () => {
  await withRouter('nat-http-ftp.cf', FTP_SIDECAR, (r) => {
    const plan = r.run(['plan']);
    assert.equal(plan.status, 0, plan.stderr);
    assert.match(plan.stdout, /\+-A LVS_TUI_MARK -d 203\.0\.113\.100\/32 -p tcp -m tcp --dport 10000:20000 -j MARK --set-xmark 0x15\/0xffffffff/);
    assert.match(plan.stdout, /net\.ipv4\.ip_forward = 0 {2}-> {2}1/);
    assert.match(plan.stdout, /pulse needs a restart/);
    assert.equal(r.forward(), '0', 'plan changes nothing');

    const a = r.run(['apply', '--yes', '--restart']);
    assert.equal(a.status, 0, a.stderr + a.stdout);
    assert.match(a.stdout, /^applied: /m);
    const rules = r.rules();
    for (const line of [
      ':LVS_TUI_MARK -',
      '-A PREROUTING -p udp -m udp --dport 53 -j ACCEPT',
      '-A PREROUTING -j LVS_TUI_MARK',
      '-A LVS_TUI_MARK -d 203.0.113.100/32 -p tcp -m tcp --dport 21 -j MARK --set-xmark 0x15/0xffffffff',
      '-A LVS_TUI_MARK -d 203.0.113.100/32 -p tcp -m tcp --dport 10000:20000 -j MARK --set-xmark 0x15/0xffffffff',
      '-A POSTROUTING -s 10.9.0.0/16 -j MASQUERADE',
      '-A POSTROUTING -j LVS_TUI_NAT',
      '-A LVS_TUI_NAT -s 192.168.10.0/24 -p tcp -m tcp --sport 20 -j MASQUERADE',
    ]) {
      assert.ok(rules.split('\n').includes(line), `live rules lack: ${line}\n${rules}`);
    }
    assert.equal(rules.split('\n').filter((l) => l.startsWith('-A LVS_TUI_')).length, 3, 'exactly our rules in our chains');
    assert.equal(r.forward(), '1');
    const saved = readFileSync(join(r.root, 'etc', 'sysconfig', 'iptables'), 'utf8');
    assert.ok(saved.startsWith(SAVED_RULES), 'the admin\'s saved rules are kept as they were');
    assert.match(saved, /-A LVS_TUI_MARK -d 203\.0\.113\.100\/32 -p tcp -m tcp --dport 21 -j MARK/);
    assert.equal(readFileSync(join(r.root, 'etc', 'sysctl.conf'), 'utf8'), SYSCTL_CONF.replace('ip_forward = 0', 'ip_forward = 1'));
    assert.deepEqual(r.pulse.requests().filter((x) => x !== 'status'), ['restart']);
    const audit = readFileSync(join(r.root, 'var', 'log', 'lvs-tui', 'audit.log'), 'utf8').trim().split('\n');
    assert.equal(JSON.parse(audit[audit.length - 1]).outcome, 'applied');

    // A second apply changes nothing at all.
    const before = r.files();
    const rulesBefore = r.rules();
    const again = r.run(['apply', '--yes']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /nothing to do/);
    assert.equal(r.rules(), rulesBefore);
    assert.deepEqual(r.files(), before);
    assert.deepEqual(r.pulse.requests().filter((x) => x !== 'status'), ['restart']);
  });
});

test('apply: HTTP and HTTPS grouped by fwmark 80 (direct routing): marks only, no NAT chain', { skip }, async () => {
  await withRouter('direct-fwmark.cf', HTTPS_SIDECAR, (r) => {
    const a = r.run(['apply', '--yes']);
    assert.equal(a.status, 0, a.stderr + a.stdout);
    assert.match(a.stdout, /pulse was left alone: it still needs a restart/);
    const ours = r.rules().split('\n').filter((l) => l.includes('LVS_TUI'));
    assert.deepEqual(ours, [
      ':LVS_TUI_MARK -',
      '-A PREROUTING -j LVS_TUI_MARK',
      '-A LVS_TUI_MARK -d 198.51.100.50/32 -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x50/0xffffffff',
      '-A LVS_TUI_MARK -d 198.51.100.50/32 -p tcp -m tcp --dport 443 -j MARK --set-xmark 0x50/0xffffffff',
    ]);
    assert.equal(r.forward(), '1');
    assert.deepEqual(r.pulse.requests().filter((x) => x !== 'status'), [], 'pulse is not touched without --reload/--restart');
    // pulse was left alone: the next plan still says what it needs
    assert.match(r.run(['plan']).stdout, /pulse needs a restart/);
  });
});

/** Runs a failing apply and checks that rules, ip_forward and every file are exactly as before. */
function assertNothingChanged(r: Router, args: readonly string[], expect: RegExp, opts: { mountScript?: string } = {}): string {
  const rules = r.rules();
  const files = r.files();
  const res = r.run(args, opts);
  assert.equal(res.status, 1, `exit 1 expected\n${res.stdout}\n${res.stderr}`);
  assert.match(res.stderr, expect);
  assert.equal(r.rules(), rules, 'live iptables rules as before');
  assert.equal(r.forward(), '0', 'ip_forward as before');
  const after = r.files();
  after.delete('/var/log/lvs-tui/audit.log');
  files.delete('/var/log/lvs-tui/audit.log');
  assert.deepEqual(after, files, 'every file as before, no temp file left');
  return res.stderr;
}

test('apply fails after the live steps ran (pulse restart fails): everything is undone', { skip }, async () => {
  await withRouter('nat-http-ftp.cf', FTP_SIDECAR, (r) => {
    r.pulse.failOn('restart', 'pulse: cannot bind heartbeat port');
    const err = assertNothingChanged(r, ['apply', '--yes', '--restart'], /restart pulse/);
    assert.match(err, /cannot bind heartbeat port/);
    const audit = readFileSync(join(r.root, 'var', 'log', 'lvs-tui', 'audit.log'), 'utf8').trim().split('\n');
    assert.notEqual(JSON.parse(audit[audit.length - 1]).outcome, 'applied');
  });
});

test('apply fails when iptables-restore rejects a rule at load (after mangle was loaded): rolled back', { skip }, async () => {
  const rejecting = join(FIXTURES, 'iptables-restore-rejecting.sh');
  await withRouter('nat-http-ftp.cf', `${FTP_SIDECAR}programs:\n  iptables_restore: ${rejecting}\n`, (r) => {
    const err = assertNothingChanged(r, ['apply', '--yes'], /LVS_TUI_NO_SUCH_TARGET/);
    assert.match(err, /back where it was/);
  });
});

test('apply refuses a sysctl this kernel does not have, before changing anything', { skip }, async () => {
  await withRouter('nat-http-ftp.cf', `${FTP_SIDECAR}sysctl:\n  net.ipv4.vs.expire_nodest_conn: 1\n`, (r) => {
    assertNothingChanged(r, ['apply', '--yes'], /net\.ipv4\.vs\.expire_nodest_conn does not exist here \(is the ip_vs module loaded\?\)/);
  });
});

test('apply refuses when the saved files\' directory is read-only (bind mount): nothing changes', { skip }, async () => {
  await withRouter('nat-http-ftp.cf', FTP_SIDECAR, (r) => {
    const dir = join(r.root, 'etc');
    const script = `mount --bind '${dir}' '${dir}' && mount -o remount,bind,ro '${dir}'`;
    assertNothingChanged(r, ['apply', '--yes'], /read-only/, { mountScript: script });
  });
});

test('apply --from refuses when lvs.cf\'s directory is full (tiny tmpfs): nothing changes', { skip }, async () => {
  await withRouter('nat-http-ftp.cf', FTP_SIDECAR, (r) => {
    const ha = join(r.root, 'etc', 'sysconfig', 'ha');
    const bigger = readFileSync(r.cfg, 'utf8') + `# ${'x'.repeat(200_000)}\n`;
    const from = join(r.root, 'new-lvs.cf');
    writeFileSync(from, bigger);
    // the tmpfs keeps the files that are there, then fills up
    const script = `tar -C '${ha}' -cf '${r.root}/ha.tar' . && mount -t tmpfs -o size=64k tmpfs '${ha}' && tar -C '${ha}' -xf '${r.root}/ha.tar' && rm '${r.root}/ha.tar'`;
    const files = r.files();
    const res = r.run(['apply', '--yes', '--from', from], { mountScript: script });
    assert.equal(res.status, 1, res.stdout + res.stderr);
    assert.match(res.stderr, /disk full|no space/i);
    assert.equal(r.forward(), '0');
    assert.ok(!r.rules().includes('LVS_TUI'), 'no rule loaded');
    const after = r.files();
    for (const k of [...after.keys()]) if (k.startsWith('/var/log/')) after.delete(k);
    assert.deepEqual(after, files);
    assert.ok(existsSync(r.cfg));
  });
});
