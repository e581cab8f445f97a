// pulseStep with the stand-in service script: reload/restart run last, only after every other step
// verified; a pulse that is not installed or not running refuses; a failed reload undoes the rest
// and says what state pulse is in.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Step, TransactionResult, describeResult, runTransaction } from '../../src/apply/transaction';
import { fileStep } from '../../src/apply/steps/file-step';
import { pulseStep } from '../../src/apply/steps/pulse-step';
import { nodeFileStager } from '../../src/system/file-store';
import { pulseCommands } from '../../src/system/pulse-service';
import { processRunner } from '../../src/system/runner';
import { PulseStandin, pulseStandin } from '../helpers/pulse-standin';

const runner = processRunner();
const files = nodeFileStager({ runner });
const OLD = 'serial_no = 1\n';
const NEW = 'serial_no = 2\n';

async function withPulse(opts: { running?: boolean; installed?: boolean }, fn: (s: PulseStandin, cfg: string) => Promise<void>): Promise<void> {
  const s = pulseStandin(opts);
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-pulse-tx-'));
  const cfg = join(dir, 'lvs.cf');
  writeFileSync(cfg, OLD);
  s.watchConfig(cfg);
  try {
    await fn(s, cfg);
    assert.deepEqual(readdirSync(dir), ['lvs.cf'], 'no temp file left');
  } finally {
    s.remove();
  }
}

const run = (s: PulseStandin, cfg: string, action: 'reload' | 'restart', extra: Step[] = []): Promise<TransactionResult> =>
  runTransaction(
    { steps: [fileStep({ path: cfg, bytes: Buffer.from(NEW), previous: Buffer.from(OLD) }), ...extra, pulseStep({ action, service: pulseCommands({ manager: 'command', commands: s.commands }, 'service') })] },
    { runner, files },
  );

test('pulseStep: reload runs last, after lvs.cf is in place, and is verified by a status', async () => {
  await withPulse({}, async (s, cfg) => {
    const r = await run(s, cfg, 'reload');
    assert.equal(r.outcome, 'applied', r.error?.message);
    assert.deepEqual(s.requests(), ['status', 'reload', 'status']);
    assert.equal(s.loadedConfig(), NEW, 'pulse read the new lvs.cf');
    const pulse = r.journal.steps[1];
    assert.deepEqual(pulse.notes, ['pulse before the reload: pulse (pid 4242) is running...', 'cannot be undone (a pulse reload cannot be undone): runs last, after every other step was applied and verified']);
  });
});

test('pulseStep: restart starts a stopped pulse', async () => {
  await withPulse({ running: false }, async (s, cfg) => {
    const r = await run(s, cfg, 'restart');
    assert.equal(r.outcome, 'applied', r.error?.message);
    assert.deepEqual(s.requests(), ['status', 'restart', 'status']);
    assert.equal(readFileSync(cfg, 'utf8'), NEW);
  });
});

test('pulseStep: reload of a stopped pulse, or a pulse that is not installed, refuses at check: nothing changed', async () => {
  await withPulse({ running: false }, async (s, cfg) => {
    const r = await run(s, cfg, 'reload');
    assert.equal(r.outcome, 'refused');
    assert.equal(r.error?.message, 'pulse is not running (pulse is stopped): there is nothing to reload; start it, or ask for a restart');
    assert.equal(readFileSync(cfg, 'utf8'), OLD);
    assert.deepEqual(s.requests(), ['status']);
  });
  await withPulse({ installed: false }, async (s, cfg) => {
    const r = await run(s, cfg, 'restart');
    assert.equal(r.outcome, 'refused');
    assert.equal(r.error?.message, 'pulse is not installed here (pulse: unrecognized service): there is nothing to restart');
    assert.equal(readFileSync(cfg, 'utf8'), OLD);
  });
});

test('pulseStep: a failed reload puts lvs.cf back and tells the admin pulse\'s state and what to run', async () => {
  await withPulse({}, async (s, cfg) => {
    s.failOn('reload', 'pulse: cannot reload: lvsd is busy');
    const r = await run(s, cfg, 'reload');
    assert.equal(r.outcome, 'half-applied');
    assert.equal(r.failedStep, 'pulse:reload');
    assert.equal(readFileSync(cfg, 'utf8'), OLD);
    assert.deepEqual(r.undone, [`file:${cfg}`]);
    const restart = ['sh', ...s.commands.restart.slice(1)].join(' ');
    assert.equal(
      r.undoFailures[0].message,
      `could not undo "reload pulse": a pulse reload cannot be undone; the router may be half-applied: pulse is running (pulse (pid 4242) is running...); the other steps were put back, so \`${restart}\` brings pulse up with the previous configuration`,
    );
    assert.match(describeResult(r)[0], /^failed to apply "reload pulse": sh .* reload failed \(exit 1\): pulse: cannot reload: lvsd is busy$/);
    assert.deepEqual(s.requests(), ['status', 'reload', 'status']);
  });
});

test('pulseStep: a failure before pulse means pulse is never asked to reload', async () => {
  await withPulse({}, async (s, cfg) => {
    const boom: Step = {
      id: 'boom',
      title: 'load iptables rules',
      apply: async () => {
        throw new Error('iptables-restore: line 2 failed');
      },
    };
    const r = await run(s, cfg, 'reload', [boom]);
    assert.equal(r.outcome, 'rolled-back');
    assert.deepEqual(s.requests(), ['status'], 'only the check asked');
    assert.equal(readFileSync(cfg, 'utf8'), OLD);
  });
});
