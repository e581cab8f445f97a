// The TUI's apply in remote mode (--host) takes the router's own apply lock, the one
// `lvs-tui --host ... apply` and an lvs-tui on the router take (src/system/remote-lock.ts), through
// the Deps remote mode builds (src/cli/remote-mode.ts openRemote) against a real sshd on 127.0.0.1.
// While another holder has it, the apply is refused saying who holds it and the router's files,
// rules and sysctls stay as they were; once released, the same apply goes through. The router's
// iptables and sysctl run inside a network namespace the test creates (the far command is prefixed
// `ip netns exec NS`), never on this machine's own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES } from '../helpers/paths';
import { Netns, withNetns } from '../helpers/netns';
import { pulseStandin } from '../helpers/pulse-standin';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { skipUnlessSshd, sshdConnectOptions, startSshd } from '../helpers/sshd';
import { realDeps } from '../../src/cli/main';
import { resolvePaths } from '../../src/cli/paths';
import { openRemote } from '../../src/cli/remote-mode';
import { Runner } from '../../src/system/runner';
import { connectSsh } from '../../src/system/ssh-session';
import { acquireRemoteLock } from '../../src/system/remote-lock';
import { fileLocker } from '../../src/system/lock-file';
import { CommandLog } from '../../src/app/command-log';
import { applyReviewed, reviewSession } from '../../src/app/apply-session';
import { sessionEnv } from '../../src/app/session-env';
import { NO_OPTIONS, capture } from './session-helpers';

const skip = skipUnlessSshd() || needRootNamespaces() || needProgram('ip', ['-V']) || needProgram('iptables-restore', ['--version']) || needProgram('sysctl', ['--version']);

