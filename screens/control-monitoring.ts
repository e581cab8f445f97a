// Tab 1, CONTROL/MONITORING (Piranha's first page, live): pulse's state and start/stop/restart/
// reload (asked, the command's output shown and logged), auto-update on/off and its interval, the
// routing table merged with lvs.cf (the dashboard's rows), the LVS processes, the recent log lines
// and the last update time; drain / restore / weight of the selected real server, marked temporary.
// The state and the actions live in src/app/monitor-session.ts; this draws it and binds the keys.
//
//   status             2 lines (3 with a backup router: its drift and role, src/app/peer-watch.ts)
//   routing table      the rest
//   processes | log    6 lines

import type { Widgets } from 'blessed';
import { MonitorSession, PulseControl, SelectedServer, ServerActionKind, TEMPORARY_NOTE, tuiMonitor } from '../src/app/monitor-session';
import { monitorStatusLines, monitorTableLines, routingTableLabel } from '../src/present/monitor-tab';
import type { Binding, KeyEvent, TuiContext, View, ViewHost } from './view';
import { keyName } from './widgets/keys';
import { escapeTags, fit } from './widgets/text';
import { createMessageView } from './text-pane';
import { needsRawEdit, openRawEditor } from './raw-editor';
import { watchDisk } from '../src/app/disk-watch';
import { readIfPresent } from '../src/cli/read-if-present';
import { PeerWatch } from '../src/app/peer-watch';
import { peerLine } from '../src/present/peer-present';

/** How often lvs.cf and lvs-tui.yaml are compared with what the session read (two small reads). */
const DISK_CHECK_MS = 5000;

export const CONTROL_BINDINGS: readonly Binding[] = [
  { keys: ['up', 'down', 'j', 'k'], help: 'select a row of the routing table' },
  { keys: ['p'], hint: 'pulse', help: 'pulse start/stop/restart/reload (shows it, asks)' },
  { keys: ['d'], hint: 'drain', help: 'drain the selected real server: weight 0 (TEMP, asks)' },
  { keys: ['R'], help: 'restore its lvs.cf weight (asks)' },
  { keys: ['w'], help: 'set its live weight (TEMP, asks)' },
  { keys: ['u', '+', '-'], hint: 'auto-update', help: 'auto-update on/off; + - its interval (1-60 s)' },
  { keys: ['r'], help: 'refresh now' },
  { keys: ['b'], help: 'check the backup router now (in sync? which router holds the VIPs?)' },
  { keys: ['E'], help: 'edit lvs.cf as text in $EDITOR (checked before saving)' },
];

const PULSE_CHOICES = [
  { key: 's', label: 'start' },
  { key: 't', label: 'stop' },
  { key: 'r', label: 'restart' },
  { key: 'l', label: 'reload' },
] as const;

