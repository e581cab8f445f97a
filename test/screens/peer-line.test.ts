// The peer line on screen, in process with a fake peer source at the interface edge (PeerSource):
// tab 1 and the dashboard show the backup's drift and role on one line under the status, only when
// there is a peer; `b` checks now; a check that hangs never holds up keys or drawing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTui } from './tui-harness';
import { runDashboard } from '../../screens/dashboard';
import { DASHBOARD_COLUMNS } from '../../src/present/dashboard-present';
import { fakePeer } from '../helpers/fake-peer';
import { fakeTerminal } from '../helpers/fake-terminal';

const waitFor = async (text: () => string, re: RegExp, ms = 5000): Promise<string> => {
  const end = Date.now() + ms;
  for (;;) {
    const t = text();
    if (re.test(t)) return t;
    if (Date.now() > end) throw new Error(`timed out waiting for ${re} on:\n${t}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('tab 1: the peer line under the status (in sync, differs, unreachable, split brain); b checks now; no line without a peer', { timeout: 30_000 }, async () => {
  const none = openTui({ env: { LANG: 'C.UTF-8', NO_COLOR: '1' } });
  try {
    const t = await waitFor(() => none.text(), /routing table/);
    assert.doesNotMatch(t, /backup root@/);
    assert.match(t.split('\n')[3], /routing table/, 'the table starts under the two status lines');
  } finally {
    await none.close();
  }

  const peer = fakePeer({ state: 'in-sync' });
  const tui = openTui({ env: { LANG: 'C.UTF-8', NO_COLOR: '1' }, peer });
  try {
    let t = await waitFor(() => tui.text(), /backup root@10\.0\.0\.2: in sync · backup standby/);
    const lines = t.split('\n');
    assert.match(lines[3], /^backup root@10\.0\.0\.2: in sync · backup standby *$/);
    assert.match(lines[4], /routing table/, 'the table gives the peer line one row');
    assert.ok(lines.every((l) => l.length <= 80));
    assert.equal(peer.calls, 1);

    peer.scenario = { state: 'differs', differing: ['/etc/sysconfig/ha/lvs.cf', '/etc/sysconfig/ha/lvs-tui.yaml'] };
    await tui.keys('b');
    t = await waitFor(() => tui.text(), /differs: lvs\.cf, lvs-tui\.yaml · backup standby/);
    assert.equal(peer.calls, 2, 'b checked once more');

    peer.scenario = { state: 'unreachable', reason: 'ssh to root@10.0.0.2: connection refused by 10.0.0.2 port 22 (is sshd running there, on that port?)' };
    await tui.keys('b');
    await waitFor(() => tui.text(), /backup root@10\.0\.0\.2: unreachable: connection refused \(0 s ago\)/);

    peer.scenario = { state: 'in-sync', here: 'active', peer: 'active' };
    await tui.keys('b');
    t = await waitFor(() => tui.text(), /SPLIT BRAIN: backup root@10\.0\.0\.2: in sync · both hold the VIPs/);
  } finally {
    await tui.close();
  }
});

test('tab 1: the split brain line is in the alarm colour', { timeout: 30_000 }, async () => {
  const peer = fakePeer({ state: 'in-sync', here: 'active', peer: 'active' });
  const tui = openTui({ peer });
  try {
    await waitFor(() => tui.text(), /SPLIT BRAIN/);
    // blessed's screen: the cells of that line carry red foreground (colour 1) in their attributes
    const screen = tui.handle as unknown as { screen?: { lines: Array<Array<[number, string]>> } };
    const lines = screen.screen?.lines ?? (tui.handle as unknown as { terminal: { screen: { lines: Array<Array<[number, string]>> } } }).terminal.screen.lines;
    const row = lines.findIndex((l) => l.map((c) => c[1]).join('').startsWith('SPLIT BRAIN'));
    assert.ok(row >= 0);
    const fg = (lines[row][0][0] >> 9) & 0x1ff;
    assert.equal(fg, 1, `red foreground, got colour ${fg}`);
  } finally {
    await tui.close();
  }
});

test('tab 1: a peer check that hangs holds up nothing: keys answer, tabs switch, the line stays', { timeout: 30_000 }, async () => {
  const peer = fakePeer({ state: 'in-sync' });
  const tui = openTui({ env: { LANG: 'C.UTF-8', NO_COLOR: '1' }, peer });
  try {
    await waitFor(() => tui.text(), /in sync · backup standby/);
    peer.hold();
    await tui.keys('b');
    await waitFor(() => tui.text(), /in sync · backup standby \.\.\./);
    const started = Date.now();
    await tui.keys('3');
    await waitFor(() => tui.text(), /\[3 REDUNDANCY\]/);
    await tui.keys('1', 'b', 'b');
    assert.ok(Date.now() - started < 2000, 'keys were served while the check hung');
    assert.equal(peer.calls, 2, 'b while a check runs joins it');
    peer.release();
    await waitFor(() => tui.text(), /in sync · backup standby *\n/);
  } finally {
    peer.release();
    await tui.close();
  }
});

test('dashboard: the peer line under the status; b checks now; none without a peer', { timeout: 30_000 }, async () => {
  const frame = {
    header: 'lvs-tui dashboard  test-router',
    status: 'ACTIVE (primary)  pulse running',
    statusLevel: 'ok' as const,
    columns: DASHBOARD_COLUMNS,
    rows: [{ cells: ['www', 'TCP 10.0.0.10:80', 'OK', '', '5/9', '12', '3.4k'], level: 'ok' as const, serviceId: 'TCP 10.0.0.10:80', isService: true }],
    seriesTitle: 'all services',
    cps: [1],
    bps: [1],
    processes: [],
    logs: [],
  };
  const open = (peer: ReturnType<typeof fakePeer> | null) => {
    const term = fakeTerminal(80, 24);
    const handle = runDashboard({ ticker: { next: async () => frame }, intervalSeconds: 60, input: term.input, output: term.output, env: { LANG: 'C.UTF-8', NO_COLOR: '1' }, peer });
    const text = () => (handle.terminal.screen as unknown as { screenshot(): string }).screenshot().replace(/\x1b\[[0-9;]*m/g, '');
    return { term, handle, text };
  };
  const plain = open(null);
  try {
    await plain.handle.refresh();
    const t = plain.text().split('\n');
    assert.match(t[2], /routing table/);
  } finally {
    plain.handle.stop();
  }
  const peer = fakePeer({ state: 'in-sync' });
  const d = open(peer);
  try {
    await d.handle.refresh();
    let t = await waitFor(d.text, /backup root@10\.0\.0\.2: in sync · backup standby/);
    assert.match(t.split('\n')[2], /^backup root@10\.0\.0\.2: in sync · backup standby/);
    assert.match(t.split('\n')[3], /routing table/);
    assert.match(t, /b backup/);
    peer.scenario = { state: 'differs', differing: ['/usr/local/bin/check_web'] };
    d.term.type('b');
    t = await waitFor(d.text, /differs: check_web · backup standby/);
    assert.equal(peer.calls, 2);
  } finally {
    d.handle.stop();
  }
});
