// The transaction engine with in-memory steps: the order of checks, applies, verifies and undos,
// failures at each phase, an undo that fails, a signal in the middle, the journal and the audit log.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Step, StepContext, TransactionDeps, describeResult, runTransaction } from '../../src/apply/transaction';
import { auditLogPath, fileAuditLog } from '../../src/system/audit-log';
import { FileStager } from '../../src/system/file-store';
import { ExecError } from '../../src/system/io-error';
import { Command, Runner } from '../../src/system/runner';

const noFiles: FileStager = {
  readOptional: () => {
    throw new Error('no files in this test');
  },
  stage: () => Promise.reject(new Error('no files in this test')),
};

/** A runner that answers exit 0 with "ok", or an ExecError for the command lines named in `fail`. */
function fakeRunner(fail: Record<string, { status: number; stderr: string }> = {}): Runner & { ran: Command[] } {
  const ran: Command[] = [];
  return {
    ran,
    async run(cmd) {
      ran.push(cmd);
      const f = fail[[cmd.file, ...cmd.args].join(' ')];
      if (f) throw new ExecError(cmd.file, cmd.args, f.status, f.stderr);
      return { stdout: 'ok\n', stderr: `${cmd.file} said something\n` };
    },
  };
}

interface Script {
  failCheck?: boolean;
  failApply?: boolean;
  failVerify?: boolean;
  failUndo?: boolean;
  /** emitted during apply */
  signal?: 'SIGINT' | 'SIGTERM';
}

/** Steps that log each phase into `events` and fail where the script says. */
function makeSteps(n: number, events: string[], scripts: Record<number, Script> = {}): Step[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const s = scripts[i] ?? {};
    const phase = (name: string, fail: boolean | undefined) => async (ctx: StepContext) => {
      events.push(`${name} ${i}`);
      await ctx.runner.run({ file: `prog${i}`, args: [name] });
      if (fail) throw new Error(`${name} of step ${i} failed`);
    };
    return {
      id: `s${i}`,
      title: `step ${i}`,
      check: phase('check', s.failCheck),
      apply: async (ctx: StepContext) => {
        await phase('apply', s.failApply)(ctx);
        if (s.signal) process.emit(s.signal);
      },
      verify: phase('verify', s.failVerify),
      undo: phase('undo', s.failUndo),
      cleanup: async () => {
        events.push(`cleanup ${i}`);
      },
      manualRecovery: async () => `step ${i} is half done: run fix-${i} by hand`,
    };
  });
}

function deps(extra: Partial<TransactionDeps> = {}): TransactionDeps & { raised: string[] } {
  const raised: string[] = [];
  return { runner: fakeRunner(), files: noFiles, signals: { raise: (s) => raised.push(s) }, raised, ...extra };
}

test('transaction: all checks run before any apply, then apply+verify in order, cleanup of every step last', async () => {
  const events: string[] = [];
  const r = await runTransaction({ steps: makeSteps(3, events) }, deps());
  assert.equal(r.ok, true);
  assert.equal(r.outcome, 'applied');
  assert.deepEqual(events, ['check 1', 'check 2', 'check 3', 'apply 1', 'verify 1', 'apply 2', 'verify 2', 'apply 3', 'verify 3', 'cleanup 3', 'cleanup 2', 'cleanup 1']);
  assert.deepEqual(r.undone, []);
  assert.deepEqual(r.undoFailures, []);
  assert.deepEqual(
    r.journal.steps.map((s) => [s.id, s.outcome, s.phases.map((p) => p.phase)]),
    [1, 2, 3].map((i) => [`s${i}`, 'applied', ['check', 'apply', 'verify', 'cleanup']]),
  );
  assert.deepEqual(describeResult(r), ['applied: step 1; step 2; step 3']);
});

