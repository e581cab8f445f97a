import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplyPlan, RouterSnapshot, planApply } from '../../src/apply/plan';
import { applySteps, ownedChainsProblem } from '../../src/apply/apply-steps';
import { DEFAULT_PROGRAMS } from '../../src/apply/sidecar';
import { SAMPLES } from '../helpers/paths';

const NAT = readFileSync(join(SAMPLES, 'nat-http-ftp.cf'));
const FTP_SIDECAR = Buffer.from('firewall_marks:\n  - mark: 21\n    protocol: tcp\n    ports: [21, "10000:20000"]\nftp_masquerade: true\n');
const EMPTY_TABLES = '*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n';

function snapshot(over: Partial<RouterSnapshot> = {}): RouterSnapshot {
  return {
    configPath: '/etc/sysconfig/ha/lvs.cf',
    config: NAT,
    sidecarPath: '/etc/sysconfig/ha/lvs-tui.yaml',
    sidecar: FTP_SIDECAR,
    loadedPath: '/var/lib/lvs-tui/pulse-loaded.cf',
    loaded: null,
    iptablesSave: EMPTY_TABLES,
    sysctl: new Map([['net.ipv4.ip_forward', '0']]),
    persistedIptables: { path: '/etc/sysconfig/iptables', bytes: null },
    persistedSysctl: { path: '/etc/sysctl.conf', bytes: Buffer.from('net.ipv4.ip_forward = 0\n') },
    pulse: { installed: true, running: true },
    ...over,
  };
}

/** The state after `plan` was applied: what the next snapshot reads. */
function applied(s: RouterSnapshot, plan: ApplyPlan): RouterSnapshot {
  const file = (id: string, before: Buffer | null) => plan.files.find((f) => f.id === id)?.bytes ?? before;
  return {
    ...s,
    loaded: plan.loadedRecord?.bytes ?? s.loaded,
    sysctl: new Map(plan.sysctl.map((c) => [c.key, c.value])),
    persistedIptables: { ...s.persistedIptables, bytes: file('file:iptables', s.persistedIptables.bytes) },
    persistedSysctl: { ...s.persistedSysctl, bytes: file('file:sysctl', s.persistedSysctl.bytes) },
  };
}

test('plan: a fresh router gets the marks, masquerading, ip_forward, both saved files; pulse needs a restart', () => {
  const plan = planApply(snapshot(), NAT);
  assert.equal(plan.refused, null);
  assert.equal(plan.nothingToDo, false);
  assert.match(plan.iptables!.restoreText, /-A LVS_TUI_MARK -d 203\.0\.113\.100\/32 -p tcp -m tcp --dport 10000:20000 -j MARK --set-xmark 0x15\/0xffffffff/);
  assert.match(plan.iptables!.restoreText, /-A LVS_TUI_NAT -s 192\.168\.10\.0\/24 -p tcp -m tcp --sport 20 -j MASQUERADE/);
  assert.deepEqual(plan.sysctl, [{ key: 'net.ipv4.ip_forward', value: '1', previous: '0' }]);
  assert.deepEqual(plan.files.map((f) => f.id), ['file:iptables', 'file:sysctl'], 'lvs.cf unchanged: not written');
  assert.equal(plan.impact.action, 'restart', 'lvs-tui has no record of what pulse loaded');
  assert.ok(plan.loadedRecord);
});

test('plan: steps run iptables, sysctl, saved files, lvs.cf, then the record and pulse only when asked', () => {
  const s = snapshot();
  const plan = planApply(s, Buffer.concat([NAT, Buffer.from('# new\n')]));
  const cmds = { manager: 'command' as const, name: 'x', actions: { status: { file: 'true', args: [] }, restart: { file: 'true', args: [] } } };
  const ids = applySteps(plan, DEFAULT_PROGRAMS, null).map((x) => x.id);
  assert.deepEqual(ids.length, 5);
  assert.equal(ids[0], 'iptables');
  assert.match(ids[1], /net\.ipv4\.ip_forward/);
  assert.deepEqual(ids.slice(2), ['file:iptables', 'file:sysctl', 'file:lvs.cf'], 'no record and no pulse step unless asked');
  const withPulse = applySteps(plan, DEFAULT_PROGRAMS, { action: 'restart', commands: cmds }).map((x) => x.id);
  assert.deepEqual(withPulse.slice(-3), ['file:lvs.cf', 'file:loaded', 'pulse:restart']);
});

