// From a status report (the same snapshot `lvs-tui status` prints) to the dashboard's frame: one
// row per service and per real server with its state in words, the role/pulse/IPVS line, the
// sparkline series, the LVS processes and the last log lines.

import { Health } from '../monitor/merge-health';
import { MergedServer, MergedService, MonitorView, ServerState, ServiceOutline, serviceCountOf, serviceOf, serviceOutlineOf } from '../monitor/merge';
import { LvsProcess } from '../monitor/processes';
import { Rates } from '../monitor/ipvs-types';
import { DashboardFrame, DashboardRow, Level } from './dashboard-frame';
import { compactNumber } from './sparkline';
import { StatusReport } from './status-report';

export interface SeriesHistory {
  readonly cps: readonly number[];
  readonly bps: readonly number[];
}

/** How many points a sparkline keeps (more than any terminal is wide). */
export const HISTORY_POINTS = 300;

export const DASHBOARD_COLUMNS = [
  { title: 'NAME', width: 10 },
  { title: 'SERVICE / REAL SERVER', width: 22 },
  { title: 'STATE', width: 9 },
  { title: 'WEIGHT', width: 7 },
  { title: 'ACT/INACT', width: 9 },
  { title: 'CONN/S', width: 7 },
  { title: 'BYTES/S', width: 7 },
] as const;

const HEALTH_LEVEL: Record<Health, Level> = { ok: 'ok', degraded: 'warn', down: 'bad', unknown: 'info' };

/** Ramping is nanny's slow start or load_monitor at work: shown, not an alarm. */
const SERVER_LEVEL: Record<ServerState, Level> = {
  up: 'ok',
  ramping: 'info',
  quiesced: 'warn',
  down: 'bad',
  inactive: 'info',
  sorry: 'warn',
  unconfigured: 'warn',
  missing: 'bad',
  unknown: 'info',
};

const rateCells = (r: Rates | null): [string, string] => (r ? [compactNumber(r.cps), compactNumber(r.inbps + r.outbps)] : ['-', '-']);

function serviceRow(s: MergedService): DashboardRow {
  const state = s.state === 'live' && s.health ? (s.health === 'ok' ? 'OK' : s.health.toUpperCase()) : s.state.toUpperCase();
  const level: Level = s.state === 'inactive' ? 'info' : s.state === 'unconfigured' ? 'warn' : s.state === 'missing' ? 'bad' : s.health ? HEALTH_LEVEL[s.health] : 'info';
  return {
    cells: [s.name ?? '(none)', s.id, state, '', `${s.activeconns}/${s.inactconns}`, ...rateCells(s.rate)],
    level,
    serviceId: s.id,
    isService: true,
  };
}

