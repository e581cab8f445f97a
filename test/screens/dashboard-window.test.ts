// The dashboard screen on a 600-service table with the real frame builder behind its ticker: it
// asks for the rows that fit, draws that window, and arrow keys move the selection past its edge.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDashboard } from '../../screens/dashboard';
import { RowWindow, dashboardFrame } from '../../src/present/dashboard-present';
import { fakeTerminal } from '../helpers/fake-terminal';
import { manyServices, reportOf, viewOf } from '../helpers/dashboard-router';

test('dashboard screen: a big table is drawn a window at a time and the selection scrolls it', { timeout: 30_000 }, async () => {
  const report = reportOf(viewOf({ cf: manyServices(600), live: [] }));
  const term = fakeTerminal(80, 24);
  const windows: (RowWindow | undefined)[] = [];
  const handle = runDashboard({
    ticker: {
      async next(filter, selected, window) {
        windows.push(window);
        return dashboardFrame(report, { cps: [], bps: [] }, { filter, selected, demo: false, time: 'now', window });
      },
    },
    intervalSeconds: 60,
    input: term.input,
    output: term.output,
    env: { LANG: 'C.UTF-8', NO_COLOR: '1' },
  });
  const shot = () => (handle.terminal.screen as unknown as { screenshot(): string }).screenshot().replace(/\x1b\[[0-9;]*m/g, '');
  await handle.refresh();
  // 24 lines: 2 header, 10 below, the table's border and column titles: 9 rows
  assert.deepEqual(windows[0], { top: 0, height: 9 });
  assert.match(shot(), /routing table 1-9 of 2400/);
  assert.match(shot(), /svc2 +TCP 10\.1\.2\.1:80/);
  assert.doesNotMatch(shot(), /svc3 /);
  term.reset();
  await handle.refresh();
  assert.ok(term.written() < 64, `${term.written()} bytes for an unchanged window`);
  for (let k = 0; k < 5; k++) {
    term.type('j');
    await new Promise((r) => setTimeout(r, 30));
    await handle.refresh();
  }
  // svc4 (row 17) selected: the window scrolled to end on it
  assert.match(shot(), /routing table 9-17 of 2400/);
  assert.match(shot(), /svc4 +TCP 10\.1\.4\.1:80/);
  assert.match(shot(), /─ svc4 ─/, 'the sparklines follow svc4');
  term.type('k');
  await new Promise((r) => setTimeout(r, 30));
  await handle.refresh();
  // back to svc3 (row 13): still in the window, which stays
  assert.match(shot(), /routing table 9-17 of 2400/);
  // up from the first service wraps to the last
  for (let k = 0; k < 4; k++) {
    term.type('k');
    await new Promise((r) => setTimeout(r, 30));
    await handle.refresh();
  }
  assert.match(shot(), /routing table 2389-2397 of 2400/);
  assert.match(shot(), /svc599 +TCP/);
  handle.stop();
  await handle.done;
});
