// The pure sync core: which files a sync covers, the plan from both sides' hashes, the diffs the
// admin reads, and the drift summary (roles, split brain).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildModel } from '../../src/config/model';
import { parse } from '../../src/config/parse';
import { routerPath, sendProgramPath, sendProgramsOf, syncFiles } from '../../src/sync/sync-files';
import { planSync, syncPlanLines } from '../../src/sync/sync-plan';
import { driftSummary } from '../../src/sync/drift';
import { isText, syncDiff } from '../../src/present/sync-diff';
import { farFileLines, farFileOutcomes } from '../../src/sync/sync-outcome';
import { WRITING_BACK } from '../../src/sync/remote-file-step';
import type { StepJournal, StepOutcome, TransactionResult } from '../../src/apply/transaction';

const LVS = `serial_no = 1
primary = 192.0.2.1
service = lvs
backup_active = 1
backup = 192.0.2.2
network = direct
virtual https {
     active = 1
     address = 203.0.113.10 eth0:1
     port = 443
     send_program = "/usr/local/bin/check_https %h"
     expect = "OK"
     server web1 {
         address = 10.0.0.11
     }
}
virtual https2 {
     active = 0
     address = 203.0.113.11 eth0:2
     port = 443
     send_program = "/usr/local/bin//check_https %h %p"
}
virtual dns {
     active = 1
     address = 203.0.113.12 eth0:3
     port = 53
     send_program = "dnscheck %h"
}
virtual smtp {
     active = 1
     address = 203.0.113.13 eth0:4
     port = 25
     send_program = "/opt/checks/smtp-check %h"
}
`;
const model = buildModel(parse(Buffer.from(LVS)));
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

test('sync files: lvs.cf, the sidecar, each send_program script once (absolute only), under both roots', () => {
  const { files, problems } = syncFiles({ programs: sendProgramsOf(model), configPath: '/tmp/r/etc/sysconfig/ha/lvs.cf', sidecarPath: '/tmp/r/etc/sysconfig/ha/lvs-tui.yaml', localRoot: '/tmp/r', remoteRoot: '/srv/b' });
  assert.deepEqual(
    files.map((f) => [f.kind, f.path, f.local, f.remote, f.usedBy]),
    [
      ['lvs.cf', '/etc/sysconfig/ha/lvs.cf', '/tmp/r/etc/sysconfig/ha/lvs.cf', '/srv/b/etc/sysconfig/ha/lvs.cf', []],
      ['sidecar', '/etc/sysconfig/ha/lvs-tui.yaml', '/tmp/r/etc/sysconfig/ha/lvs-tui.yaml', '/srv/b/etc/sysconfig/ha/lvs-tui.yaml', []],
      ['script', '/usr/local/bin/check_https', '/tmp/r/usr/local/bin/check_https', '/srv/b/usr/local/bin/check_https', ['https', 'https2']],
      ['script', '/opt/checks/smtp-check', '/tmp/r/opt/checks/smtp-check', '/srv/b/opt/checks/smtp-check', ['smtp']],
    ],
  );
  assert.equal(problems.length, 1);
  assert.match(problems[0], /virtual dns: send_program runs "dnscheck", not an absolute path/);
  // on a real router both roots are /
  const real = syncFiles({ programs: sendProgramsOf(model), configPath: '/etc/sysconfig/ha/lvs.cf', sidecarPath: '/etc/sysconfig/ha/lvs-tui.yaml', localRoot: '/', remoteRoot: '/' });
  assert.deepEqual(real.files.map((f) => [f.local, f.remote]).slice(0, 1), [['/etc/sysconfig/ha/lvs.cf', '/etc/sysconfig/ha/lvs.cf']]);
  assert.equal(routerPath('/tmp/r', '/elsewhere/lvs.cf'), '/elsewhere/lvs.cf');
  assert.equal(sendProgramPath('"/bin/check %h"'), '/bin/check');
  assert.equal(sendProgramPath("'/bin/check' %h"), "'/bin/check'");
});

