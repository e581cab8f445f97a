// `lvs-tui pulse ...` on the real binary, with the pulse stand-in configured in the sidecar
// (`pulse: {manager: command, ...}`) under a temporary --root; the questions in-process.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from '../../src/cli/run';
import { realDeps } from '../../src/cli/main';
import { Deps } from '../../src/cli/deps';
import { AuditRecord } from '../../src/system/audit-log';
import { PulseStandin, StandinAction, pulseStandin } from '../helpers/pulse-standin';
import { TempRoot, tempRoot } from './harness';

interface Setup {
  readonly t: TempRoot;
  readonly pulse: PulseStandin;
  audit(): AuditRecord[];
}

function setUp(opts: { running?: boolean; actions?: readonly StandinAction[] } = {}): Setup {
  const t = tempRoot();
  const pulse = pulseStandin({ running: opts.running ?? true });
  const lines = ['pulse:', '  manager: command'];
  for (const a of opts.actions ?? (['status', 'start', 'stop', 'restart', 'reload'] as const)) lines.push(`  ${a}: ${JSON.stringify(pulse.commands[a])}`);
  writeFileSync(join(dirname(t.cfg), 'lvs-tui.yaml'), `${lines.join('\n')}\n`);
  const log = join(t.root, 'var/log/lvs-tui/audit.log');
  return {
    t,
    pulse,
    audit: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditRecord) : []),
  };
}

function withSetup(opts: Parameters<typeof setUp>[0], fn: (s: Setup) => void | Promise<void>): () => Promise<void> {
  return async () => {
    const s = setUp(opts);
    try {
      await fn(s);
    } finally {
      s.pulse.remove();
    }
  };
}

test('pulse status: exit 0 running, 1 stopped, 1 not installed; nothing recorded', withSetup({}, ({ t, pulse, audit }) => {
  let r = t.run('pulse', 'status');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^pulse \(sh .*pulse-standin\.sh .* status\): running\npulse \(pid 4242\) is running\.\.\.\n$/);
  pulse.setRunning(false);
  r = t.run('pulse', 'status');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /: not running\npulse is stopped\n/);
  pulse.setInstalled(false);
  r = t.run('pulse', 'status');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /: not installed\npulse is not installed here \(pulse: unrecognized service\)/);
  assert.deepEqual(audit(), []);
}));

test('pulse restart --yes: shows the effect and the command, runs it, shows its output and the state after, records it', withSetup({}, ({ t, pulse, audit }) => {
  const r = t.run('pulse', 'restart', '--yes');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0], /^pulse restarts: lvsd clears the whole IPVS table \(ipvsadm -C\)/);
  assert.equal(lines[1], `will run: sh ${pulse.commands.restart.slice(1).join(' ')}`);
  assert.equal(lines[2], 'Restarting pulse: [  OK  ]');
  assert.equal(lines[3], 'pulse is now running');
  assert.deepEqual(pulse.requests(), ['restart', 'status']);
  const [rec] = audit();
  assert.deepEqual(rec.command, ['lvs-tui', 'pulse', 'restart', '--yes']);
  assert.equal(rec.outcome, 'applied');
  assert.equal(rec.steps.length, 1);
  assert.equal(rec.steps[0].id, 'pulse-restart');
  assert.deepEqual(rec.steps[0].commands.map((c) => [c.file, ...c.args, c.exitCode]), [[...pulse.commands.restart, 0]]);
  assert.ok(!existsSync(join(t.root, 'run/lvs-tui.lock')), 'lock released');
}));

test('pulse stop/start: the state follows', withSetup({}, ({ t, pulse }) => {
  assert.equal(t.run('pulse', 'stop', '-y').status, 0);
  assert.equal(t.run('pulse', 'status').status, 1);
  const r = t.run('pulse', 'start', '--yes');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Starting pulse: \[  OK  \]\npulse is now running\n$/);
  assert.deepEqual(pulse.requests(), ['stop', 'status', 'status', 'start', 'status']);
}));

test('pulse reload failing: its message, exit 1, recorded as failed', withSetup({}, ({ t, pulse, audit }) => {
  pulse.failOn('reload', 'pulse: lvs.cf has an error on line 3');
  const r = t.run('pulse', 'reload', '--yes');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /pulse: lvs.cf has an error on line 3\n/);
  assert.match(r.stderr, /lvs-tui: sh .* reload failed \(exit 1\)/);
  assert.match(r.stderr, /pulse is now running\n$/);
  const [rec] = audit();
  assert.equal(rec.outcome, 'failed');
  assert.equal(rec.steps[0].commands[0].exitCode, 1);
  assert.match(rec.steps[0].commands[0].stderr, /line 3/);
}));

test('no terminal and no --yes: usage error 2, nothing run; --dry-run shows the command only', withSetup({}, ({ t, pulse, audit }) => {
  let r = t.run('pulse', 'stop');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /there is no terminal to ask on: give --yes/);
  r = t.run('pulse', 'stop', '--dry-run');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^pulse stops: .*\nwill run: sh .* stop\n$/);
  assert.deepEqual(pulse.requests(), []);
  assert.deepEqual(audit(), []);
}));

test('usage: no action, unknown action, two actions, a foreign option', withSetup({}, ({ t }) => {
  for (const args of [['pulse'], ['pulse', 'bounce'], ['pulse', 'start', 'stop'], ['pulse', 'start', '--virtual', 'x']]) {
    const r = t.run(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /Usage: lvs-tui pulse/);
  }
}));

test('an action the sidecar gives no command for is refused (exit 1)', withSetup({ actions: ['status', 'reload', 'restart'] }, ({ t, pulse }) => {
  const r = t.run('pulse', 'stop', '--yes');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no command is configured to stop pulse \(give pulse\.stop in .*lvs-tui\.yaml\)/);
  assert.deepEqual(pulse.requests(), []);
}));

function capture() {
  const out: string[] = [];
  return { text: () => out.join(''), write: (c: string | Uint8Array) => void out.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')) };
}

test('in-process: the question is asked; yes runs, no does not (exit 1)', withSetup({}, async ({ t, pulse, audit }) => {
  const questions: string[] = [];
  const deps = (answer: boolean): Deps => ({ ...realDeps(), stdout: capture(), stderr: capture(), ask: async (q) => (questions.push(q), answer) });
  assert.equal(await run(['--root', t.root, 'pulse', 'restart'], deps(false)), 1);
  assert.deepEqual(pulse.requests(), []);
  assert.equal(await run(['--root', t.root, 'pulse', 'restart'], deps(true)), 0);
  assert.deepEqual(pulse.requests(), ['restart', 'status']);
  assert.deepEqual(questions, ['Restart pulse now?', 'Restart pulse now?']);
  assert.deepEqual(audit().map((r) => r.command), [['lvs-tui', 'pulse', 'restart']]);
}));
