// `lvs-tui dashboard`: a full-screen live view an admin can leave running on a router or a wall
// screen. It draws DashboardFrame values (src/present/dashboard-frame.ts) that a ticker produces;
// no parsing, no I/O here. Fits 80x24 and relayouts on resize.
//
//   header / status           2 lines (3 with a backup router: its drift and role)
//   routing table             the rest of the top
//   sparklines | processes    5 lines
//   log                       4 lines
//   key hints                 1 line

import type { Widgets } from 'blessed';
import { DashboardFrame, Level } from '../src/present/dashboard-frame';
import type { RowWindow } from '../src/present/dashboard-present';
import { openTerminal, Terminal } from './widgets/terminal';
import { compactNumber, sparkline } from '../src/present/sparkline';
import { PeerSource, PeerWatch } from '../src/app/peer-watch';
import { peerLine } from '../src/present/peer-present';

export interface DashboardTicker {
  /**
   * Produces the next frame (samples the router). Never rejects: problems are in the frame.
   * `window`: the table rows that fit on screen; only those need building (10,000 services).
   */
  next(filter: string, selected: string | null, window?: RowWindow): Promise<DashboardFrame>;
}

export interface DashboardOptions {
  readonly ticker: DashboardTicker;
  /** seconds between refreshes (the kernel's estimator updates every 2 s) */
  readonly intervalSeconds: number;
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  readonly env?: NodeJS.ProcessEnv;
  /** the other router, checked in the background (every 30 s, `b` now); absent: no peer line */
  readonly peer?: PeerSource | null;
  /** ms between peer checks (tests) */
  readonly peerIntervalMs?: number;
}

export interface DashboardHandle {
  readonly terminal: Terminal;
  /** resolves when the admin quits */
  readonly done: Promise<void>;
  /** one refresh now (tests) */
  refresh(): Promise<void>;
  stop(): void;
}

export const BINDINGS: ReadonlyArray<readonly [string, string]> = [
  ['q', 'quit'],
  ['p', 'pause'],
  ['+/-', 'interval'],
  ['/', 'filter'],
  ['↑/↓', 'select'],
];

const MIN_INTERVAL = 1;
const MAX_INTERVAL = 60;

function colourOf(level: Level, colour: boolean): string {
  if (!colour) return '';
  return level === 'ok' ? 'green' : level === 'warn' ? 'yellow' : level === 'bad' ? 'red' : 'white';
}

function pad(text: string, width: number): string {
  return text.length > width ? text.slice(0, Math.max(0, width - 1)) + '~' : text + ' '.repeat(width - text.length);
}

/** Escapes blessed's tag braces in text that comes from the router (names, log lines). */
function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