test('sync plan: each state, lvs.cf written last, problems for what a sync cannot fix', () => {
  const { files } = syncFiles({ programs: sendProgramsOf(model), configPath: '/r/etc/sysconfig/ha/lvs.cf', sidecarPath: '/r/etc/sysconfig/ha/lvs-tui.yaml', localRoot: '/r', remoteRoot: '/' });
  const here = new Map<string, string | null>([
    ['/r/etc/sysconfig/ha/lvs.cf', sha('new')],
    ['/r/etc/sysconfig/ha/lvs-tui.yaml', null],
    ['/r/usr/local/bin/check_https', sha('script')],
    ['/r/opt/checks/smtp-check', null],
  ]);
  const backup = new Map<string, string | null>([
    ['/etc/sysconfig/ha/lvs.cf', sha('old')],
    ['/etc/sysconfig/ha/lvs-tui.yaml', sha('theirs')],
    ['/usr/local/bin/check_https', null],
    ['/opt/checks/smtp-check', null],
  ]);
  const plan = planSync(files, here, backup, ['skipped']);
  assert.deepEqual(plan.entries.map((e) => e.state), ['differs', 'missing-here', 'missing-on-backup', 'missing']);
  assert.deepEqual(plan.toWrite.map((e) => e.file.path), ['/usr/local/bin/check_https', '/etc/sysconfig/ha/lvs.cf']);
  assert.equal(plan.inSync, false);
  assert.deepEqual(plan.problems, [
    'skipped',
    '/etc/sysconfig/ha/lvs-tui.yaml exists only on the backup: left there as it is',
    '/opt/checks/smtp-check (send_program of smtp) is missing here and on the backup: nanny cannot run it',
  ]);
  assert.deepEqual(syncPlanLines(plan), [
    '  differs        /etc/sysconfig/ha/lvs.cf',
    '  only on backup /etc/sysconfig/ha/lvs-tui.yaml',
    '  not on backup  /usr/local/bin/check_https',
    '  missing        /opt/checks/smtp-check',
  ]);
  // everything equal (a sidecar on neither side counts as equal): in sync, nothing to write
  const same = new Map([...here].map(([k, v]) => [k.slice(2), v] as const));
  same.set('/opt/checks/smtp-check', sha('x'));
  here.set('/r/opt/checks/smtp-check', sha('x'));
  same.set('/etc/sysconfig/ha/lvs-tui.yaml', null);
  const inSync = planSync(files, here, same);
  assert.equal(inSync.inSync, true, JSON.stringify(inSync.entries.map((e) => e.state)));
  assert.deepEqual(inSync.toWrite, []);
});

test('sync diff: unified for text, sizes for binary, empty when equal', () => {
  assert.equal(syncDiff('/x', Buffer.from('a\n'), Buffer.from('a\n')), '');
  assert.equal(syncDiff('/etc/lvs.cf', Buffer.from('a\nb\n'), Buffer.from('a\nc\n')), '--- /etc/lvs.cf (backup)\n+++ /etc/lvs.cf (here)\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n');
  assert.match(syncDiff('/new', null, Buffer.from('x\n')), /^--- \/dev\/null\n\+\+\+ \/new \(here\)\n@@ -0,0 \+1,1 @@\n\+x\n$/);
  assert.equal(syncDiff('/bin/chk', Buffer.from([0x7f, 0x45, 0, 1]), Buffer.from([0x7f, 0x45, 0, 2, 3])), 'binary file /bin/chk: 4 bytes on the backup, 5 bytes here\n');
  assert.equal(isText(Buffer.from([0xc3, 0x28])), false);
  assert.equal(isText(Buffer.from('é\n')), true);
});

