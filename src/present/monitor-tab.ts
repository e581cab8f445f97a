// The CONTROL/MONITORING tab as text (pure): the two status lines (pulse, role, IPVS, the last
// update and the auto-update interval; then the verdict, the temporary live changes or a problem)
// and the routing table's rows from the dashboard's frame, a real server changed live by lvs-tui
// marked TEMP in its STATE column. Health is in words, so it reads without colour.

import type { DashboardFrame, Level } from './dashboard-frame';
import type { StatusReport } from './status-report';

export interface MonitorFacts {
  readonly report: StatusReport | null;
  readonly frame: DashboardFrame | null;
  readonly lastUpdate: Date | null;
  readonly problem: string | null;
  readonly auto: boolean;
  readonly interval: number;
  temporaryCount(): number;
  /** "virtual/server" and what was done, oldest first */
  temporaryList(): ReadonlyArray<readonly [string, string]>;
  temporaryMark(virtual: string, server: string): string | null;
  serverAt(row: number): { virtual: string; server: string } | null;
}

export interface TabLine {
  readonly text: string;
  readonly level: Level;
}

function pad(text: string, width: number): string {
  return text.length > width ? text.slice(0, Math.max(0, width - 1)) + '~' : text + ' '.repeat(width - text.length);
}

export function monitorStatusLines(m: MonitorFacts, opts: { demo: boolean; weightPrompt: string | null; diskWarning?: string | null }): TabLine[] {
  const r = m.report;
  const updated = m.lastUpdate ? `updated ${m.lastUpdate.toISOString().slice(11, 19)}` : 'reading the router...';
  const auto = m.auto ? `auto ${m.interval}s` : 'auto OFF';
  let first: TabLine;
  if (!r) first = { text: `${opts.demo ? 'DEMO  ' : ''}${updated}  ${auto}`, level: 'info' };
  else {
    const pulse = !r.pulse.installed ? 'pulse not installed' : r.pulse.running === true ? 'pulse RUNNING' : r.pulse.running === false ? 'pulse STOPPED' : 'pulse unknown';
    const role = `${r.router.role.toUpperCase()}${r.router.which !== 'unknown' ? ` ${r.router.which}` : ''}`;
    const ipvs = r.view.ipvs.available ? `IPVS ${r.view.ipvs.version ?? ''}`.trim() : 'IPVS not available';
    const level: Level = r.pulse.running === true ? 'ok' : r.pulse.installed ? 'bad' : 'warn';
    first = { text: `${opts.demo ? 'DEMO  ' : ''}${pulse}  ${role}  ${ipvs}  ${updated}  ${auto}`, level };
  }
  let second: TabLine;
  if (opts.weightPrompt) second = { text: opts.weightPrompt, level: 'warn' };
  else if (opts.diskWarning) second = { text: opts.diskWarning, level: 'warn' };
  else if (m.problem) second = { text: `cannot read the router: ${m.problem}`, level: 'bad' };
  else if (m.temporaryCount() > 0) {
    const list = m.temporaryList();
    const named = list.slice(0, 2).map(([k, what]) => `${k} ${what}`).join(', ') + (list.length > 2 ? ` +${list.length - 2}` : '');
    second = { text: `TEMP: ${named}; nanny or a pulse restart undoes ${list.length === 1 ? 'it' : 'them'}; lvs.cf unchanged`, level: 'warn' };
  }
  else if (r) second = { text: r.verdict.summary, level: r.verdict.health === 'ok' ? 'ok' : r.verdict.health === 'unknown' ? 'info' : r.verdict.health === 'degraded' ? 'warn' : 'bad' };
  else second = { text: '', level: 'info' };
  return [first, second];
}

export function monitorTableLines(m: MonitorFacts): { head: string; rows: TabLine[] } {
  const f = m.frame;
  if (!f) return { head: '', rows: [{ text: 'reading the router...', level: 'info' }] };
  const head = f.columns.map((c) => pad(c.title, c.width)).join(' ');
  const rows = f.rows.map((r, i) => {
    const s = m.serverAt((f.rowsTop ?? 0) + i);
    const mark = s ? m.temporaryMark(s.virtual, s.server) : null;
    // a live change of lvs-tui's own shows in the STATE column until it is undone
    const cells = mark ? r.cells.map((c, k) => (k === 2 ? 'TEMP' : c)) : r.cells;
    const text = cells.map((cell, k) => pad(cell, f.columns[k]?.width ?? cell.length)).join(' ');
    return { text, level: mark ? ('warn' as const) : r.level };
  });
  return { head, rows };
}

/**
 * The routing table's title: which lvs.cf the live table is compared with. Pulse runs the file on
 * disk, so that one; staged edits are not in it until applied, and a file changed on disk under
 * the session is the one compared (pulse reads it on its next reload).
 */
export function routingTableLabel(facts: { pending: number; diskChanged: boolean }, width: number): string {
  const disk = facts.diskChanged ? 'lvs.cf on disk, changed since read' : 'lvs.cf on disk';
  const tail = facts.pending > 0 ? `; ${facts.pending} staged edit${facts.pending === 1 ? '' : 's'} not in it` : '';
  const full = `routing table (live vs ${disk}${tail})`;
  if (full.length <= width) return full;
  const short = `routing table (live vs ${facts.diskChanged ? 'lvs.cf on disk, changed' : 'lvs.cf on disk'}${facts.pending > 0 ? `; ${facts.pending} staged not in it` : ''})`;
  return short.length <= width ? short : short.slice(0, Math.max(0, width));
}
