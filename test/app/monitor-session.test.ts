// The CONTROL/MONITORING tab's state on the demo router: the snapshot of `lvs-tui status`, the row
// → real server mapping, live actions through `lvs-tui server`'s code (the demo's ipvsadm -e really
// changes the simulated table), pulse control through `lvs-tui pulse`'s, everything in the command
// log; refreshes never overlap and stop() ends the timer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../../src/demo';
import { MonitorSession } from '../../src/app/monitor-session';
import { testTui } from './session-helpers';

test('monitor session on the demo: table, drain and restore a real server (temporary), pulse reload, command log', async () => {
  const demo = await startDemo({ tickMs: 0 });
  const tui = testTui(demo.root, { demo });
  const m = new MonitorSession(tui);
  try {
    let updates = 0;
    m.subscribe(() => updates++);
    const a = m.refresh();
    assert.equal(m.refresh(), a, 'a refresh while one runs is the same one');
    await a;
    assert.equal(updates, 1);
    assert.equal(m.problem, null);
    assert.ok(m.frame && m.frame.rows.length > 3);
    assert.match(m.frame!.header, /DEMO/);
    const row = m.frame!.rows.findIndex((r) => !r.isService && r.serviceId !== '');
    const target = m.serverAt(row);
    assert.ok(target, 'a server row maps to its lvs.cf names');
    assert.equal(m.serverAt(0), null, 'a service row is no server');

    const prep = await m.prepareServerAction('drain', target!);
    assert.equal(prep.ok, true, prep.ok ? '' : prep.reason);
    assert.match(prep.ok ? prep.text : '', /will run: \S*ipvsadm -e /);
    assert.match(prep.ok ? prep.text : '', /temporary/);
    const done = await m.runServerAction('drain', target!);
    assert.equal(done.ok, true, done.output);
    const dest = demo.state().services.flatMap((s) => s.dests).find((d) => d.name === target!.server && d.address === target!.address);
    assert.equal(dest?.weight, 0, 'the demo table shows the drain');
    assert.equal(m.temporaryMark(target!.virtual, target!.server), 'drained');
    const edits = tui.commandLog.entries().filter((e) => e.source === 'server');
    assert.ok(edits.some((e) => e.args[0] === '-e' && e.exitCode === 0));
    const restored = await m.runServerAction('restore', target!);
    assert.equal(restored.ok, true, restored.output);
    assert.equal(m.temporaryMark(target!.virtual, target!.server), null);

    const bad = await m.prepareServerAction('weight', target!, 70000);
    assert.equal(bad.ok, false);

    const pulse = await m.preparePulse('reload');
    assert.match(pulse.ok ? pulse.text : '', /will run: /);
    const reloaded = await m.runPulse('reload');
    assert.equal(reloaded.ok, true, reloaded.output);
    assert.ok(tui.commandLog.entries().some((e) => e.source === 'pulse' && e.exitCode === 0));
    assert.ok(tui.commandLog.entries({ monitor: true }).some((e) => e.source === 'monitor'), 'the monitor\'s reads are logged too');
  } finally {
    m.stop();
    demo.stop();
  }
});

test('monitor session: auto-update ticks on its interval and stops for good with stop()', async () => {
  const demo = await startDemo({ tickMs: 0 });
  const m = new MonitorSession(testTui(demo.root, { demo }), { intervalSeconds: 1 });
  try {
    let updates = 0;
    m.subscribe(() => updates++);
    m.start();
    // ticks come by themselves (a refresh takes a while on a loaded machine: wait for three)
    const deadline = Date.now() + 20_000;
    while (updates < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(updates >= 3, `${updates} refreshes at a 1 s interval`);
    m.toggleAuto();
    assert.equal(m.auto, false);
    await new Promise((r) => setTimeout(r, 3000)); // a refresh in flight finishes
    const paused = updates;
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(updates, paused, 'no tick while auto-update is off');
    m.changeInterval(+100);
    assert.equal(m.interval, 60);
    m.toggleAuto();
    m.stop();
    const stopped = updates;
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(updates <= stopped + 1, 'at most the refresh in flight finishes');
    await m.refresh();
    assert.ok(updates <= stopped + 1, 'a stopped session does not refresh');
  } finally {
    m.stop();
    demo.stop();
  }
});