test('drift: in sync, differs (which files), unreachable (why), not configured; roles and split brain', () => {
  const { files } = syncFiles({ programs: sendProgramsOf(model), configPath: '/etc/sysconfig/ha/lvs.cf', sidecarPath: '/etc/sysconfig/ha/lvs-tui.yaml', localRoot: '/', remoteRoot: '/' });
  const all = new Map(files.map((f) => [f.local, sha(f.path)] as const));
  const inSync = planSync(files, all, all);
  const d1 = driftSummary({ peer: 'root@192.0.2.2', plan: inSync, unreachable: null, hereRole: 'active', peerRole: 'standby' });
  assert.deepEqual([d1.state, d1.roles.holder, d1.splitBrain, d1.health, d1.files], ['in-sync', 'here', false, 'ok', []]);
  assert.equal(d1.summary, 'the peer root@192.0.2.2 is in sync; this router holds the VIPs');

  const changed = new Map(all);
  changed.set('/etc/sysconfig/ha/lvs.cf', sha('other'));
  const d2 = driftSummary({ peer: 'root@192.0.2.2', plan: planSync(files, all, changed), unreachable: null, hereRole: 'standby', peerRole: 'active' });
  assert.deepEqual([d2.state, d2.roles.holder, d2.health, d2.files], ['differs', 'peer', 'warning', [{ path: '/etc/sysconfig/ha/lvs.cf', state: 'differs' }]]);
  assert.match(d2.summary, /differs: \/etc\/sysconfig\/ha\/lvs\.cf \(differs\); the peer holds the VIPs/);

  const d3 = driftSummary({ peer: 'root@192.0.2.2', plan: null, unreachable: 'connection refused', hereRole: 'active', peerRole: null });
  assert.deepEqual([d3.state, d3.reason, d3.roles.holder, d3.health], ['unreachable', 'connection refused', 'here', 'warning']);

  const d4 = driftSummary({ peer: 'root@192.0.2.2', plan: inSync, unreachable: null, hereRole: 'active', peerRole: 'active' });
  assert.deepEqual([d4.splitBrain, d4.roles.holder, d4.health], [true, 'both', 'alarm']);
  assert.match(d4.summary, /SPLIT BRAIN/);
  const d5 = driftSummary({ peer: 'root@192.0.2.2', plan: inSync, unreachable: null, hereRole: 'standby', peerRole: 'standby' });
  assert.deepEqual([d5.roles.holder, d5.health], ['neither', 'warning']);
  const d6 = driftSummary({ peer: 'root@192.0.2.2', plan: inSync, unreachable: null, hereRole: 'partial', peerRole: 'standby' });
  assert.equal(d6.health, 'alarm');
  const d7 = driftSummary({ peer: null, plan: null, unreachable: null, notConfigured: 'lvs.cf names no backup', hereRole: 'active', peerRole: null });
  assert.deepEqual([d7.state, d7.summary], ['not-configured', 'no peer: lvs.cf names no backup; this router holds the VIPs']);
});

test('far files after a sync: new, old, or either (the write or the write-back cut off by the link)', () => {
  const step = (id: string, outcome: StepOutcome, extra: Partial<StepJournal> = {}): StepJournal => ({ id, title: id, outcome, phases: [], commands: [], notes: [], ...extra });
  const result = {
    ok: false,
    outcome: 'half-applied',
    undone: [],
    undoFailures: [],
    cleanupFailures: [],
    journal: {
      startedAt: '',
      durationMs: 0,
      outcome: 'half-applied',
      steps: [
        step('a', 'applied'),
        step('b', 'undo-failed'),
        step('c', 'undo-failed', { notes: [WRITING_BACK] }),
        step('d', 'undo-failed', { failedIn: 'apply' }),
        step('e', 'undone'),
        step('f', 'not-run'),
      ],
    },
  } as TransactionResult;
  const files = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, path: `/x/${id}` }));
  const out = farFileOutcomes(result, files);
  assert.deepEqual(out.map((o) => o.state), ['new', 'new', 'either', 'either', 'old', 'old']);
  assert.deepEqual(farFileLines(out, 'root@b'), [
    'new on root@b: /x/a, /x/b',
    'unchanged (old) on root@b: /x/e, /x/f',
    'old or new on root@b (written atomically, never partial; the link dropped during the write): /x/c, /x/d',
  ]);
});
