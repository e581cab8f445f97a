// In-process screen tests of tui-flow's screens (blessed on fake 80x24 streams, the real shell):
// the CONTROL/MONITORING tab on the demo router (live table, a drain asked and run through
// `lvs-tui server`'s code, auto-update), the review overlay (plan, apply, result; read-only refusal;
// a file changed on disk), the command log, and the raw editor on a broken lvs.cf with a scripted
// EDITOR.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setAttribute } from '../../src/config/edit';
import { startDemo, DemoRouter } from '../../src/demo';
import { FLOW_HOOKS, TABS, TabSpec } from '../../screens/tabs';
import type { TuiContext } from '../../screens/view';
import { createControlMonitoringView } from '../../screens/control-monitoring';
import { openReview } from '../../screens/review';
import { openCommandLog } from '../../screens/command-log-view';
import { Open, openOnDemo } from './demo-tui';
import { SAMPLES } from '../helpers/paths';

FLOW_HOOKS.openReview = openReview;
FLOW_HOOKS.openCommandLog = openCommandLog;

const KEY = { esc: '\x1b', enter: '\r', down: '\x1b[B', up: '\x1b[A' } as const;

function open(root: string, demo: DemoRouter | null, opts: { readOnly?: string; tabs?: readonly TabSpec[] } = {}): Open {
  const tabs = opts.tabs ?? [{ ...TABS[0], create: (t: TuiContext) => createControlMonitoringView(t) }, ...TABS.slice(1)];
  return openOnDemo(demo, { root, tab: 1, tabs, readOnly: opts.readOnly ?? null });
}

test('CONTROL/MONITORING on the demo: live table, drain asked and run (TEMP), auto-update off, command log; timers end with the TUI', async () => {
  const demo = await startDemo({ tickMs: 0 });
  const t = open(demo.root, demo);
  try {
    const first = await t.waitFor(/pulse RUNNING/);
    assert.match(first, /DEMO/);
    assert.match(first, /ACTIVE primary/);
    assert.match(first, /routing table/);
    assert.match(first, /updated \d\d:\d\d:\d\d {2}auto 2s/);
    assert.match(first, /processes/);
    assert.match(first, /nanny x\d+/);
    // the first real server row: one down from the first service row
    await t.keys(KEY.down);
    await t.keys('d');
    const asked = await t.waitFor(/Change the live table now\?/);
    assert.match(asked, /will run: \S*ipvsadm -e/);
    await t.keys('y');
    const marked = await t.waitFor(/TEMP: www\/web1 drained; nanny or a pulse restart undoes it; lvs\.cf unchanged/);
    assert.match(marked, /│ web1 +192\.168\.10\.11:80 +TEMP /);
    const drained = demo.state().services.flatMap((s) => s.dests).filter((d) => d.weight === 0);
    assert.ok(drained.length >= 1, 'the demo table shows the drain');

    await t.keys('u');
    await t.waitFor(/auto OFF/);
    await t.keys('+');

    await t.keys(':');
    const log = await t.waitFor(/commands lvs-tui ran/);
    assert.match(log, /server +\S*ipvsadm -e /);
    await t.keys('m');
    await t.waitFor(/monitor reads shown/);
    await t.keys(KEY.esc);
    await t.waitFor(/routing table/);
    await t.keys('u');
    await t.waitFor(/auto 3s/);
  } finally {
    await t.close();
    await new Promise((r) => setTimeout(r, 3000)); // a refresh in flight may finish its commands
    const after = t.tui.commandLog.entries({ monitor: true }).length;
    await new Promise((r) => setTimeout(r, 3500));
    assert.equal(t.tui.commandLog.entries({ monitor: true }).length, after, 'no tick after the TUI closed');
    demo.stop();
  }
});

test('CONTROL/MONITORING says at once when lvs.cf changes on disk under the session', async () => {
  const demo = await startDemo({ tickMs: 0 });
  const t = open(demo.root, demo, { tabs: [{ key: '1', title: 'CONTROL/MONITORING', create: (tui: TuiContext) => createControlMonitoringView(tui, { diskCheckMs: 100 }) }] });
  try {
    await t.waitFor(/pulse RUNNING/);
    assert.doesNotMatch(t.handle.text(), /changed on disk/);
    appendFileSync(t.tui.ctx.paths.config, '# vi was here\n');
    const warned = await t.waitFor(/lvs\.cf was changed on disk since lvs-tui read it: A to reload/);
    assert.match(warned, /WARNING: lvs\.cf was changed on disk/, 'flashed in the status bar too');
  } finally {
    await t.close();
    demo.stop();
  }
});

