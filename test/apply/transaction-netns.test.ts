// iptablesStep and sysctlStep for real, inside a network namespace the test creates: the commands the
// steps build run under `ip netns exec NS` (a runner wrapper of the test's own), so this machine's
// iptables rules and sysctls are never touched.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Step, TransactionResult, runTransaction } from '../../src/apply/transaction';
import { iptablesStep, splitTables } from '../../src/apply/steps/iptables-step';
import { sysctlStep } from '../../src/apply/steps/sysctl-step';
import { FileStager } from '../../src/system/file-store';
import { Runner, processRunner } from '../../src/system/runner';
import { needProgram, needRootNamespaces } from '../helpers/require-tool';

const skip = needRootNamespaces() || needProgram('ip', ['-V']) || needProgram('iptables-restore', ['--version']) || needProgram('sysctl', ['--version']);
const NS = `lvs-tui-test-${process.pid}`;
const PROGRAMS = { restore: 'iptables-restore', save: 'iptables-save' };

function inNs(...argv: string[]): string {
  const r = spawnSync('ip', ['netns', 'exec', NS, ...argv], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** iptables-save of the namespace without its comment lines and counters. */
function saved(): string {
  return inNs('iptables-save')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.replace(/\[\d+:\d+\]/g, '[0:0]'))
    .join('\n');
}

const nsRunner: Runner = {
  run: (cmd) => processRunner().run({ ...cmd, file: 'ip', args: ['netns', 'exec', NS, cmd.file, ...cmd.args] }),
};

const noFiles: FileStager = {
  readOptional: () => null,
  stage: () => Promise.reject(new Error('no files here')),
};

const failing: Step = {
  id: 'boom',
  title: 'a later step that fails',
  apply: async () => {
    throw new Error('disk full on /etc/sysconfig/ha');
  },
};

const run = (steps: Step[]): Promise<TransactionResult> => runTransaction({ steps }, { runner: nsRunner, files: noFiles });

// lvs-tui's chains: the fwmark-80 example (HTTP+HTTPS on one VIP) and FTP masquerading.
const RULES = [
  '*mangle',
  ':LVS-TUI-MARKS - [0:0]',
  '-A PREROUTING -j LVS-TUI-MARKS',
  '-A LVS-TUI-MARKS -d 192.168.0.200/32 -p tcp -m multiport --dports 80,443 -j MARK --set-xmark 0x50/0xffffffff',
  '-A LVS-TUI-MARKS -d 192.168.0.201/32 -p tcp -m multiport --dports 21,10000:20000 -j MARK --set-xmark 0x15/0xffffffff',
  'COMMIT',
  '*nat',
  ':LVS-TUI-MASQ - [0:0]',
  '-A POSTROUTING -j LVS-TUI-MASQ',
  '-A LVS-TUI-MASQ -s 10.11.12.0/24 -p tcp -m tcp --sport 20 -j MASQUERADE',
  'COMMIT',
  '',
].join('\n');
// the way back when lvs-tui's chains did not exist
const NONE_BEFORE = [
  '*mangle',
  '-D PREROUTING -j LVS-TUI-MARKS',
  '-F LVS-TUI-MARKS',
  '-X LVS-TUI-MARKS',
  'COMMIT',
  '*nat',
  '-D POSTROUTING -j LVS-TUI-MASQ',
  '-F LVS-TUI-MASQ',
  '-X LVS-TUI-MASQ',
  'COMMIT',
  '',
].join('\n');

const marksLive = (save: string): string | null =>
  /-A LVS-TUI-MARKS -d 192\.168\.0\.200\/32 -p tcp -m multiport --dports 80,443 -j MARK --set-xmark 0x50\/0xffffffff/.test(save) &&
  /-A LVS-TUI-MASQ -s 10\.11\.12\.0\/24 -p tcp -m tcp --sport 20 -j MASQUERADE/.test(save)
    ? null
    : 'the fwmark 80 rule or the FTP masquerade rule is missing';

before(() => {
  if (skip) return;
  spawnSync('ip', ['netns', 'del', NS], { stdio: 'ignore' });
  const r = spawnSync('ip', ['netns', 'add', NS], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

after(() => {
  if (skip) return;
  spawnSync('ip', ['netns', 'del', NS], { stdio: 'ignore' });
});

/** Empties the namespace's mangle and nat tables, then adds the admin's own unrelated rule. */
function resetRules(): void {
  inNs('iptables', '-t', 'mangle', '-F');
  inNs('iptables', '-t', 'mangle', '-X');
  inNs('iptables', '-t', 'nat', '-F');
  inNs('iptables', '-t', 'nat', '-X');
  inNs('iptables', '-t', 'mangle', '-A', 'PREROUTING', '-p', 'udp', '--dport', '53', '-j', 'MARK', '--set-mark', '7');
}

test('splitTables: one text per table, comments and blank lines outside tables dropped', () => {
  assert.deepEqual(
    splitTables(`# lvs-tui\n${RULES}`).map((t) => [t.table, t.text.split('\n').length]),
    [
      ['mangle', 7],
      ['nat', 6],
    ],
  );
});

test('iptables (netns): a rule text iptables-restore rejects fails at check, nothing changed', { skip }, async () => {
  resetRules();
  const beforeSave = saved();
  const bad = RULES.replace('--dports 80,443', '--dports 80,99999');
  const r = await run([iptablesStep({ restoreText: bad, backText: NONE_BEFORE, programs: PROGRAMS, verify: marksLive })]);
  assert.equal(r.outcome, 'refused');
  assert.match(r.error?.message ?? '', /iptables-restore --wait=10 --test --noflush failed \(exit 2\): .*invalid port\/service `99999' specified/s);
  assert.equal(r.journal.steps[0].commands[0].exitCode, 2);
  assert.equal(saved(), beforeSave);
});

test('iptables (netns): good rules apply and verify; the unrelated rule stays', { skip }, async () => {
  resetRules();
  const r = await run([iptablesStep({ restoreText: RULES, backText: NONE_BEFORE, programs: PROGRAMS, verify: marksLive })]);
  assert.equal(r.outcome, 'applied', r.error?.message);
  const s = saved();
  assert.match(s, /-A PREROUTING -p udp -m udp --dport 53 -j MARK --set-xmark 0x7\/0xffffffff\n-A PREROUTING -j LVS-TUI-MARKS\n/);
  assert.match(s, /-A LVS-TUI-MARKS -d 192\.168\.0\.201\/32 -p tcp -m multiport --dports 21,10000:20000 -j MARK --set-xmark 0x15\/0xffffffff/);
  assert.match(s, /-A POSTROUTING -j LVS-TUI-MASQ\n-A LVS-TUI-MASQ -s 10\.11\.12\.0\/24 -p tcp -m tcp --sport 20 -j MASQUERADE/);
  assert.deepEqual(r.journal.steps[0].commands.map((c) => [c.phase, c.file, c.args.join(' '), c.exitCode]), [
    ['check', 'iptables-restore', '--wait=10 --test --noflush', 0],
    ['check', 'iptables-restore', '--wait=10 --test --noflush', 0],
    ['apply', 'iptables-restore', '--wait=10 --noflush', 0],
    ['apply', 'iptables-restore', '--wait=10 --noflush', 0],
    ['verify', 'iptables-save', '-t mangle', 0],
    ['verify', 'iptables-save', '-t nat', 0],
  ]);
});

test('iptables (netns): a later failure undoes the rules back to the exact previous iptables-save (no chains before)', { skip }, async () => {
  resetRules();
  const beforeSave = saved();
  const r = await run([iptablesStep({ restoreText: RULES, backText: NONE_BEFORE, programs: PROGRAMS, verify: marksLive }), failing]);
  assert.equal(r.outcome, 'rolled-back');
  assert.deepEqual(r.undone, ['iptables']);
  assert.equal(saved(), beforeSave);
});

test('iptables (netns): changed rules that fail later go back to the exact previous rules of lvs-tui\'s chains', { skip }, async () => {
  resetRules();
  const first = await run([iptablesStep({ restoreText: RULES, backText: NONE_BEFORE, programs: PROGRAMS, verify: marksLive })]);
  assert.equal(first.outcome, 'applied');
  const beforeSave = saved();
  // the next version drops the HTTPS port; the way back is the current content of lvs-tui's chains
  const next = RULES.replace('-A PREROUTING -j LVS-TUI-MARKS\n', '').replace('-A POSTROUTING -j LVS-TUI-MASQ\n', '').replace('--dports 80,443', '--dports 80');
  const back = RULES.replace('-A PREROUTING -j LVS-TUI-MARKS\n', '').replace('-A POSTROUTING -j LVS-TUI-MASQ\n', '');
  const r = await run([iptablesStep({ restoreText: next, backText: back, programs: PROGRAMS, verify: (s) => (/--dports 80 -j MARK/.test(s) ? null : 'no port 80 mark') }), failing]);
  assert.equal(r.outcome, 'rolled-back');
  assert.equal(saved(), beforeSave);
});

test('iptables (netns): a verify that does not find the rules undoes them', { skip }, async () => {
  resetRules();
  const beforeSave = saved();
  const r = await run([iptablesStep({ restoreText: RULES, backText: NONE_BEFORE, programs: PROGRAMS, verify: () => 'the fwmark 80 rule is missing' })]);
  assert.equal(r.outcome, 'rolled-back');
  assert.equal(r.error?.message, 'the live iptables rules are not what was loaded: the fwmark 80 rule is missing');
  assert.equal(saved(), beforeSave);
});

test('iptables (netns): a table iptables-restore refuses at apply is not undone; the one committed before it is', { skip }, async () => {
  resetRules();
  const beforeSave = saved();
  // parses (so --test passes with nf_tables) but fails when committed: the chain does not exist
  const failsLate = RULES.replace('-A LVS-TUI-MASQ -s', '-A NO-SUCH-CHAIN -s');
  const r = await run([iptablesStep({ restoreText: failsLate, backText: NONE_BEFORE, programs: PROGRAMS, verify: marksLive })]);
  assert.equal(r.outcome, 'rolled-back', r.error?.message);
  const undo = r.journal.steps[0].commands.filter((c) => c.phase === 'undo');
  assert.equal(undo.length, 1, 'only the mangle table is put back');
  assert.equal(saved(), beforeSave);
});

test('iptables (netns): rules for a table the way back does not cover are refused', { skip }, async () => {
  const r = await run([iptablesStep({ restoreText: RULES, backText: NONE_BEFORE.split('*nat')[0], programs: PROGRAMS, verify: marksLive })]);
  assert.equal(r.outcome, 'refused');
  assert.equal(r.error?.message, 'the iptables rules change table nat but there are no rules to put it back: refusing');
});

const forward = () => inNs('sysctl', '-n', 'net.ipv4.ip_forward').trim();

test('sysctl (netns): ip_forward 0 → 1 applies and verifies; a later failure puts 0 back', { skip }, async () => {
  inNs('sysctl', '-q', '-w', 'net.ipv4.ip_forward=0');
  const step = () => sysctlStep({ key: 'net.ipv4.ip_forward', value: '1', previous: '0', sysctlProgram: 'sysctl' });
  const failed = await run([step(), failing]);
  assert.equal(failed.outcome, 'rolled-back');
  assert.deepEqual(failed.undone, ['sysctl:net.ipv4.ip_forward']);
  assert.deepEqual(
    failed.journal.steps[0].commands.map((c) => [c.phase, c.args.join(' ')]),
    [
      ['check', '-n net.ipv4.ip_forward'],
      ['apply', '-w net.ipv4.ip_forward=1'],
      ['verify', '-n net.ipv4.ip_forward'],
      ['undo', '-w net.ipv4.ip_forward=0'],
      ['undo', '-n net.ipv4.ip_forward'],
    ],
  );
  assert.equal(forward(), '0');
  const ok = await run([step()]);
  assert.equal(ok.outcome, 'applied');
  assert.equal(forward(), '1');
});

test('sysctl (netns): a missing key refuses at check, with what to do', { skip }, async () => {
  inNs('sysctl', '-q', '-w', 'net.ipv4.ip_forward=0');
  const r = await run([
    sysctlStep({ key: 'net.ipv4.ip_forward', value: '1', previous: '0', sysctlProgram: 'sysctl' }),
    sysctlStep({ key: 'net.ipv4.vs.lvs_tui_no_such_key', value: '1', previous: '0', sysctlProgram: 'sysctl' }),
  ]);
  assert.equal(r.outcome, 'refused');
  assert.equal(r.failedStep, 'sysctl:net.ipv4.vs.lvs_tui_no_such_key');
  assert.equal(r.error?.message, 'sysctl net.ipv4.vs.lvs_tui_no_such_key does not exist here (is the ip_vs module loaded?)');
  assert.equal(forward(), '0');
});

test('sysctl (netns): a value that changed since the plan refuses (the undo would put back the wrong one)', { skip }, async () => {
  inNs('sysctl', '-q', '-w', 'net.ipv4.ip_forward=1');
  const r = await run([sysctlStep({ key: 'net.ipv4.ip_forward', value: '1', previous: '0', sysctlProgram: 'sysctl' })]);
  assert.equal(r.outcome, 'refused');
  assert.equal(r.error?.message, 'net.ipv4.ip_forward is 1 now but the plan was made when it was 0: plan again');
});

test('iptables + sysctl (netns): sysctl fails after the rules went live: both are back as they were', { skip }, async () => {
  resetRules();
  inNs('sysctl', '-q', '-w', 'net.ipv4.ip_forward=0');
  const beforeSave = saved();
  const r = await run([
    iptablesStep({ restoreText: RULES, backText: NONE_BEFORE, programs: PROGRAMS, verify: marksLive }),
    sysctlStep({ key: 'net.ipv4.ip_forward', value: '1', previous: '0', sysctlProgram: 'sysctl' }),
    failing,
  ]);
  assert.equal(r.outcome, 'rolled-back');
  assert.deepEqual(r.undone, ['sysctl:net.ipv4.ip_forward', 'iptables']);
  assert.equal(saved(), beforeSave);
  assert.equal(forward(), '0');
});