export function runDashboard(opts: DashboardOptions): DashboardHandle {
  const env = opts.env ?? process.env;
  const colour = env.NO_COLOR === undefined;
  const terminal = openTerminal({ title: 'lvs-tui dashboard', input: opts.input, output: opts.output, env });
  const { screen } = terminal;
  const blessed = require('blessed') as typeof import('blessed');
  const contrib = require('blessed-contrib') as typeof import('blessed-contrib');
  const line = terminal.unicode ? 'line' : 'bg';

  const header = blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: 2, tags: true });
  const table = blessed.list({
    parent: screen,
    top: 2,
    left: 0,
    width: '100%',
    height: '100%-12',
    border: { type: line as 'line' | 'bg', ch: '-' },
    label: ' routing table ',
    tags: true,
    keys: false,
    style: { selected: { inverse: true }, border: colour ? { fg: 'cyan' } : {} },
  });
  const sparks = contrib.sparkline({
    parent: screen,
    top: '100%-10',
    left: 0,
    width: '50%',
    height: 5,
    label: ' rates ',
    tags: true,
    border: { type: line, ch: '-' },
    style: { fg: colour ? 'cyan' : 'white', titleFg: 'white' },
  } as never) as unknown as Widgets.BoxElement;
  const processes = blessed.box({
    parent: screen,
    top: '100%-10',
    left: '50%',
    width: '50%',
    height: 5,
    label: ' processes ',
    tags: true,
    border: { type: line as 'line' | 'bg', ch: '-' },
  });
  const logs = blessed.box({ parent: screen, top: '100%-5', left: 0, width: '100%', height: 4, label: ' log ', tags: true, border: { type: line as 'line' | 'bg', ch: '-' } });
  const footer = blessed.box({ parent: screen, bottom: 0, left: 0, width: '100%', height: 1, tags: true });

  let interval = Math.min(MAX_INTERVAL, Math.max(MIN_INTERVAL, opts.intervalSeconds));
  let paused = false;
  let filter = '';
  let selected: string | null = null;
  let serviceIds: readonly string[] = [];
  let shownItems: readonly string[] = [];
  /** the table row at the top of the list: the next window starts there or as near as shows the selection */
  let top = 0;
  // the list's own rows: inside the border, less the column titles
  const windowNow = (): RowWindow => ({ top, height: Math.max(1, (typeof table.height === 'number' ? table.height : 12) - 3) });
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let lastFrame: DashboardFrame | null = null;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));

  const hints = () => {
    const state = paused ? 'PAUSED' : `every ${interval}s`;
    const f = filter ? `  filter: ${escapeTags(filter)}` : '';
    const line = (keys: typeof BINDINGS) => ` ${keys.map(([k, w]) => `{bold}${k}{/bold} ${w}`).join('  ')}  | ${state}${f}`;
    // `b` only when there is a peer, and only when it fits
    const withPeer = peer ? line([...BINDINGS, ['b', 'backup']]) : null;
    return withPeer && withPeer.replace(/\{\/?bold\}/g, '').length <= (typeof footer.width === 'number' ? footer.width : 80) ? withPeer : line(BINDINGS);
  };

  const peer = opts.peer ? new PeerWatch(opts.peer, { intervalMs: opts.peerIntervalMs }) : null;
  /** the header's lines: the frame's two, and the peer's when there is one (the table gives up a row) */
  const headerLines = (frame: DashboardFrame | null): string[] => {
    const lines = frame ? [`{bold}${escapeTags(frame.header)}{/bold}`, `${wrapColour(frame.statusLevel, escapeTags(frame.status))}`] : ['{bold}lvs-tui dashboard{/bold}', 'reading the router...'];
    const width = Math.max(10, (typeof header.width === 'number' ? header.width : 80) - 1);
    const p = peer ? peerLine(peer.state.last, { ...peer.state, now: Date.now() }, width, terminal.unicode) : null;
    if (p) lines.push(wrapColour(p.level, escapeTags(p.text)));
    if (header.height !== lines.length) {
      header.height = lines.length;
      table.top = lines.length;
      table.height = `100%-${lines.length + 10}` as never;
    }
    return lines;
  };
  const wrapColour = (level: Level, text: string) => {
    const c = colourOf(level, colour);
    return c ? `{${c}-fg}${text}{/${c}-fg}` : text;
  };

  const inner = (box: Widgets.BoxElement) => Math.max(10, (typeof box.width === 'number' ? box.width : 80) - 2);
  const draw = (frame: DashboardFrame) => {
    lastFrame = frame;
    header.setContent(headerLines(frame).join('\n'));
    const head = frame.columns.map((col) => pad(col.title, col.width)).join(' ');
    const items = frame.rows.map((r) => {
      const text = escapeTags(r.cells.map((cell, i) => pad(cell, frame.columns[i]?.width ?? cell.length)).join(' '));
      const rc = colourOf(r.level, colour);
      return rc && r.level !== 'info' ? `{${rc}-fg}${text}{/${rc}-fg}` : text;
    });
    const all = [`{bold}${escapeTags(head)}{/bold}`, ...items];
    // the same window again (a quiet router): leave the list alone, nothing to redraw
    if (all.length !== shownItems.length || all.some((x, i) => x !== shownItems[i])) table.setItems(all as never);
    shownItems = all;
    top = frame.rowsTop ?? 0;
    const total = frame.rowsTotal ?? frame.rows.length;
    // a window of a bigger table: say where it is
    table.setLabel(total > frame.rows.length ? ` routing table ${top + 1}-${top + frame.rows.length} of ${total} ` : ' routing table ');
    serviceIds = frame.serviceIds ?? [...new Set(frame.rows.filter((r) => r.isService).map((r) => r.serviceId))];
    const selRow = selected === null ? -1 : frame.rows.findIndex((r) => r.isService && r.serviceId === selected);
    const want = selRow < 0 ? 0 : selRow + 1;
    if ((table as unknown as { selected: number }).selected !== want) table.select(want);
    sparks.setLabel(` ${frame.seriesTitle} `);
    // contrib's own setData stacks title, bars and a blank line per series and keeps the oldest
    // values: one line per series, newest values, fits the 80x24 layout.
    const bars = Math.max(4, inner(sparks) - 16);
    const last = (xs: readonly number[]) => compactNumber(xs.length ? xs[xs.length - 1] : 0);
    sparks.setContent(
      [`conn/s  ${pad(last(frame.cps), 6)} ${sparkline(frame.cps, bars, terminal.unicode)}`, `bytes/s ${pad(last(frame.bps), 6)} ${sparkline(frame.bps, bars, terminal.unicode)}`].join('\n'),
    );
    processes.setContent(frame.processes.map((l) => escapeTags(pad(l, inner(processes)))).join('\n'));
    logs.setContent(frame.logs.slice(-2).map((l) => escapeTags(pad(l, inner(logs)))).join('\n'));
    footer.setContent(hints());
    screen.render();
  };

  let inflight: Promise<void> | null = null;
  /** One refresh; while one runs, its promise (ticks never overlap). */
  const refresh = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (inflight) return inflight;
    inflight = (async () => {
      try {
        const frame = await opts.ticker.next(filter, selected, windowNow());
        if (!stopped) draw(frame);
      } finally {
        inflight = null;
      }
    })();
    return inflight;
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    if (stopped || paused) return;
    timer = setTimeout(() => {
      void refresh().then(schedule, schedule);
    }, interval * 1000);
  };

  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    peer?.stop();
    terminal.close();
    finish();
  };

  screen.key(['q', 'C-c'], () => stop());
  screen.key(['p'], () => {
    paused = !paused;
    footer.setContent(hints());
    screen.render();
    schedule();
  });
  screen.key(['+', '='], () => {
    interval = Math.min(MAX_INTERVAL, interval + 1);
    footer.setContent(hints());
    screen.render();
    schedule();
  });
  screen.key(['-', '_'], () => {
    interval = Math.max(MIN_INTERVAL, interval - 1);
    footer.setContent(hints());
    screen.render();
    schedule();
  });
  const move = (step: number) => {
    if (!serviceIds.length) return;
    const i = selected === null ? -1 : serviceIds.indexOf(selected);
    selected = serviceIds[(i + step + serviceIds.length) % serviceIds.length];
    if (lastFrame) draw(lastFrame);
    void refresh();
  };
  screen.key(['b'], () => void peer?.checkNow());
  screen.key(['down', 'j'], () => move(1));
  screen.key(['up', 'k'], () => move(-1));
  screen.key(['/'], () => {
    const prompt = blessed.textbox({ parent: screen, bottom: 0, left: 0, width: '100%', height: 1, inputOnFocus: true, value: filter });
    prompt.focus();
    prompt.readInput((err: unknown, value?: string) => {
      prompt.destroy();
      if (!err && value !== undefined) filter = value.trim();
      footer.setContent(hints());
      screen.render();
      void refresh();
    });
    screen.render();
  });
  screen.on('resize', () => {
    if (lastFrame) draw(lastFrame);
  });

  footer.setContent(hints());
  header.setContent(headerLines(null).join('\n'));
  screen.render();
  peer?.subscribe(() => {
    if (stopped) return;
    header.setContent(headerLines(lastFrame).join('\n'));
    screen.render();
  });
  peer?.start();
  void refresh().then(schedule, schedule);
  return { terminal, done, refresh, stop };
}

export type { Widgets };