const FTP_MARKS = 'firewall_marks:\n  - mark: 21\n    protocol: tcp\n    ports: [21, "10000:20000"]\nftp_masquerade: true\n';
const yamlList = (argv: readonly string[]) => `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;

/** The far runner with the router's programs sent into the namespace. */
function intoNamespace(far: Runner, ns: Netns): Runner {
  return { run: (cmd) => (/^(iptables|sysctl)/.test(cmd.file) ? far.run({ ...cmd, file: 'ip', args: ['netns', 'exec', ns.name, cmd.file, ...cmd.args] }) : far.run(cmd)) };
}

const ourRules = (ns: Netns) =>
  ns
    .run('iptables-save', [])
    .split('\n')
    .filter((l) => l.includes('LVS_TUI'));

test('remote TUI apply: refused while another lvs-tui holds the router\'s lock (over SSH, or on the router), nothing changed; applied once released', { skip, timeout: 120_000 }, async () => {
  const sshd = await startSshd();
  const pulse = pulseStandin({ running: true });
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-remote-tui-lock-'));
  try {
    await withNetns(async (ns) => {
      const ha = join(root, 'etc', 'sysconfig', 'ha');
      mkdirSync(ha, { recursive: true });
      const cfg = join(ha, 'lvs.cf');
      writeFileSync(cfg, readFileSync(join(SAMPLES, 'nat-http-ftp.cf')));
      const c = pulse.commands;
      writeFileSync(join(ha, 'lvs-tui.yaml'), `${FTP_MARKS}pulse:\n  manager: command\n  status: ${yamlList(c.status)}\n  reload: ${yamlList(c.reload)}\n  restart: ${yamlList(c.restart)}\n`);
      ns.run('sysctl', ['-w', 'net.ipv4.ip_forward=0']);
      const original = readFileSync(cfg);
      const sidecar = readFileSync(join(ha, 'lvs-tui.yaml'));

      const base = { ...realDeps(), stdout: capture(), stderr: capture(), ask: async () => null };
      const parsed = { command: 'tui' as const, positionals: [], options: { ...NO_OPTIONS, host: sshd.target, remoteRoot: root } };
      const remote = await openRemote(parsed, base, { identityFiles: [sshd.userKeyPath], knownHostsFiles: [sshd.knownHostsPath], agentSocket: null });
      const other = await connectSsh(sshdConnectOptions(sshd));
      try {
        const deps = { ...remote.deps, runner: intoNamespace(remote.deps.runner, ns) };
        const paths = resolvePaths(root, undefined);
        const env = await sessionEnv({ ctx: { positionals: [], options: parsed.options, paths, deps }, demo: null, commandLog: new CommandLog() }, 'apply');
        const staged = original.toString('utf8').replace(/(server ftp1 \{[^}]*weight = )\d+/, (_m, head: string) => `${head}7`);
        assert.notEqual(staged, original.toString('utf8'));
        const files = { configBytes: Buffer.from(staged), sidecarBytes: sidecar, originalConfigBytes: original, originalSidecarBytes: sidecar };
        const review = await reviewSession(env, files, { readOnlyReason: null });
        assert.equal(review.refused, null, review.text);
        const choosePulse = async (needed: 'reload' | 'restart') => needed;
        const unchanged = (why: string) => {
          assert.equal(readFileSync(cfg).equals(original), true, `${why}: the router's lvs.cf is as it was`);
          assert.deepEqual(ourRules(ns), [], `${why}: no rule loaded`);
          assert.equal(ns.run('sysctl', ['-n', 'net.ipv4.ip_forward']).trim(), '0', `${why}: sysctl untouched`);
          assert.equal(existsSync(join(root, 'var', 'log', 'lvs-tui', 'audit.log')), false, `${why}: no transaction ran`);
          assert.deepEqual(pulse.requests().filter((r) => r !== 'status'), [], `${why}: pulse left alone`);
        };

        // another admin's remote lvs-tui (a CLI `--host ... apply`) holds the lock through its own connection
        const held = await acquireRemoteLock(other, paths.lock);
        const holder = Number(readFileSync(paths.lock, 'utf8').trim());
        const refused = await applyReviewed(env, files, review, { readOnlyReason: null, choosePulse });
        assert.equal(refused.kind, 'not-applied');
        const reason = refused.kind === 'not-applied' ? refused.reason : '';
        assert.match(reason, new RegExp(`^not applied: another lvs-tui \\(pid ${holder}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\) is changing the configuration \\(lock root@127\\.0\\.0\\.1:${sshd.port}:${paths.lock.replace(/[.]/g, '\\.')}\\); try again when it is done$`));
        unchanged('held over SSH');
        assert.equal(readFileSync(paths.lock, 'utf8').trim(), String(holder), 'the holder still has its lock');
        await held.release();

        // an lvs-tui running on the router itself (this process stands for it: the same lock-file code)
        const local = fileLocker().acquire(paths.lock);
        try {
          const again = await applyReviewed(env, files, review, { readOnlyReason: null, choosePulse });
          assert.match(again.kind === 'not-applied' ? again.reason : '', new RegExp(`^not applied: another lvs-tui \\(pid ${process.pid}, since .* UTC\\) is changing`));
          unchanged('held on the router');
        } finally {
          local.release();
        }

        // released: the same reviewed apply goes through, and leaves the router's lock free
        const out = await applyReviewed(env, files, review, { readOnlyReason: null, choosePulse });
        assert.equal(out.kind, 'done', out.kind === 'not-applied' ? out.reason : '');
        if (out.kind !== 'done') return;
        assert.equal(out.result.ok, true, out.lines.join('\n'));
        assert.equal(readFileSync(cfg, 'utf8'), staged.replace('serial_no = 12\n', 'serial_no = 13\n'));
        assert.ok(ourRules(ns).some((l) => l.includes('--set-xmark 0x15/')), `the rules are loaded:\n${ourRules(ns).join('\n')}`);
        assert.equal(ns.run('sysctl', ['-n', 'net.ipv4.ip_forward']).trim(), '1');
        assert.equal(existsSync(paths.lock), false, 'the router\'s lock is released after the apply');
      } finally {
        await other.close();
        await remote.close();
      }
    });
  } finally {
    pulse.remove();
    await sshd.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
