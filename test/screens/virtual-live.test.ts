// The VIRTUAL SERVERS table's LIVE column on the demo router, in process at 80x24 (and wider and
// narrower): each virtual's state from the monitor's merge with the lvs.cf on disk, refreshed on the
// monitor's ticks; a virtual staged but not applied says so; a live weight change shows at the next
// tick without rereading lvs.cf.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addBlock } from '../../src/config/edit';
import { startDemo, DEMO_LVS_CF } from '../../src/demo';
import { openOnDemo } from './demo-tui';

const LIVE = /(up \d+\/\d+|\d+\/\d+ (ramping|up)|down \d+\/\d+|not in IPVS|IPVS not loaded|standby|off)/;

test('LIVE column on the demo at 80x24: each virtual\'s live state beside Piranha\'s columns, within 80 columns', { timeout: 30_000 }, async () => {
  const demo = await startDemo({ tickMs: 0 });
  const t = openOnDemo(demo);
  try {
    const screen = await t.waitFor(/│>active +www .*up \d+\/\d+|│>active +www .*\d+\/\d+ (ramping|up)/);
    const l = screen.split('\n');
    assert.match(l[3], /STATUS +NAME +VIP +MASK +PORT +PROTO +IFACE +LIVE/);
    assert.match(l[4], /^│>active +www +203\.0\.113\.100 +\/24 +80 +tcp +eth0:1 /);
    for (const line of l) assert.ok(line.length <= 80, line);
    const rows = l.filter((x) => /^│[> ](active|inactive) /.test(x));
    assert.ok(rows.length >= 3, screen);
    for (const r of rows) assert.match(r, LIVE, r);
    assert.match(l[1], /www: \d+ of \d+ real servers up/, 'the selected virtual\'s state in words');
  } finally {
    await t.close();
    demo.stop();
  }
});

test('LIVE follows the monitor\'s ticks without rereading lvs.cf: a live weight set to 0 shows as 2/3 up; a staged virtual is "not applied"', { timeout: 30_000 }, async () => {
  const demo = await startDemo({ tickMs: 0 });
  const reads: string[] = [];
  const t = openOnDemo(demo, { onRead: (p) => reads.push(p) });
  try {
    await t.waitFor(/│>active +www .*up 3\/3/);
    const config = t.tui.ctx.paths.config;
    const before = reads.filter((p) => p === config).length;
    execFileSync(demo.ipvsadmPath, ['-e', '-t', '203.0.113.100:80', '-r', '192.168.10.11:80', '-m', '-w', '0']);
    demo.tick(); // the demo writes its /proc files on a tick
    const after = await t.waitFor(/│>active +www .*2\/3 up/);
    assert.match(after, /www: 2 of 3 real servers up \(1 down or quiesced\)/);
    assert.equal(reads.filter((p) => p === config).length, before, 'ticks merge with the lvs.cf the session read: no reread');

    // a virtual staged in this session is not in the file pulse runs
    t.session.edit('add smtp', (d) => addBlock(d, {}, 'smtp', [['active', '1'], ['address', '203.0.113.25 eth0:1'], ['port', '25'], ['protocol', 'tcp']]));
    const staged = await t.waitFor(/│ active +smtp .*not applied/);
    for (const line of staged.split('\n')) assert.ok(line.length <= 80, line);
  } finally {
    await t.close();
    demo.stop();
  }
});

test('LIVE on a router whose IPVS is not loaded says so; wide terminals show Piranha\'s full columns, narrow ones fewer', { timeout: 30_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-live-'));
  try {
    mkdirSync(join(root, 'etc', 'sysconfig', 'ha'), { recursive: true });
    writeFileSync(join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf'), DEMO_LVS_CF);
    const wide = openOnDemo(null, { root, columns: 120 });
    try {
      const s = await wide.waitFor(/IPVS not loaded/);
      const l = s.split('\n');
      assert.match(l[3], /STATUS +NAME +VIP +NETMASK +PORT +PROTOCOL +INTERFACE +LIVE/);
      assert.match(l[4], /^│>active +www +203\.0\.113\.100 +255\.255\.255\.0 +80 +tcp +eth0:1 +IPVS not loaded/);
    } finally {
      await wide.close();
    }
    const narrow = openOnDemo(null, { root, columns: 60 });
    try {
      const s = await narrow.waitFor(/IPVS no/);
      const l = s.split('\n');
      assert.match(l[3], /STATUS +NAME +VIP +PORT +LIVE/);
      for (const line of l) assert.ok(line.length <= 60, line);
    } finally {
      await narrow.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