test('transaction: a failing check refuses the whole transaction; nothing is applied, later checks do not run', async () => {
  const events: string[] = [];
  const r = await runTransaction({ steps: makeSteps(3, events, { 2: { failCheck: true } }) }, deps());
  assert.equal(r.ok, false);
  assert.equal(r.outcome, 'refused');
  assert.equal(r.failedStep, 's2');
  assert.equal(r.error?.message, 'check of step 2 failed');
  assert.deepEqual(events, ['check 1', 'check 2', 'cleanup 3', 'cleanup 2', 'cleanup 1']);
  assert.deepEqual(r.undone, []);
  assert.deepEqual(
    r.journal.steps.map((s) => s.outcome),
    ['checked', 'refused', 'not-run'],
  );
  assert.deepEqual(describeResult(r), ['refused at "step 2": check of step 2 failed', 'nothing was changed']);
});

test('transaction: apply of step 3 fails: steps 3, 2, 1 are undone in that order and nothing else runs', async () => {
  const events: string[] = [];
  const r = await runTransaction({ steps: makeSteps(4, events, { 3: { failApply: true } }) }, deps());
  assert.equal(r.ok, false);
  assert.equal(r.outcome, 'rolled-back');
  assert.equal(r.failedStep, 's3');
  assert.deepEqual(events, [
    'check 1', 'check 2', 'check 3', 'check 4',
    'apply 1', 'verify 1', 'apply 2', 'verify 2', 'apply 3',
    'undo 3', 'undo 2', 'undo 1',
    'cleanup 4', 'cleanup 3', 'cleanup 2', 'cleanup 1',
  ]);
  assert.deepEqual(r.undone, ['s3', 's2', 's1']);
  assert.deepEqual(r.journal.steps.map((s) => s.outcome), ['undone', 'undone', 'undone', 'checked']);
  assert.equal(r.journal.steps[2].failedIn, 'apply');
  assert.deepEqual(describeResult(r), [
    'failed to apply "step 3": apply of step 3 failed',
    'undone: step 3; step 2; step 1',
    'the router is back where it was',
  ]);
});

test('transaction: a failing verify undoes the step itself and those before it', async () => {
  const events: string[] = [];
  const r = await runTransaction({ steps: makeSteps(3, events, { 2: { failVerify: true } }) }, deps());
  assert.equal(r.outcome, 'rolled-back');
  assert.equal(r.failedStep, 's2');
  assert.deepEqual(events.filter((e) => !e.startsWith('check') && !e.startsWith('cleanup')), ['apply 1', 'verify 1', 'apply 2', 'verify 2', 'undo 2', 'undo 1']);
  assert.equal(r.journal.steps[1].failedIn, 'verify');
  assert.match(describeResult(r)[0], /^failed to verify "step 2": verify of step 2 failed$/);
});

test('transaction: an undo that fails is reported loudly, and the other undos still run', async () => {
  const events: string[] = [];
  const r = await runTransaction({ steps: makeSteps(3, events, { 2: { failUndo: true }, 3: { failApply: true } }) }, deps());
  assert.equal(r.ok, false);
  assert.equal(r.outcome, 'half-applied');
  assert.deepEqual(events.filter((e) => e.startsWith('undo')), ['undo 3', 'undo 2', 'undo 1']);
  assert.deepEqual(r.undone, ['s3', 's1']);
  assert.equal(r.undoFailures.length, 1);
  assert.equal(r.undoFailures[0].step, 's2');
  assert.equal(r.undoFailures[0].message, 'could not undo "step 2": undo of step 2 failed; the router may be half-applied: step 2 is half done: run fix-2 by hand');
  assert.equal(r.journal.steps[1].outcome, 'undo-failed');
  assert.equal(r.journal.outcome, 'half-applied');
  const said = describeResult(r);
  assert.equal(said[0], 'failed to apply "step 3": apply of step 3 failed');
  assert.ok(said.includes(r.undoFailures[0].message));
  assert.ok(!said.some((l) => /back where it was/.test(l)));
});