test('review on the demo: the plan, y applies with the pulse question, the result and journal; the session is rebased', async () => {
  const demo = await startDemo({ tickMs: 0 });
  const t = open(demo.root, demo, { tabs: [{ key: '1', title: 'ONE', create: () => ({ title: 'one', bindings: [], editing: false, mount() {}, show() {}, hide() {}, destroy() {} }) }] });
  try {
    const server = t.session.config().virtuals.find((v) => v.servers.length > 0)!;
    t.session.edit('deactivate a server', (doc) => setAttribute(doc, { virtual: server.name, server: server.servers[0].name }, 'active', '0'));
    assert.equal(t.session.pendingCount(), 1);
    const staged = t.session.configBytes();
    await t.keys('A');
    const plan = await t.waitFor(/y apply all of this/);
    assert.match(plan, /DEMO router/);
    assert.match(plan, /== lvs\.cf/);
    await t.keys('G');
    await t.waitFor(/pulse needs a reload/);
    await t.keys('y');
    await t.waitFor(/pulse needs a reload to take the change/);
    await t.keys('y');
    const result = await t.waitFor(/APPLIED/);
    assert.match(result, /journal \(applied/);
    assert.equal(t.session.pendingCount(), 0);
    const written = readFileSync(t.tui.ctx.paths.config, 'utf8');
    assert.equal(written, staged.toString('utf8').replace('serial_no = 27\n', 'serial_no = 28\n'), 'lvs.cf in the demo root holds the staged bytes, serial_no raised by one');
    assert.ok(t.session.originalConfigBytes.equals(Buffer.from(written)), 'the session is rebased on what was written');
    assert.ok(t.tui.commandLog.entries().some((e) => e.demo && /pulse reload was not run/.test(e.stdout)));
    await t.keys(KEY.esc);
    assert.equal(t.handle.topView().title, 'one');
  } finally {
    await t.close();
    demo.stop();
  }
});

test('quit with a pending change: a opens the review; applied, the TUI closes', async () => {
  const demo = await startDemo({ tickMs: 0 });
  const blank = { key: '1' as const, title: 'ONE', create: () => ({ title: 'one', bindings: [], editing: false, mount() {}, show() {}, hide() {}, destroy() {} }) };
  const t = open(demo.root, demo, { tabs: [blank] });
  try {
    const v = t.session.config().virtuals.find((x) => x.servers.length > 1)!;
    t.session.edit('weight', (doc) => setAttribute(doc, { virtual: v.name, server: v.servers[1].name }, 'weight', '3'));
    await t.keys('q');
    await t.waitFor(/a apply/);
    await t.keys('a');
    await t.waitFor(/y apply all of this/);
    await t.keys('y');
    await t.waitFor(/pulse needs a restart to take the change \(a restart clears the whole IPVS/);
    await t.keys('n');
    const result = await t.waitFor(/APPLIED/);
    assert.match(result, /pulse was left alone: it still needs a restart/);
    assert.equal(t.session.pendingCount(), 0);
    let closed = false;
    void t.handle.done.then(() => (closed = true));
    await t.keys(KEY.esc);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(closed, true, 'nothing pending after the apply: the quit goes on');
    assert.match(readFileSync(t.tui.ctx.paths.config, 'utf8'), /weight = 3/);
  } finally {
    await t.close();
    demo.stop();
  }
});

test('review refuses in a read-only session and warns when lvs.cf changed on disk (diff, reload keeping the staged edit)', async () => {
  const demo = await startDemo({ tickMs: 0 });
  const blank = { key: '1' as const, title: 'ONE', create: () => ({ title: 'one', bindings: [], editing: false, mount() {}, show() {}, hide() {}, destroy() {} }) };
  const ro = open(demo.root, demo, { readOnly: 'opened with --read-only', tabs: [blank] });
  try {
    await ro.keys('A');
    await ro.waitFor(/CANNOT APPLY: read-only: opened with --read-only/);
    await ro.keys('y');
    await ro.waitFor(/y: NOT APPLIED: read-only: opened with --read-only/);
  } finally {
    await ro.close();
  }
  const t = open(demo.root, demo, { tabs: [blank] });
  try {
    const v = t.session.config().virtuals[0];
    t.session.edit('scheduler', (doc) => setAttribute(doc, { virtual: v.name }, 'scheduler', 'wrr'));
    appendFileSync(t.tui.ctx.paths.config, '# appended by another admin\n');
    await t.keys('A');
    const warn = await t.waitFor(/WARNING: lvs\.cf was changed on disk since lvs-tui read it/);
    assert.match(warn, /CANNOT APPLY: lvs\.cf was changed on disk/);
    await t.keys('v');
    await t.waitFor(/\+# appended by another admin/);
    await t.keys('r');
    await t.waitFor(/k keep my staged edits/);
    await t.keys('k');
    await t.waitFor(/y apply all of this/);
    assert.equal(t.session.pendingCount(), 1);
    assert.match(t.session.configBytes().toString(), /# appended by another admin\n$/);
    assert.match(t.session.configBytes().toString(), /scheduler = wrr/);
  } finally {
    await t.close();
    demo.stop();
  }
});

test('raw editor: a broken lvs.cf opens with its diagnostics; e runs $EDITOR (scripted; a Ctrl-C there is the editor\'s), s saves the fixed file', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-rawscreen-'));
  const ha = join(root, 'etc', 'sysconfig', 'ha');
  mkdirSync(ha, { recursive: true });
  const good = readFileSync(join(SAMPLES, 'nat-http-ftp.cf'), 'utf8');
  const broken = good.replace('virtual ftp {\n', 'virtual ftp {\n     server {\n');
  writeFileSync(join(ha, 'lvs.cf'), broken);
  const editor = join(root, 'fix.js');
  // the admin presses Ctrl-C in the editor: the terminal sends SIGINT to the whole foreground group
  writeFileSync(editor, `process.kill(process.ppid, 'SIGINT'); const fs = require('fs'); const f = process.argv[2]; fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('     server {\\n', ''));\n`);
  const saved = { VISUAL: process.env.VISUAL, EDITOR: process.env.EDITOR };
  process.env.VISUAL = `${process.execPath} ${editor}`;
  const t = open(root, null, { readOnly: 'lvs.cf has errors: fix the file as text first' });
  try {
    const first = await t.waitFor(/As on disk: \d+ errors?/);
    assert.match(first, /lvs\.cf:\d+:\d+: error: /);
    await t.keys('e');
    await t.waitFor(/EDITED TEXT, NOT SAVED: 0 errors/);
    await t.keys('s');
    await t.waitFor(/Save /);
    await t.keys('y');
    await t.waitFor(/wrote /);
    assert.equal(readFileSync(join(ha, 'lvs.cf'), 'utf8'), good);
    assert.equal(t.session.configBytes().toString(), good);
  } finally {
    await t.close();
    process.env.VISUAL = saved.VISUAL;
    if (saved.VISUAL === undefined) delete process.env.VISUAL;
    rmSync(root, { recursive: true, force: true });
  }
});

test('CONTROL/MONITORING on a table longer than the screen: only the rows on screen are built; a drain far down is the selected server\'s', async () => {
  // 30 services x 4 real servers (150 rows) in lvs.cf and in the live table under the root
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-longtable-'));
  const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
  const cf = ['serial_no = 1', 'primary = 192.0.2.1', 'service = lvs', 'network = direct'];
  const ipvs = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn'];
  for (let s = 0; s < 30; s++) {
    cf.push(`virtual v${s} {`, '     active = 1', `     address = 10.0.0.${s + 1} eth0:${s}`, '     port = 80', '     protocol = tcp', '     scheduler = wlc');
    ipvs.push(`TCP  ${hex(0x0a000001 + s, 8)}:0050 wlc  `);
    for (let d = 0; d < 4; d++) {
      cf.push(`     server r${d} {`, `         address = 172.16.${s}.${d + 1}`, '         active = 1', '         weight = 10', '     }');
      ipvs.push(`  -> ${hex(0xac100000 + s * 256 + d + 1, 8)}:0050      Route   10     0          0         `);
    }
    cf.push('}');
  }
  mkdirSync(join(root, 'etc', 'sysconfig', 'ha'), { recursive: true });
  mkdirSync(join(root, 'proc', 'net'), { recursive: true });
  writeFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf'), cf.join('\n') + '\n');
  writeFileSync(join(root, 'proc', 'net', 'ip_vs'), ipvs.join('\n') + '\n');
  const t = open(root, null);
  try {
    await t.waitFor(/│v0 /);
    // row 0 is v0; 5 rows a service: row 5 * 20 + 3 is v20's third real server, r2
    for (let i = 0; i < 103; i++) await t.keys(KEY.down);
    const moved = await t.waitFor(/│v20 /);
    assert.doesNotMatch(moved, /│v0 /, 'the window scrolled with the selection');
    assert.match(moved, /routing table/);
    await t.keys('d');
    const asked = await t.waitFor(/Change the live table now\?/);
    assert.match(asked.replace(/\s*│\s*/g, ' '), /v20\/r2: drain 172\.16\.20\.3:80/);
    await t.keys('n');
    // back up to the top: the first service again
    for (let i = 0; i < 103; i++) await t.keys(KEY.up);
    await t.waitFor(/│v0 /);
  } finally {
    await t.close();
    rmSync(root, { recursive: true, force: true });
  }
});
