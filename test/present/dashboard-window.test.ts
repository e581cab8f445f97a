// The dashboard builds only the table rows on screen (a window around the selection): on random
// small routers, every window is the same slice of the full build, the full build is the rows of
// every service the filter keeps (the old build from `view.services`), and selection and filter
// work past the window's edge.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveDest, LiveService } from '../../src/monitor/ipvs-types';
import { MonitorView } from '../../src/monitor/merge';
import { dashboardFrame } from '../../src/present/dashboard-present';
import { DashboardFrame } from '../../src/present/dashboard-frame';
import { baseSeed, forAll, Rng } from '../helpers/prng';
import { Router, manyServices, reportOf, viewOf } from '../helpers/dashboard-router';
import { dest, liveService } from '../monitor/merge-helpers';

/** n virtuals of 0-4 servers; the table misses some services and servers and adds unconfigured ones. */
function randomRouter(r: Rng): Router {
  const cf: string[] = ['primary = 192.0.2.1', 'network = direct'];
  const live: LiveService[] = [];
  const n = r.int(0, 25);
  for (let i = 0; i < n; i++) {
    const vip = `10.0.${i}.1`;
    cf.push(`virtual ${r.pick(['web', 'mail', 'db'])}${i} {`, `     active = ${r.chance(0.1) ? 0 : 1}`, `     address = ${vip} eth0:${i}`, '     port = 80', '     protocol = tcp');
    const dests: LiveDest[] = [];
    const m = r.int(0, 4);
    for (let j = 0; j < m; j++) {
      const rip = `192.168.${i}.${j + 10}`;
      cf.push(`     server ${r.pick(['alpha', 'beta', 'gamma'])}${j} {`, `         address = ${rip}`, '         active = 1', '         weight = 10', '     }');
      if (r.chance(0.8)) dests.push(dest(rip, 80, r.pick([0, 5, 10])));
    }
    if (r.chance(0.2)) dests.push(dest(`192.168.${i}.99`, 80, 1));
    cf.push('}');
    if (r.chance(0.85)) live.push(liveService('TCP', vip, 80, dests));
  }
  for (let k = r.int(0, 3); k > 0; k--) live.push(liveService('UDP', `10.9.${k}.1`, 53, [dest(`172.16.${k}.1`, 53, 1)]));
  return { cf: cf.join('\n') + '\n', live };
}

const NO_HISTORY = { cps: [], bps: [] };
const frameOf = (view: MonitorView, filter: string, selected: string | null, window?: { top: number; height: number }): DashboardFrame =>
  dashboardFrame(reportOf(view), NO_HISTORY, { filter, selected, demo: false, time: '00:00:00 UTC', window });

/** What the old build showed: the rows of each service of `view.services` the filter keeps. */
function oldRows(view: MonitorView, filter: string): { id: string; service: boolean; name: string }[] {
  const f = filter.toLowerCase();
  const out: { id: string; service: boolean; name: string }[] = [];
  for (const s of view.services) {
    const texts = [s.name ?? '', s.id, ...s.servers.map((x) => `${x.name ?? ''} ${x.address}`)];
    if (f && !texts.some((t) => t.toLowerCase().includes(f))) continue;
    out.push({ id: s.id, service: true, name: s.name ?? '(none)' });
    for (const x of s.servers) out.push({ id: s.id, service: false, name: ` ${x.name ?? (x.state === 'sorry' ? 'sorry' : '?')}` });
  }
  return out;
}

test('dashboard window: on random routers every window is the slice of the full build, which is the old build', () => {
  forAll(
    'dashboard window',
    baseSeed(),
    60,
    (r) => ({ router: randomRouter(r), filter: r.pick(['', '', 'web', 'alpha', '10.0.1', 'udp', 'zzz']), pick: r.next(), top: r.int(0, 40), height: r.int(1, 12) }),
    ({ router, filter, pick, top, height }) => {
      const view = viewOf(router);
      const full = frameOf(view, filter, null);
      const want = oldRows(view, filter);
      if (want.length === 0) assert.equal(full.rows[0].serviceId, '');
      else
        assert.deepEqual(
          full.rows.map((x) => ({ id: x.serviceId, service: x.isService, name: x.cells[0] })),
          want,
        );
      const ids = full.serviceIds ?? [];
      assert.deepEqual(ids, [...new Set(want.filter((x) => x.service).map((x) => x.id))]);
      const selected = ids.length ? ids[Math.floor(pick * ids.length)] : null;
      const w = frameOf(view, filter, selected, { top, height });
      if (want.length === 0) return;
      const at = w.rowsTop ?? 0;
      assert.equal(w.rowsTotal, want.length);
      assert.equal(w.rows.length, Math.min(height, want.length));
      assert.deepEqual(w.rows, full.rows.slice(at, at + w.rows.length));
      if (selected !== null) assert.ok(w.rows.some((x) => x.isService && x.serviceId === selected), 'the selected service is on screen');
      // the window moves no more than needed: it stays where it was when the selection shows there
      const selRow = selected === null ? 0 : full.rows.findIndex((x) => x.isService && x.serviceId === selected);
      const stay = Math.max(0, Math.min(top, want.length - height));
      if (selRow >= stay && selRow < stay + height) assert.equal(at, stay);
    },
    ({ router, filter, top, height }) => `${router.cf}\nfilter "${filter}" top ${top} height ${height}`,
  );
});

test('dashboard window: arrow selection and the filter work past the window edge of a 200-service table', () => {
  const view = viewOf({ cf: manyServices(200), live: [] });
  const height = 19;
  // walk down as the screen does: each frame's ids give the next selection, its top the next window
  let top = 0;
  let frame = frameOf(view, '', null, { top, height });
  assert.equal(frame.rows.length, height);
  assert.equal(frame.rowsTotal, 800);
  const ids = frame.serviceIds ?? [];
  assert.equal(ids.length, 200);
  for (let k = 0; k < 12; k++) {
    frame = frameOf(view, '', ids[k], { top, height });
    top = frame.rowsTop ?? 0;
    assert.ok(frame.rows.some((x) => x.isService && x.serviceId === ids[k]), `svc${k} on screen`);
  }
  // svc11 starts at row 44: the window scrolled just enough
  assert.equal(top, 44 + 1 - height);
  assert.equal(frame.seriesTitle, 'svc11');
  // up past the top edge, and wrapping to the last service
  frame = frameOf(view, '', ids[0], { top, height });
  assert.equal(frame.rowsTop, 0);
  frame = frameOf(view, '', ids[199], { top: 0, height });
  // the row of svc199 (796) at the bottom, as a list scrolls to its selection
  assert.equal(frame.rowsTop, 796 + 1 - height);
  assert.equal(frame.rows[frame.rows.length - 1].cells[0], 'svc199');
  // a filter keeps a selection that was far below the window, and reaches services past it
  frame = frameOf(view, 'svc15', ids[150], { top: 0, height });
  assert.deepEqual(frame.serviceIds, ['TCP 10.1.15.1:80', ...Array.from({ length: 10 }, (_, i) => `TCP 10.1.${150 + i}.1:80`)]);
  assert.equal(frame.rowsTotal, 44);
  assert.ok(frame.rows.some((x) => x.isService && x.cells[0] === 'svc150'));
  frame = frameOf(view, '172.16.199.3', ids[3], { top: 0, height });
  assert.deepEqual(
    frame.rows.map((x) => x.cells[0]),
    ['svc199', ' rs0', ' rs1', ' rs2'],
  );
  assert.equal(frame.seriesTitle, 'svc3', 'the sparklines follow the selection even when the filter hides it');
});
