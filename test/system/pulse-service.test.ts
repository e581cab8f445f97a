// Pulse's commands as data for each manager, the status answers, and the stand-in service script.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PulseConfigError, detectPulseManager, interpretPulseStatus, pulseCommands, pulseService } from '../../src/system/pulse-service';
import { processRunner } from '../../src/system/runner';
import { pulseStandin } from '../helpers/pulse-standin';

test('pulse: the manager is systemctl when ROOT/run/systemd/system exists, else service', () => {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-pulse-root-'));
  assert.equal(detectPulseManager(root), 'service');
  mkdirSync(join(root, 'run', 'systemd', 'system'), { recursive: true });
  assert.equal(detectPulseManager(root), 'systemctl');
});

test('pulse: commands for systemctl, service and explicit argument arrays', () => {
  const sd = pulseCommands({}, 'systemctl');
  assert.equal(sd.name, 'pulse.service');
  assert.deepEqual([sd.actions.status?.file, sd.actions.status?.args], ['systemctl', ['status', '--no-pager', '--lines=0', 'pulse.service']]);
  assert.deepEqual(sd.actions.reload?.args, ['reload', 'pulse.service']);
  assert.deepEqual(sd.actions.restart?.args, ['restart', 'pulse.service']);
  const sv = pulseCommands({ manager: 'auto', program: '/sbin/service' }, 'service');
  assert.deepEqual([sv.actions.restart?.file, sv.actions.restart?.args], ['/sbin/service', ['pulse', 'restart']]);
  const forced = pulseCommands({ manager: 'service', service: 'piranha-pulse' }, 'systemctl');
  assert.deepEqual(forced.actions.status?.args, ['piranha-pulse', 'status']);
  const cmd = pulseCommands({ manager: 'command', commands: { status: ['sh', '/x/pulse.sh', 'status'], reload: ['/x/reload'] } }, 'systemctl');
  assert.deepEqual(cmd.actions.status, { file: 'sh', args: ['/x/pulse.sh', 'status'], timeoutMs: 15_000 });
  assert.deepEqual(cmd.actions.reload, { file: '/x/reload', args: [], timeoutMs: 90_000 });
  assert.equal(cmd.actions.restart, undefined);
  assert.throws(() => pulseCommands({ manager: 'command', commands: { reload: ['/x/reload'] } }, 'service'), PulseConfigError);
  assert.throws(() => pulseCommands({ manager: 'command', commands: { status: ['x'], stop: [] } }, 'service'), /the stop command is empty/);
});

test('pulse: status answers follow LSB; a missing unit or service is "not installed", not an error', () => {
  const sd = pulseCommands({}, 'systemctl');
  assert.deepEqual(interpretPulseStatus(sd, 0, '● pulse.service - Piranha pulse\n   Active: active (running)\n'), { installed: true, running: true, detail: '● pulse.service - Piranha pulse; Active: active (running)' });
  assert.deepEqual(interpretPulseStatus(sd, 3, '   Active: inactive (dead)\n'), { installed: true, running: false, detail: 'Active: inactive (dead)' });
  assert.deepEqual(interpretPulseStatus(sd, 4, 'Unit pulse.service could not be found.\n'), { installed: false, running: null, detail: 'pulse is not installed here (Unit pulse.service could not be found.)' });
  const sv = pulseCommands({}, 'service');
  assert.equal(interpretPulseStatus(sv, 1, 'pulse: unrecognized service\n').installed, false);
  assert.equal(interpretPulseStatus(sv, null, 'cannot run service: no such program (is it installed and on PATH?)').installed, false);
  assert.deepEqual(interpretPulseStatus(sv, 150, 'odd\n'), { installed: true, running: null, detail: 'service pulse status exited 150: odd' });
});

test('pulse (stand-in script): status, reload, restart, failures on demand, not installed; every request logged', async () => {
  const s = pulseStandin({ running: false });
  try {
    const svc = pulseService(processRunner(), pulseCommands({ manager: 'command', commands: s.commands }, 'service'));
    assert.deepEqual(await svc.status(), { installed: true, running: false, detail: 'pulse is stopped' });
    await assert.rejects(svc.run('reload'), /exit 7\): pulse is not running/);
    await svc.run('start');
    assert.equal((await svc.status()).running, true);
    s.failOn('reload', 'pulse: lvs.cf: line 12: unknown key');
    await assert.rejects(svc.run('reload'), /exit 1\): pulse: lvs\.cf: line 12: unknown key/);
    s.failOn('reload', null);
    await svc.run('reload');
    await svc.run('restart');
    s.setInstalled(false);
    assert.deepEqual(await svc.status(), { installed: false, running: null, detail: 'pulse is not installed here (pulse: unrecognized service)' });
    assert.deepEqual(s.requests(), ['status', 'reload', 'start', 'status', 'reload', 'reload', 'restart', 'status']);
  } finally {
    s.remove();
  }
});