test('transaction: SIGINT during step 1 stops before step 2, undoes step 1, then the signal is raised again', async () => {
  const events: string[] = [];
  const d = deps();
  const r = await runTransaction({ steps: makeSteps(3, events, { 1: { signal: 'SIGINT' } }) }, d);
  assert.equal(r.ok, false);
  assert.equal(r.outcome, 'interrupted');
  assert.equal(r.failedStep, 's2');
  assert.deepEqual(events, ['check 1', 'check 2', 'check 3', 'apply 1', 'verify 1', 'undo 1', 'cleanup 3', 'cleanup 2', 'cleanup 1']);
  assert.deepEqual(r.undone, ['s1']);
  assert.deepEqual(d.raised, ['SIGINT']);
  assert.equal(process.listenerCount('SIGINT'), 0);
  assert.deepEqual(describeResult(r), ['interrupted before "step 2"', 'undone: step 1', 'the router is back where it was']);
});

test('transaction: the journal records every command with its phase, stdin size, exit code and stderr', async () => {
  const runner = fakeRunner({ 'prog2 apply': { status: 4, stderr: 'iptables-restore: line 3 failed\n' } });
  const step: Step = {
    id: 'fed',
    title: 'feeds stdin',
    apply: async (ctx) => {
      await ctx.runner.run({ file: 'restore', args: ['--noflush'], stdin: '*mangle\nCOMMIT\n' });
      ctx.note('fed the rules');
    },
  };
  const steps = [step, ...makeSteps(2, [])];
  const r = await runTransaction({ steps }, deps({ runner }));
  assert.equal(r.outcome, 'rolled-back');
  assert.equal(r.failedStep, 's2');
  assert.equal(r.error?.message, 'prog2 apply failed (exit 4): iptables-restore: line 3 failed');
  const [fed, , s2] = r.journal.steps;
  assert.deepEqual(fed.commands.map((c) => [c.phase, c.file, c.args, c.stdinBytes, c.exitCode]), [['apply', 'restore', ['--noflush'], 15, 0]]);
  assert.deepEqual(fed.notes, ['fed the rules', 'nothing to undo']);
  assert.deepEqual(
    s2.commands.map((c) => [c.phase, c.file, c.args, c.exitCode, c.stderr]),
    [
      ['check', 'prog2', ['check'], 0, 'prog2 said something\n'],
      ['apply', 'prog2', ['apply'], 4, 'iptables-restore: line 3 failed\n'],
      ['undo', 'prog2', ['undo'], 0, 'prog2 said something\n'],
    ],
  );
  assert.deepEqual(s2.phases.map((p) => [p.phase, p.ok, p.error]), [
    ['check', true, undefined],
    ['apply', false, 'prog2 apply failed (exit 4): iptables-restore: line 3 failed'],
    ['undo', true, undefined],
    ['cleanup', true, undefined],
  ]);
  for (const p of s2.phases) {
    assert.ok(p.durationMs >= 0);
    assert.match(p.startedAt, /^\d{4}-\d\d-\d\dT/);
  }
});

test('transaction: an irreversible step that fails is reported with the state it left; the steps before it are undone', async () => {
  const events: string[] = [];
  const pulse: Step = {
    id: 'pulse:restart',
    title: 'restart pulse',
    irreversible: 'a pulse restart cannot be undone',
    apply: async () => {
      events.push('apply pulse');
      throw new Error('pulse failed to start');
    },
    manualRecovery: async () => 'pulse is NOT running; restart it by hand',
  };
  const r = await runTransaction({ steps: [...makeSteps(2, events), pulse] }, deps());
  assert.equal(r.outcome, 'half-applied');
  assert.deepEqual(r.undone, ['s2', 's1']);
  assert.deepEqual(r.undoFailures.map((u) => [u.step, u.error, u.message]), [
    ['pulse:restart', null, 'could not undo "restart pulse": a pulse restart cannot be undone; the router may be half-applied: pulse is NOT running; restart it by hand'],
  ]);
  assert.equal(r.journal.steps[2].outcome, 'not-undoable');
});

test('transaction: an irreversible step anywhere but last is refused before any check', async () => {
  const events: string[] = [];
  const pulse: Step = { id: 'pulse:reload', title: 'reload pulse', irreversible: 'no undo', apply: async () => void events.push('apply pulse') };
  const r = await runTransaction({ steps: [pulse, ...makeSteps(1, events)] }, deps());
  assert.equal(r.outcome, 'refused');
  assert.match(r.error?.message ?? '', /"reload pulse" cannot be undone, so it must be the last step/);
  assert.deepEqual(events, ['cleanup 1']);
});