function serverRow(s: MergedServer, serviceId: string, serverIndex: number): DashboardRow {
  const where = s.port === null ? s.address : s.address.includes(':') ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`;
  const w = `${s.weight.live ?? '-'}/${s.weight.configured ?? '-'}`;
  const conns = s.activeconns === null ? '-' : `${s.activeconns}/${s.inactconns ?? 0}`;
  return {
    cells: [` ${s.name ?? (s.state === 'sorry' ? 'sorry' : '?')}`, where, s.state.toUpperCase(), w, conns, ...rateCells(s.rate)],
    level: SERVER_LEVEL[s.state],
    serviceId,
    isService: false,
    serverIndex,
  };
}

/** Strings only (the outline, not the service): a filter scans every service each refresh. */
function matches(s: ServiceOutline, f: string): boolean {
  if (!f) return true;
  if ((s.name ?? '').toLowerCase().includes(f) || s.id.toLowerCase().includes(f)) return true;
  return s.servers.some((x) => `${x.name ?? ''} ${x.address}`.toLowerCase().includes(f));
}

/** Index of the service with this id, scanning ids only; -1 when none. */
function indexOfService(v: MonitorView, id: string | null): number {
  if (id === null) return -1;
  const n = serviceCountOf(v);
  for (let i = 0; i < n; i++) if (serviceOutlineOf(v, i).id === id) return i;
  return -1;
}

function duration(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}

/** pulse, lvsd and sync daemons one a line; nannies counted, with the real servers they watch. */
export function processLines(list: readonly LvsProcess[]): string[] {
  const lines: string[] = [];
  const line = (p: LvsProcess) => `${p.role} ${p.pid} up ${duration(p.uptimeSeconds)}`.trim();
  // pulse and lvsd first, then the nannies: what an admin looks for when a box is small
  for (const p of list.filter((x) => x.role === 'pulse' || x.role === 'lvsd')) lines.push(line(p));
  const nannies = list.filter((x) => x.role === 'nanny');
  if (nannies.length) {
    const watched = nannies.map((n) => (n.nanny ? `${n.nanny.rip ?? '?'}:${n.nanny.rport ?? n.nanny.port ?? '?'}` : '?'));
    lines.push(`nanny x${nannies.length}: ${watched.join(' ')}`);
  }
  for (const p of list.filter((x) => x.role !== 'pulse' && x.role !== 'lvsd' && x.role !== 'nanny')) lines.push(line(p));
  return lines.length ? lines : ['no pulse, lvsd or nanny running'];
}

/** The series after one more report: connections/s and bytes/s of the selected service or all. */
export function nextHistory(h: SeriesHistory, report: StatusReport, selected: string | null): SeriesHistory {
  const i = indexOfService(report.view, selected);
  const svc = i >= 0 ? serviceOf(report.view, i) : undefined;
  const r = svc ? svc.rate : report.view.totalRate;
  if (!r) return h;
  return { cps: [...h.cps, r.cps].slice(-HISTORY_POINTS), bps: [...h.bps, r.inbps + r.outbps].slice(-HISTORY_POINTS) };
}

/**
 * Which rows to build: `height` rows of the (filtered) table from `top`, moved the least that
 * shows the selected service's row when there is one (as a scrolling list keeps its selection in
 * view). Absent: every row.
 */
export interface RowWindow {
  readonly top: number;
  readonly height: number;
}

export function dashboardFrame(
  report: StatusReport,
  history: SeriesHistory,
  opts: { filter: string; selected: string | null; demo: boolean; time: string; window?: RowWindow },
): DashboardFrame {
  const v = report.view;
  const f = opts.filter.toLowerCase();
  const n = serviceCountOf(v);
  // the scan: strings only (ids, names, addresses) and row counts, never a whole service
  const matched: number[] = [];
  const firstRow: number[] = [];
  const ids: string[] = [];
  let totalRows = 0;
  let selectedAt = -1;
  for (let i = 0; i < n; i++) {
    const o = serviceOutlineOf(v, i);
    if (!matches(o, f)) continue;
    if (o.id === opts.selected) selectedAt = matched.length;
    matched.push(i);
    firstRow.push(totalRows);
    ids.push(o.id);
    totalRows += 1 + o.servers.length;
  }
  let top = 0;
  let height = totalRows;
  if (opts.window) {
    height = Math.max(1, opts.window.height);
    top = opts.window.top;
    // moved the least that shows the selected service's row, when one is selected
    if (selectedAt >= 0) top = Math.min(Math.max(top, firstRow[selectedAt] - height + 1), firstRow[selectedAt]);
    top = Math.max(0, Math.min(top, totalRows - height));
  }
  const rows: DashboardRow[] = [];
  // first service whose rows reach the window: binary search over the row offsets
  let lo = 0;
  let hi = matched.length - 1;
  let start = matched.length;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (firstRow[mid] + (mid + 1 < firstRow.length ? firstRow[mid + 1] - firstRow[mid] : totalRows - firstRow[mid]) > top) {
      start = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  for (let k = start; k < matched.length && firstRow[k] < top + height; k++) {
    const s = serviceOf(v, matched[k]);
    const own = [serviceRow(s), ...s.servers.map((x, k) => serverRow(x, s.id, k))];
    for (let r = 0; r < own.length; r++) {
      const at = firstRow[k] + r;
      if (at >= top && at < top + height) rows.push({ ...own[r], serviceIndex: matched[k] });
    }
  }
  const ipvs = v.ipvs.available ? `IPVS ${v.ipvs.version ?? ''}`.trim() : (v.ipvs.unavailable?.message ?? 'IPVS not available');
  const pulse = report.pulse.installed ? (report.pulse.running ? 'pulse running' : 'pulse stopped') : 'pulse not installed';
  const role = `${report.router.role.toUpperCase()}${report.router.which !== 'unknown' ? ` (${report.router.which})` : ''}`;
  const selIndex = selectedAt >= 0 ? matched[selectedAt] : indexOfService(v, opts.selected);
  const selected = selIndex >= 0 ? serviceOutlineOf(v, selIndex) : undefined;
  return {
    header: `lvs-tui dashboard${opts.demo ? '  DEMO (simulated router)' : ''}  ${opts.time}`,
    status: `${role}  ${pulse}  ${ipvs}  ${report.verdict.summary}`,
    statusLevel: HEALTH_LEVEL[report.verdict.health],
    columns: DASHBOARD_COLUMNS,
    rows: rows.length ? rows : [{ cells: [opts.filter ? `nothing matches "${opts.filter}"` : 'no virtual servers'], level: 'info', serviceId: '', isService: false }],
    rowsTop: rows.length ? top : 0,
    rowsTotal: rows.length ? totalRows : 1,
    serviceIds: ids,
    seriesTitle: selected ? `${selected.name ?? selected.id}` : 'all services',
    cps: history.cps,
    bps: history.bps,
    processes: processLines(report.processes.list),
    logs: report.log.lines.map((l) => `${l.time} ${l.program}${l.pid !== null ? `[${l.pid}]` : ''}: ${l.text}`),
  };
}
