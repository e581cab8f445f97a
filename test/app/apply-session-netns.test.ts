// The TUI's review-and-apply (src/app/apply-session.ts) for real: a temp root holding lvs.cf and
// lvs-tui.yaml, the real iptables-restore, iptables-save and sysctl run inside a network namespace
// the test creates (the runner prefixes `ip netns exec NS`), pulse is the stand-in service script.
// The staged files are what an EditSession would hold after the admin's edits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES } from '../helpers/paths';
import { Netns, withNetns } from '../helpers/netns';
import { PulseStandin, pulseStandin } from '../helpers/pulse-standin';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';
import { processRunner, Runner } from '../../src/system/runner';
import { applyReviewed, reviewSession, SessionFiles } from '../../src/app/apply-session';
import { sessionEnv } from '../../src/app/session-env';
import { testTui } from './session-helpers';

const skip = needRootNamespaces() || needProgram('ip', ['-V']) || needProgram('iptables-restore', ['--version']) || needProgram('sysctl', ['--version']);

const FTP_MARKS = 'firewall_marks:\n  - mark: 21\n    protocol: tcp\n    ports: [21, "10000:20000"]\nftp_masquerade: true\n';
const yamlList = (argv: readonly string[]) => `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;

interface Fixture {
  root: string;
  cfg: string;
  sidecarPath: string;
  ns: Netns;
  pulse: PulseStandin;
  files(staged?: { config?: string; sidecar?: string }): SessionFiles;
}

async function withFixture(fn: (f: Fixture) => Promise<void>): Promise<void> {
  const pulse = pulseStandin({ running: true });
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-session-'));
  try {
    await withNetns(async (ns) => {
      const ha = join(root, 'etc', 'sysconfig', 'ha');
      mkdirSync(ha, { recursive: true });
      const cfg = join(ha, 'lvs.cf');
      const sidecarPath = join(ha, 'lvs-tui.yaml');
      writeFileSync(cfg, readFileSync(join(SAMPLES, 'nat-http-ftp.cf')));
      const c = pulse.commands;
      writeFileSync(sidecarPath, `${FTP_MARKS}pulse:\n  manager: command\n  status: ${yamlList(c.status)}\n  reload: ${yamlList(c.reload)}\n  restart: ${yamlList(c.restart)}\n`);
      ns.run('sysctl', ['-w', 'net.ipv4.ip_forward=0']);
      const originalConfig = readFileSync(cfg);
      const originalSidecar = readFileSync(sidecarPath);
      await fn({
        root,
        cfg,
        sidecarPath,
        ns,
        pulse,
        files: (staged = {}) => ({
          configBytes: staged.config !== undefined ? Buffer.from(staged.config) : originalConfig,
          sidecarBytes: staged.sidecar !== undefined ? Buffer.from(staged.sidecar) : originalSidecar,
          originalConfigBytes: originalConfig,
          originalSidecarBytes: originalSidecar,
        }),
      });
    });
  } finally {
    pulse.remove();
    rmSync(root, { recursive: true, force: true });
  }
}

function nsRunner(ns: Netns): Runner {
  const real = processRunner();
  // only the router's programs go into the namespace; the pulse stand-in is a plain script
  return { run: (cmd) => (/^(iptables|sysctl)/.test(cmd.file) ? real.run({ ...cmd, file: 'ip', args: ['netns', 'exec', ns.name, cmd.file, ...cmd.args] }) : real.run(cmd)) };
}

const ourRules = (ns: Netns) =>
  ns
    .run('iptables-save', [])
    .split('\n')
    .filter((l) => l.includes('LVS_TUI'))
    .map((l) => l.replace(/ \[\d+:\d+\]$/, ''));

test('TUI apply: the staged lvs.cf and lvs-tui.yaml are reviewed, then applied as one transaction with pulse restarted', { skip }, async () => {
  await withFixture(async (f) => {
    const tui = testTui(f.root, { runner: nsRunner(f.ns) });
    const env = await sessionEnv(tui, 'apply');
    const original = readFileSync(f.cfg, 'utf8');
    const config = original.replace(/(server ftp1 \{[^}]*weight = )\d+/, (_m, head: string) => `${head}7`);
    assert.notEqual(config, original, 'the test edit changed a weight');
    const sidecar = readFileSync(f.sidecarPath, 'utf8').replace('ports: [21, "10000:20000"]', 'ports: [21, 990, "10000:20000"]');
    const files = f.files({ config, sidecar });

    const review = await reviewSession(env, files, { readOnlyReason: null });
    assert.equal(review.refused, null, review.text);
    assert.equal(review.diskChange, null);
    assert.match(review.text, /== lvs\.cf/);
    assert.match(review.text, /== lvs-tui\.yaml/);
    assert.match(review.text, /\+-A LVS_TUI_MARK -d 203\.0\.113\.100\/32 -p tcp -m tcp --dport 990 -j MARK/);
    assert.match(review.text, /net\.ipv4\.ip_forward = 0 {2}-> {2}1/);
    assert.deepEqual(ourRules(f.ns), [], 'the review changes nothing');

    const asked: string[] = [];
    const out = await applyReviewed(env, files, review, { readOnlyReason: null, choosePulse: async (needed) => (asked.push(needed), needed) });
    assert.equal(out.kind, 'done');
    if (out.kind !== 'done') return;
    assert.equal(out.result.ok, true, out.lines.join('\n'));
    assert.deepEqual(asked, ['restart']);
    assert.match(out.lines[0], /^applied: /);
    assert.equal(readFileSync(f.cfg, 'utf8'), config.replace('serial_no = 12\n', 'serial_no = 13\n'), 'lvs.cf holds the staged bytes, serial_no raised by one');
    assert.equal(readFileSync(f.sidecarPath, 'utf8'), sidecar, 'lvs-tui.yaml holds the staged bytes');
    assert.deepEqual(out.applied, { config: Buffer.from(config.replace('serial_no = 12\n', 'serial_no = 13\n')), sidecar: Buffer.from(sidecar) });
    assert.ok(ourRules(f.ns).includes('-A LVS_TUI_MARK -d 203.0.113.100/32 -p tcp -m tcp --dport 990 -j MARK --set-xmark 0x15/0xffffffff'), ourRules(f.ns).join('\n'));
    assert.equal(f.ns.run('sysctl', ['-n', 'net.ipv4.ip_forward']).trim(), '1');
    assert.deepEqual(f.pulse.requests().filter((r) => r !== 'status'), ['restart']);

    // every command is in the session's command log, run for real (not DEMO)
    const log = tui.commandLog.entries();
    const restores = log.filter((e) => e.file === 'iptables-restore');
    assert.ok(restores.length >= 3, 'iptables-restore --test twice, then per table');
    assert.ok(log.every((e) => !e.demo && e.source === 'apply'));
    assert.ok(log.some((e) => e.args.includes('restart') && e.exitCode === 0));
    const audit = readFileSync(join(f.root, 'var', 'log', 'lvs-tui', 'audit.log'), 'utf8').trim().split('\n');
    assert.equal(JSON.parse(audit[audit.length - 1]).outcome, 'applied');

    // applied: reviewing the same files again has nothing left to do
    const again = await reviewSession(env, { ...files, configBytes: out.applied!.config, originalConfigBytes: out.applied!.config, originalSidecarBytes: Buffer.from(sidecar) }, { readOnlyReason: null });
    assert.equal(again.nothingToDo, true, again.text);
  });
});

test('TUI apply refuses, changing nothing: read-only, files changed on disk since the session read them, router changed since the review, errors', { skip }, async () => {
  await withFixture(async (f) => {
    const tui = testTui(f.root, { runner: nsRunner(f.ns) });
    const env = await sessionEnv(tui, 'apply');
    const staged = readFileSync(f.cfg, 'utf8').replace('serial_no = ', 'serial_no = 9');
    const files = f.files({ config: staged });
    const pulseNever = async () => {
      throw new Error('pulse must not be asked');
    };

    const ro = await reviewSession(env, files, { readOnlyReason: '--read-only' });
    assert.equal(ro.refused, 'read-only: --read-only');
    const roOut = await applyReviewed(env, files, ro, { readOnlyReason: '--read-only', choosePulse: pulseNever });
    assert.deepEqual(roOut, { kind: 'not-applied', reason: 'read-only: --read-only' });

    // another admin edits lvs.cf after the review: nothing is applied, their edit stays
    const review = await reviewSession(env, files, { readOnlyReason: null });
    assert.equal(review.refused, null, review.text);
    appendFileSync(f.cfg, '# edited by someone else\n');
    const theirs = readFileSync(f.cfg, 'utf8');
    const moved = await applyReviewed(env, files, review, { readOnlyReason: null, choosePulse: pulseNever });
    assert.equal(moved.kind, 'not-applied');
    assert.match(moved.kind === 'not-applied' ? moved.reason : '', /lvs\.cf was changed on disk since lvs-tui read it/);
    assert.equal(moved.kind === 'not-applied' && moved.review?.diskChange?.config, 'changed');
    assert.equal(readFileSync(f.cfg, 'utf8'), theirs);
    writeFileSync(f.cfg, files.originalConfigBytes);

    // the router changes between the review and `y`: review again
    const review2 = await reviewSession(env, files, { readOnlyReason: null });
    f.ns.run('sysctl', ['-w', 'net.ipv4.ip_forward=1']);
    const changed = await applyReviewed(env, files, review2, { readOnlyReason: null, choosePulse: pulseNever });
    assert.equal(changed.kind, 'not-applied');
    assert.match(changed.kind === 'not-applied' ? changed.reason : '', /changed since the plan was shown/);
    assert.deepEqual(ourRules(f.ns), []);

    // a staged file with errors is refused with the plan's reason
    const broken = f.files({ config: staged.replace(/virtual ftp \{/, 'virtual ftp {\n     bogus_key = 1') });
    const bad = await reviewSession(env, broken, { readOnlyReason: null });
    assert.match(bad.refused ?? '', /error.*fix/);
    assert.match(bad.text, /lvs\.cf:\d+:\d+: error: /);
    const badOut = await applyReviewed(env, broken, bad, { readOnlyReason: null, choosePulse: pulseNever });
    assert.equal(badOut.kind, 'not-applied');
    assert.equal(readFileSync(f.cfg).equals(files.originalConfigBytes), true);
    assert.deepEqual(f.pulse.requests().filter((r) => r !== 'status'), []);
  });
});
