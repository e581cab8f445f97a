// The dashboard screen in-process on fake streams: what it draws from a frame, its keys, and that
// an unchanged frame costs (almost) nothing on the wire.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDashboard } from '../../screens/dashboard';
import { DashboardFrame } from '../../src/present/dashboard-frame';
import { DASHBOARD_COLUMNS } from '../../src/present/dashboard-present';
import { fakeTerminal } from '../helpers/fake-terminal';

function frame(n: number, filter = ''): DashboardFrame {
  const rows = [
    { cells: ['www', 'TCP 10.0.0.10:80', 'OK', '', '5/9', '12', '3.4k'], level: 'ok' as const, serviceId: 'TCP 10.0.0.10:80', isService: true },
    { cells: [' web1', '10.0.1.11:80', 'RAMPING', '12/100', '3/4', '2', '1k'], level: 'info' as const, serviceId: 'TCP 10.0.0.10:80', isService: false },
    { cells: [' web2', '10.0.1.12:80', 'DOWN', '-/100', '-', '-', '-'], level: 'bad' as const, serviceId: 'TCP 10.0.0.10:80', isService: false },
    { cells: ['dns', 'UDP 10.0.0.53:53', 'OK', '', '0/9', '1', '200'], level: 'ok' as const, serviceId: 'UDP 10.0.0.53:53', isService: true },
  ].filter((r) => !filter || r.cells[0].includes(filter) || r.serviceId.includes(filter));
  return {
    header: 'lvs-tui dashboard  test-router',
    status: `ACTIVE (primary)  pulse running  IPVS 1.2.1  refresh ${n}`,
    statusLevel: 'ok',
    columns: DASHBOARD_COLUMNS,
    rows,
    seriesTitle: 'all services',
    cps: [1, 2, 3],
    bps: [10, 20, 30],
    processes: ['pulse 10 up 2d', 'lvsd 11 up 2d', 'nanny x2: 10.0.1.11:80 10.0.1.12:80'],
    logs: ['Nov 25 10:00:00 nanny[12]: [inactive] shutting down 10.0.1.12:80 due to connection failure'],
  };
}

test('dashboard: draws the frame (states in words), filters, selects, and quits on q', { timeout: 20_000 }, async () => {
  const term = fakeTerminal(80, 24);
  const asked: Array<[string, string | null]> = [];
  let n = 0;
  const handle = runDashboard({
    ticker: {
      async next(filter, selected) {
        asked.push([filter, selected]);
        return frame(++n, filter);
      },
    },
    intervalSeconds: 60,
    input: term.input,
    output: term.output,
    env: { LANG: 'C.UTF-8' },
  });
  await handle.refresh();
  const screen = handle.terminal.screen as unknown as { screenshot(): string };
  const shot = screen.screenshot().replace(/\x1b\[[0-9;]*m/g, '');
  assert.match(shot, /lvs-tui dashboard {2}test-router/);
  assert.match(shot, /web1 +10\.0\.1\.11:80 +RAMPING +12\/100/);
  assert.match(shot, /web2 +10\.0\.1\.12:80 +DOWN/);
  assert.match(shot, /nanny x2/);
  assert.match(shot, /shutting down 10\.0\.1\.12:80/);
  assert.match(shot, /q quit {2}p pause/);

  term.type('j'); // select the first service: the ticker is asked for it
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(asked[asked.length - 1][1], 'TCP 10.0.0.10:80');
  term.type('p');
  await new Promise((r) => setTimeout(r, 50));
  assert.match((handle.terminal.screen as unknown as { screenshot(): string }).screenshot(), /PAUSED/);
  term.type('q');
  await handle.done;
});

test('dashboard: an unchanged frame writes almost nothing to the terminal', { timeout: 20_000 }, async () => {
  const term = fakeTerminal(80, 24);
  const same = frame(1);
  const handle = runDashboard({ ticker: { next: async () => same }, intervalSeconds: 60, input: term.input, output: term.output, env: { LANG: 'C.UTF-8' } });
  await handle.refresh();
  term.reset();
  await handle.refresh();
  // blessed's smart redraw sends only what changed: here nothing but cursor housekeeping
  assert.ok(term.written() < 64, `${term.written()} bytes for an unchanged frame`);
  handle.stop();
  await handle.done;
});