test('transaction: no steps is nothing to do', async () => {
  const r = await runTransaction({ steps: [] }, deps());
  assert.equal(r.ok, true);
  assert.equal(r.outcome, 'nothing-to-do');
  assert.deepEqual(describeResult(r), ['nothing to do']);
});

test('transaction: a cleanup that fails is a warning; the router state decides the result', async () => {
  const warned: string[] = [];
  const step: Step = {
    id: 'x',
    title: 'write x',
    apply: async () => undefined,
    cleanup: async () => {
      throw new Error('cannot remove /etc/.x.tmp: read-only file system');
    },
  };
  const r = await runTransaction({ steps: [step] }, deps({ warn: (m) => warned.push(m) }));
  assert.equal(r.ok, true);
  assert.deepEqual(r.cleanupFailures, ['write x: cannot remove /etc/.x.tmp: read-only file system']);
  assert.deepEqual(warned, ['lvs-tui: warning: could not clean up after write x: cannot remove /etc/.x.tmp: read-only file system']);
});

test('transaction: the journal is appended to the audit log as one JSON line (0600 in a 0700 directory), stderr clipped to 2 KB', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-audit-'));
  const audit = fileAuditLog(auditLogPath(root));
  const noisy = fakeRunner({ 'prog2 apply': { status: 1, stderr: 'E'.repeat(5000) } });
  const argv = ['apply', '--yes'];
  await runTransaction({ steps: makeSteps(1, []) }, deps({ audit, argv, user: { uid: 0, sudoUser: 'alice' } }));
  await runTransaction({ steps: makeSteps(2, []) }, deps({ audit, argv, runner: noisy, user: { uid: 0 } }));
  const lines = readFileSync(audit.path, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 2);
  const [first, second] = lines.map((l) => JSON.parse(l));
  assert.equal(first.outcome, 'applied');
  assert.deepEqual(first.user, { uid: 0, sudoUser: 'alice' });
  assert.deepEqual(first.command, ['apply', '--yes']);
  assert.match(first.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  assert.deepEqual(first.steps[0].commands.map((c: { phase: string; file: string; args: string[]; exitCode: number }) => [c.phase, c.file, c.args, c.exitCode]), [
    ['check', 'prog1', ['check'], 0],
    ['apply', 'prog1', ['apply'], 0],
    ['verify', 'prog1', ['verify'], 0],
  ]);
  assert.equal(second.outcome, 'rolled-back');
  assert.match(second.error, /^s2: prog2 apply failed \(exit 1\)/);
  assert.equal(second.steps[1].outcome, 'undone (failed in apply)');
  const failed = second.steps[1].commands.find((c: { phase: string }) => c.phase === 'apply');
  assert.equal(failed.exitCode, 1);
  assert.equal(failed.stderr, `${'E'.repeat(2048)}… (2952 more characters)`);
  assert.equal(statSync(audit.path).mode & 0o777, 0o600);
  assert.equal(statSync(join(root, 'var', 'log', 'lvs-tui')).mode & 0o777, 0o700);
});

test('transaction: an audit log that cannot be written is said on stderr; the result still reflects the router', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-audit-'));
  mkdirSync(join(root, 'var', 'log'), { recursive: true });
  writeFileSync(join(root, 'var', 'log', 'lvs-tui'), 'a file where the directory should be');
  chmodSync(join(root, 'var', 'log', 'lvs-tui'), 0o444);
  const warned: string[] = [];
  const audit = fileAuditLog(auditLogPath(root));
  const r = await runTransaction({ steps: makeSteps(1, []) }, deps({ audit, warn: (m) => warned.push(m) }));
  assert.equal(r.ok, true);
  assert.equal(r.outcome, 'applied');
  assert.match(r.auditError ?? '', /^could not write the audit log .*audit\.log: cannot write .*audit\.log/);
  assert.deepEqual(warned, [`lvs-tui: warning: ${r.auditError}`]);
});