test('plan: after applying, the same files plan to nothing', () => {
  const s = snapshot({ loaded: NAT });
  const first = planApply(s, NAT);
  assert.equal(first.impact.action, 'none', 'pulse loaded this very file');
  const live = first.sections.find((x) => x.title.startsWith('iptables, live'))!.after;
  const next = applied(s, first);
  // the iptables-save the router shows after loading the planned chains
  const save = `*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n${live.split('*nat')[0].replace('*mangle\n', '').replace('COMMIT\n', '')}COMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n${live.split('*nat\n')[1].replace('COMMIT\n', '')}COMMIT\n`;
  const second = planApply({ ...next, iptablesSave: save }, NAT);
  assert.equal(second.iptables, null, save);
  assert.deepEqual(second.sysctl, []);
  assert.deepEqual(second.files, []);
  assert.equal(second.nothingToDo, true);
});

test('plan: errors in lvs.cf or the sidecar refuse, and nothing is planned', () => {
  const broken = planApply(snapshot(), Buffer.from(NAT.toString().replace('scheduler = wlc', 'scheduler = sed')));
  assert.match(broken.refused ?? '', /1 error/);
  assert.equal(broken.iptables, null);
  const badSidecar = planApply(snapshot({ sidecar: Buffer.from('firewall_marks:\n  - mark: 0\n    ports: [21]\n') }), NAT);
  assert.ok(badSidecar.refused);
  assert.ok(badSidecar.diagnostics.some((d) => d.file.endsWith('lvs-tui.yaml') && d.severity === 'error'));
});

test('plan: a managed sysctl this kernel lacks is planned with previous null (the step refuses it)', () => {
  const s = snapshot({ sidecar: Buffer.concat([FTP_SIDECAR, Buffer.from('sysctl:\n  net.ipv4.vs.expire_nodest_conn: 1\n')]), sysctl: new Map([['net.ipv4.ip_forward', '1'], ['net.ipv4.vs.expire_nodest_conn', null]]) });
  const plan = planApply(s, NAT);
  assert.deepEqual(plan.sysctl, [{ key: 'net.ipv4.vs.expire_nodest_conn', value: '1', previous: null }]);
});

test('ownedChainsProblem: says what differs between live chains and the desired ones', () => {
  const desired = { mangle: ['-A LVS_TUI_MARK -d 1.2.3.4/32 -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x50/0xffffffff'], nat: [] };
  const good = '*mangle\n:PREROUTING ACCEPT [0:0]\n:LVS_TUI_MARK - [0:0]\n-A PREROUTING -j LVS_TUI_MARK\n-A LVS_TUI_MARK -d 1.2.3.4/32 -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x50/0xffffffff\nCOMMIT\n';
  assert.equal(ownedChainsProblem(good, desired), null);
  assert.match(ownedChainsProblem(good.replace('-A PREROUTING -j LVS_TUI_MARK\n', ''), desired) ?? '', /jumps to LVS_TUI_MARK 0 times/);
  assert.match(ownedChainsProblem(good.replace('--dport 80', '--dport 81'), desired) ?? '', /--dport 81/);
  assert.match(ownedChainsProblem('*mangle\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n', desired) ?? '', /missing/);
  assert.match(ownedChainsProblem('*nat\n:POSTROUTING ACCEPT [0:0]\n:LVS_TUI_NAT - [0:0]\n-A POSTROUTING -j LVS_TUI_NAT\nCOMMIT\n', desired) ?? '', /still jumps/);
});