export function createControlMonitoringView(tui: TuiContext, opts: { intervalSeconds?: number; diskCheckMs?: number } = {}): View {
  // made at mount (it merges with the session's files); shared with the VIRTUAL SERVERS table
  let monitor: MonitorSession;
  let host: ViewHost;
  let status: Widgets.BoxElement;
  let table: Widgets.BoxElement;
  /**
   * the rows on screen, escaped and coloured: the monitor builds only the window of the table that
   * is shown (a 10,000-service table is not made whole every tick), from `top`
   */
  let tableRows: string[] = [];
  let tableHead = '';
  let top = 0;
  /** how many rows the whole table has, and the frame tableRows were made from */
  let tableTotal = 0;
  let rowsFrom: unknown = null;
  let processes: Widgets.BoxElement;
  let logs: Widgets.BoxElement;
  let row = 0;
  let weightEntry: { target: SelectedServer; text: string } | null = null;
  let busy = false;
  let shownOnce = false;
  let unsubscribe: () => void = () => undefined;
  let stopWatch: () => void = () => undefined;
  let diskWarning: string | null = null;
  const peer = tui.peer ? new PeerWatch(tui.peer) : null;

  const inner = (box: Widgets.BoxElement) => Math.max(10, (typeof box.width === 'number' ? box.width : 80) - 2);

  /** The rows of the monitor's window, as drawn (remade only when the monitor's frame is another). */
  const windowRows = () => {
    const f = monitor.frame;
    if (f === rowsFrom) return;
    rowsFrom = f;
    const colour = host.colour;
    const t = monitorTableLines(monitor);
    const w = inner(table);
    tableHead = `{bold}${escapeTags(fit(t.head, w))}{/bold}`;
    tableTotal = f?.rowsTotal ?? t.rows.length;
    tableRows = t.rows.map((r) => {
      const text = escapeTags(fit(r.text, w));
      if (!colour || r.level === 'info' || r.level === 'ok') return text;
      const c = r.level === 'warn' ? 'yellow' : 'red';
      return `{${c}-fg}${text}{/${c}-fg}`;
    });
  };

  /** Draws the rows that fit, the selected one inverted, scrolled to keep it in view. */
  const paintTable = () => {
    const height = Math.max(1, (typeof table.height === 'number' ? table.height : 10) - 3);
    windowRows();
    row = Math.min(Math.max(0, tableTotal - 1), Math.max(0, row));
    if (row < top) top = row;
    if (row >= top + height) top = row - height + 1;
    top = Math.max(0, Math.min(top, Math.max(0, tableTotal - height)));
    // the window the monitor builds follows the selection (a new frame when it moves past an edge)
    monitor.setWindow({ top, height });
    windowRows();
    const first = monitor.frame?.rowsTop ?? 0;
    const shown = tableRows.slice(top - first, top - first + height).map((l, i) => (top + i === row ? `{inverse}${l}{/inverse}` : l));
    table.setContent([tableHead, ...shown].join('\n'));
  };

  /** Moves the selection only: rows are rebuilt only when it leaves the window on screen. */
  const moveTo = (next: number) => {
    row = next;
    paintTable();
  };

  const draw = () => {
    if (!status) return;
    const colour = host.colour;
    const lines = monitorStatusLines(monitor, { demo: tui.demo !== null, diskWarning, weightPrompt: weightEntry ? `live weight for ${weightEntry.target.virtual}/${weightEntry.target.server} (0-65535, Enter sets, Esc cancels): ${weightEntry.text}_` : null });
    const width = Math.max(10, typeof status.width === 'number' ? status.width : 80);
    const p = peer ? peerLine(peer.state.last, { ...peer.state, now: Date.now() }, width - 1, host.unicode) : null;
    if (p) lines.push(p);
    // the peer's line takes a row from the table, only when there is a peer
    if (status.height !== lines.length) {
      status.height = lines.length;
      table.top = lines.length;
      table.height = `100%-${lines.length + 6}` as never;
    }
    status.setContent(
      lines
        .map((l) => {
          const text = escapeTags(fit(l.text, width - 1).trimEnd());
          return colour && l.level !== 'info' ? `{${l.level === 'ok' ? 'green' : l.level === 'warn' ? 'yellow' : 'red'}-fg}${text}{/}` : text;
        })
        .join('\n'),
    );
    table.setLabel(` ${routingTableLabel({ pending: host.session.pendingCount(), diskChanged: monitor.mergedWithChangedDisk }, inner(table) - 2)} `);
    // the temporary marks and the width may have changed with the same frame
    rowsFrom = null;
    paintTable();
    const f = monitor.frame;
    processes.setContent((f?.processes ?? ['reading...']).map((l) => escapeTags(fit(l, inner(processes)))).join('\n'));
    logs.setContent((f?.logs ?? []).slice(-4).map((l) => escapeTags(fit(l, inner(logs)))).join('\n'));
    host.render();
  };

  const showOutput = (title: string, ok: boolean, output: string) => {
    host.pushOverlay(createMessageView(title, [ok ? 'done.' : 'FAILED.', '', ...(output ? output.split('\n') : ['(no output)']), '', 'The command is in the command log (: or @). Any key closes this.']));
  };

  /** --read-only promises no change at all: not to the files, not to the router. */
  const routerLocked = (): boolean => {
    if (!tui.ctx?.options.readOnly) return false;
    host.flash('opened with --read-only: pulse and live weights are not changed', 'warn');
    return true;
  };

  const pulseAction = async () => {
    if (routerLocked()) return;
    const pick = await host.choose('pulse:', PULSE_CHOICES);
    const choice = PULSE_CHOICES.find((c) => c.key === pick);
    if (!choice) return;
    const action = choice.label as PulseControl;
    const prep = await monitor.preparePulse(action);
    if (!prep.ok) return host.flash(prep.reason, 'error');
    if (!(await host.confirm(`${prep.text}\n\n${action[0].toUpperCase()}${action.slice(1)} pulse now?`))) return;
    busy = true;
    host.flash(`${action} pulse: running...`, 'info');
    try {
      const r = await monitor.runPulse(action);
      showOutput(`pulse ${action}`, r.ok, r.output);
    } finally {
      busy = false;
    }
  };

  const serverAction = async (kind: ServerActionKind, target: SelectedServer, weight?: number) => {
    if (routerLocked()) return;
    const prep = await monitor.prepareServerAction(kind, target, weight);
    if (!prep.ok) return host.flash(prep.reason, 'error');
    if (!(await host.confirm(`${prep.text}\n\nChange the live table now?`))) return;
    busy = true;
    try {
      const r = await monitor.runServerAction(kind, target, weight);
      if (r.ok) host.flash(`${target.virtual}/${target.server}: ${r.output.split('\n').pop() ?? 'done'}`, 'info');
      else showOutput(`${kind} ${target.virtual}/${target.server}`, false, r.output);
    } finally {
      busy = false;
    }
    draw();
  };

  const selectedServer = (): SelectedServer | null => {
    const s = monitor.serverAt(row);
    if (!s) host.flash('select a real server of lvs.cf (a row under a virtual server)', 'warn');
    return s;
  };

  const weightKey = (name: string, ch: string | undefined): boolean => {
    const w = weightEntry!;
    if (name === 'escape') weightEntry = null;
    else if (name === 'enter') {
      weightEntry = null;
      if (/^\d+$/.test(w.text)) void serverAction('weight', w.target, Number(w.text));
      else host.flash('a weight is a whole number from 0 to 65535', 'error');
    } else if (name === 'backspace') w.text = w.text.slice(0, -1);
    else if (name === 'C-u') w.text = '';
    else if (ch !== undefined && /^\d$/.test(ch) && w.text.length < 5) w.text += ch;
    draw();
    return true;
  };

  const view: View = {
    title: 'CONTROL/MONITORING',
    bindings: CONTROL_BINDINGS,
    get editing() {
      return weightEntry !== null;
    },
    mount(h: ViewHost, area: Widgets.BoxElement) {
      host = h;
      monitor = tuiMonitor(tui, h.session, { intervalSeconds: opts.intervalSeconds });
      const blessed = require('blessed') as typeof import('blessed');
      const border = { type: h.unicode ? 'line' : 'bg', ch: '#' } as never;
      status = blessed.box({ parent: area, top: 0, left: 0, width: '100%', height: 2, tags: true });
      table = blessed.box({ parent: area, top: 2, left: 0, width: '100%', height: '100%-8', border, label: ' routing table (live, merged with lvs.cf) ', tags: true, wrap: false } as never);
      processes = blessed.box({ parent: area, bottom: 0, left: 0, width: '40%', height: 6, border, label: ' processes ', tags: true });
      logs = blessed.box({ parent: area, bottom: 0, left: '40%', width: '60%', height: 6, border, label: ' log ', tags: true });
      const unsubMonitor = monitor.subscribe(() => draw());
      // the label says whether the staged edits are in the merge (they are not: pulse runs the disk's)
      const unsubSession = h.session.subscribe(() => draw());
      const unsubPeer = peer?.subscribe(() => draw());
      // widths are measured when drawing: a resize redraws at once, not at the next tick
      const onResize = () => draw();
      h.screen.on('resize', onResize);
      unsubscribe = () => {
        unsubMonitor();
        unsubSession();
        unsubPeer?.();
        h.screen.removeListener('resize', onResize);
      };
      draw();
      peer?.start();
      // another admin (or vi) changing the files under this session: said at once, not at apply time
      const s = h.session;
      const deps = tui.ctx?.deps;
      if (!deps) return;
      const w = watchDisk({
        read: () => ({ config: readIfPresent(deps, s.configPath), sidecar: readIfPresent(deps, s.sidecarPath) }),
        current: () => ({ config: s.originalConfigBytes, sidecar: s.originalSidecarBytes }),
        intervalMs: opts.diskCheckMs ?? DISK_CHECK_MS,
        onChange: (c) => {
          diskWarning = c ? `${c.summary}: A to reload` : null;
          if (c) h.flash(diskWarning!, 'warn');
          // the live table follows the file pulse runs: read here only because its content changed
          monitor.noteDisk(c && c.now.config ? { config: c.now.config, sidecar: c.now.sidecar } : null);
          void monitor.refresh();
          draw();
        },
      });
      stopWatch = w.stop;
    },
    show() {
      monitor.showTo(view);
      if (!shownOnce) {
        shownOnce = true;
        // a file too broken for the forms: its diagnostics and the raw edit come first
        if (needsRawEdit(host.session)) setImmediate(() => void openRawEditor(host));
      }
    },
    hide() {
      monitor.hideFrom(view);
    },
    handleKey(ch: string | undefined, key: KeyEvent): boolean {
      const name = keyName(ch, key);
      if (name === null) return false;
      if (weightEntry) return weightKey(name, ch);
      if (busy) return false;
      switch (name) {
        case 'down':
        case 'j':
          moveTo(row + 1);
          return true;
        case 'up':
        case 'k':
          moveTo(row - 1);
          return true;
        case 'pagedown':
          moveTo(row + 10);
          return true;
        case 'pageup':
          moveTo(row - 10);
          return true;
        case 'u':
          monitor.toggleAuto();
          host.flash(monitor.auto ? `auto-update on, every ${monitor.interval} s` : 'auto-update off (r refreshes)', 'info');
          return true;
        case '+':
        case '=':
          monitor.changeInterval(+1);
          return true;
        case '-':
        case '_':
          monitor.changeInterval(-1);
          return true;
        case 'r':
          void monitor.refresh();
          return true;
        case 'b':
          if (!peer) host.flash('no backup router to check here', 'warn');
          else if (peer.state.last?.drift.state === 'not-configured') host.flash(`no backup router to check: ${peer.state.last.drift.reason}`, 'warn');
          else void peer.checkNow();
          return true;
        case 'p':
          void pulseAction();
          return true;
        case 'd': {
          const s = selectedServer();
          if (s) void serverAction('drain', s);
          return true;
        }
        case 'R': {
          const s = selectedServer();
          if (s) void serverAction('restore', s);
          return true;
        }
        case 'w': {
          const s = selectedServer();
          if (s) {
            weightEntry = { target: s, text: s.liveWeight !== null ? String(s.liveWeight) : '' };
            draw();
          }
          return true;
        }
        case 'E':
          void openRawEditor(host);
          return true;
      }
      return false;
    },
    destroy() {
      monitor?.release(view);
      peer?.stop();
      stopWatch();
      unsubscribe();
    },
  };
  return view;
}

export { TEMPORARY_NOTE };
