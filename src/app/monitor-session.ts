// The state behind the TUI's CONTROL/MONITORING tab (screens/control-monitoring.ts draws it): the
// live snapshot of `lvs-tui status` refreshed on a timer that never overlaps itself, auto-update
// on/off and its interval, the row selected in the merged routing table, and the router actions:
// pulse start/stop/restart/reload and a real server's drain/restore/weight, run through the very
// code of `lvs-tui pulse` and `lvs-tui server` (shown first as a dry run, then run with the lock and
// the audit log), every command through the session's command log. Live weight changes are
// remembered here and marked temporary on screen: nanny and the next pulse restart override them.
//
// One per TUI (sharedMonitor): tab 1 and the VIRTUAL SERVERS table's LIVE column read the same
// ticks, which run while either is on screen. The merge compares the table with the lvs.cf on
// disk (what pulse runs), given by `files` and parsed only when its bytes change: never the staged
// edits, and never a reread of the file per tick.

import { readStatusReport } from '../cli/commands/status';
import { parse } from '../config/parse';
import { buildModel, LvsConfig } from '../config/model';
import { MergedService, serviceCountOf, serviceOf } from '../monitor/merge';
import { runPulse } from '../cli/commands/pulse';
import { runServerAction } from '../cli/commands/server-action';
import { CommandContext } from '../cli/commands/context';
import { Deps } from '../cli/deps';
import { DashboardFrame } from '../present/dashboard-frame';
import { RowWindow, SeriesHistory, dashboardFrame, nextHistory } from '../present/dashboard-present';
import { StatusReport } from '../present/status-report';
import { IpvsSample } from '../monitor/ipvs-types';
import { TEMPORARY_NOTE } from '../monitor/live-actions';
import { demoKernelOf, sessionRunner, TuiEnv } from './session-env';
import { CommandSource } from './command-log';

export const DEFAULT_INTERVAL_S = 2;
export const MIN_INTERVAL_S = 1;
export const MAX_INTERVAL_S = 60;

export type PulseControl = 'start' | 'stop' | 'restart' | 'reload';
export type ServerActionKind = 'drain' | 'restore' | 'weight';

/** A real server of lvs.cf as the table shows it. */
export interface SelectedServer {
  readonly virtual: string;
  readonly server: string;
  readonly address: string;
  readonly port: number | null;
  readonly liveWeight: number | null;
  readonly configuredWeight: number | null;
}

/** An action checked and described, not yet run: the text to show before asking. */
export type Prepared = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

export interface ActionResult {
  readonly ok: boolean;
  /** what the commands printed and what lvs-tui said, for the screen */
  readonly output: string;
}

function capture(): { text(): string; write(c: string | Uint8Array): void } {
  const out: string[] = [];
  return { text: () => out.join(''), write: (c) => out.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')) };
}

/** Each built row's real server (null for service rows): its service by index, its server by serverIndex. */
function rowServers(f: DashboardFrame, r: StatusReport): (SelectedServer | null)[] {
  const services = new Map<number, MergedService>();
  return f.rows.map((row) => {
    if (row.isService || row.serviceIndex === undefined || row.serverIndex === undefined) return null;
    let svc = services.get(row.serviceIndex);
    if (!svc) services.set(row.serviceIndex, (svc = serviceOf(r.view, row.serviceIndex)));
    const srv = svc.servers[row.serverIndex];
    if (!srv || svc.name === null || srv.name === null) return null;
    return { virtual: svc.name, server: srv.name, address: srv.address, port: srv.port, liveWeight: srv.weight.live, configuredWeight: srv.weight.configured };
  });
}

/** lvs.cf and lvs-tui.yaml as on disk (what pulse runs), as the caller last read them. */
export interface MonitorFiles {
  readonly config: Buffer;
  readonly sidecar: Buffer | null;
  /** `config` parsed already (the session's own model when nothing is staged): not parsed twice */
  readonly model?: () => LvsConfig;
}

/** What the session read from disk (EditSession has these): the files pulse runs unless they changed since. */
export interface ReadFiles {
  readonly originalConfigBytes: Buffer;
  readonly originalSidecarBytes: Buffer | null;
  /** the staged bytes and their model (EditSession): the same object as the original when nothing is staged */
  configBytes?(): Buffer;
  config?(): LvsConfig;
}

const shared = new WeakMap<object, MonitorSession>();

/** The TUI's monitor, merging with the files on disk: the session's, or newer ones noteDisk() was told of. */
export function tuiMonitor(tui: TuiEnv, session: ReadFiles, opts: { intervalSeconds?: number } = {}): MonitorSession {
  return sharedMonitor(tui, () => {
    const m: MonitorSession = new MonitorSession(tui, { ...opts, files: () => m.filesOnDisk(session) });
    return m;
  });
}

/** The TUI's one monitor (made by `make` on first use): keyed by the session's command log. */
export function sharedMonitor(tui: TuiEnv, make: () => MonitorSession): MonitorSession {
  let m = shared.get(tui.commandLog);
  if (!m || m.isStopped) {
    m = make();
    shared.set(tui.commandLog, m);
  }
  return m;
}

export class MonitorSession {
  private previous: IpvsSample | null = null;
  private parsed: { bytes: Buffer; config: LvsConfig; names: Map<string, number> } | null = null;
  private readonly viewers = new Set<object>();
  private readonly users = new Set<object>();
  private started = false;
  private frameOf: StatusReport | null = null;
  private frameMade: DashboardFrame | null = null;
  /** the rows of the routing table the frame builds: a 10,000-service table is not built whole each tick */
  private window: RowWindow = { top: 0, height: 50 };
  /** per report: the services made so far, by index (a redraw does not remake them) */
  private madeFor: StatusReport | null = null;
  private readonly made = new Map<number, MergedService>();
  private history: SeriesHistory = { cps: [], bps: [] };
  private inflight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private suspended = false;
  private rows: (SelectedServer | null)[] = [];
  private readonly listeners = new Set<() => void>();
  /** "virtual/server" → what was done live (drained, weight 5) */
  private readonly temporary = new Map<string, string>();

  report: StatusReport | null = null;
  lastUpdate: Date | null = null;
  /** why the last refresh failed, null when it did not */
  problem: string | null = null;
  auto = true;
  interval: number;

  constructor(
    private readonly tui: TuiEnv,
    opts: { intervalSeconds?: number; now?: () => Date; files?: () => MonitorFiles | null } = {},
  ) {
    this.interval = Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, opts.intervalSeconds ?? DEFAULT_INTERVAL_S));
    this.now = opts.now ?? (() => new Date());
    this.files = opts.files ?? null;
  }

  private readonly now: () => Date;
  private readonly files: (() => MonitorFiles | null) | null;

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Which rows of the table the frame builds (tab 1 asks for those on screen); rebuilt on the next read. */
  setWindow(w: RowWindow): void {
    if (w.top === this.window.top && w.height === this.window.height) return;
    this.window = w;
    this.frameOf = null;
  }

  /** The dashboard's frame of the last report, the window's rows only (made when first asked: the LIVE column does not need it). */
  get frame(): DashboardFrame | null {
    const r = this.report;
    if (!r || !this.lastUpdate) return null;
    if (this.frameOf !== r) {
      this.frameMade = dashboardFrame(r, this.history, { filter: '', selected: null, demo: this.tui.demo !== null, time: `${this.lastUpdate.toISOString().slice(11, 19)} UTC`, window: this.window });
      this.rows = rowServers(this.frameMade, r);
      this.frameOf = r;
    }
    return this.frameMade;
  }

  /** lvs.cf as pulse runs it, parsed once per content; null when the caller gave no files. */
  private knownFiles(): { config: LvsConfig; sidecarBytes: Buffer | null } | null {
    const f = this.files?.() ?? null;
    if (!f) return null;
    if (!this.parsed || (this.parsed.bytes !== f.config && !this.parsed.bytes.equals(f.config))) {
      const config = f.model ? f.model() : buildModel(parse(f.config));
      const names = new Map<string, number>();
      let i = 0;
      for (const v of config.virtuals) {
        if (v.kind !== 'virtual') continue;
        if (!names.has(v.name)) names.set(v.name, i);
        i++;
      }
      this.parsed = { bytes: f.config, config, names };
    }
    return { config: this.parsed.config, sidecarBytes: f.sidecar };
  }

  /**
   * The merged service of the virtual named `name` in the lvs.cf the last tick merged with;
   * undefined before the first tick (or without files), null when that lvs.cf has no such virtual.
   */
  serviceNamed(name: string): MergedService | null | undefined {
    const r = this.report;
    const names = this.reportNames;
    if (!r || !names) return undefined;
    const i = names.get(name);
    if (i === undefined || i >= serviceCountOf(r.view)) return null;
    if (this.madeFor !== r) {
      this.made.clear();
      this.madeFor = r;
    }
    let s = this.made.get(i);
    if (!s) {
      s = serviceOf(r.view, i);
      this.made.set(i, s);
    }
    return s;
  }

  /** the virtuals' indexes in the lvs.cf the last report was merged with */
  private reportNames: Map<string, number> | null = null;

  private disk: MonitorFiles | null = null;
  /** the last tick merged with files changed on disk since the session read them */
  mergedWithChangedDisk = false;

  /** The disk watcher saw other bytes on disk (null: the files are as the session read them). */
  noteDisk(files: MonitorFiles | null): void {
    this.disk = files;
  }

  /** The files pulse runs: the session's, unless the disk holds other ones (another admin, vi). */
  filesOnDisk(session: ReadFiles): MonitorFiles {
    const d = this.disk;
    const same = (a: Buffer | null, b: Buffer | null) => a === b || (a !== null && b !== null && a.equals(b));
    const changed = d !== null && d.config.length > 0 && !(same(d.config, session.originalConfigBytes) && same(d.sidecar, session.originalSidecarBytes));
    this.mergedWithChangedDisk = changed;
    if (changed) return d!;
    const unstaged = session.configBytes?.() === session.originalConfigBytes && session.config;
    return { config: session.originalConfigBytes, sidecar: session.originalSidecarBytes, ...(unstaged ? { model: () => session.config!() } : {}) };
  }

  /** `owner` (a view) is on screen: ticks run while any owner is. */
  showTo(owner: object): void {
    this.users.add(owner);
    this.viewers.add(owner);
    if (!this.started) {
      this.started = true;
      this.suspended = false;
      this.start();
    } else this.resume();
  }

  /** `owner` is hidden: the ticks pause when no owner is on screen. */
  hideFrom(owner: object): void {
    this.viewers.delete(owner);
    if (this.viewers.size === 0) this.suspend();
  }

  /** `owner` is gone (destroyed): the monitor stops for good when no owner is left. */
  release(owner: object): void {
    this.viewers.delete(owner);
    this.users.delete(owner);
    if (this.users.size === 0) this.stop();
    else if (this.viewers.size === 0) this.suspend();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** The command context whose runner logs into the session's command log under `source`. */
  private async contextFor(source: CommandSource, stdout = capture(), stderr = capture(), options: Partial<CommandContext['options']> = {}): Promise<CommandContext> {
    const kernel = await demoKernelOf(this.tui);
    const deps: Deps = { ...this.tui.ctx.deps, runner: sessionRunner(this.tui, source, kernel), stdout, stderr, ask: async () => null };
    return { ...this.tui.ctx, deps, positionals: [], options: { ...this.tui.ctx.options, ...options } };
  }

  /** One refresh now; while one runs, that one (ticks never overlap). Never rejects. */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.inflight) return this.inflight;
    this.inflight = (async () => {
      try {
        const ctx = await this.contextFor('monitor');
        const files = this.knownFiles();
        const parsed = this.parsed;
        const { report, sample } = await readStatusReport(ctx, { interval: null, previous: this.previous, ...(files ? { files } : {}) });
        if (this.stopped) return;
        this.previous = sample;
        this.history = nextHistory(this.history, report, null);
        this.report = report;
        this.reportNames = files && parsed ? parsed.names : null;
        this.lastUpdate = this.now();
        this.rows = [];
        this.problem = null;
      } catch (err) {
        this.problem = err instanceof Error ? err.message : String(err);
      } finally {
        this.inflight = null;
      }
      if (!this.stopped) this.notify();
    })();
    return this.inflight;
  }

  /** Starts the timer (a refresh now, then one every interval while auto-update is on). */
  start(): void {
    if (this.stopped) return;
    void this.refresh().then(() => this.schedule());
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.suspended || !this.auto) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh().then(() => this.schedule());
    }, this.interval * 1000);
    this.timer.unref?.();
  }

  /** The tab is hidden: no ticks until resume() (auto-update stays as it was). */
  suspend(): void {
    this.suspended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The tab is shown again: a refresh now, then ticks as before. */
  resume(): void {
    if (!this.suspended) return;
    this.suspended = false;
    this.start();
  }

  /** Ends the timer for good (the tab is destroyed, the TUI quits). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  toggleAuto(): void {
    this.auto = !this.auto;
    this.schedule();
    this.notify();
  }

  changeInterval(delta: number): void {
    this.interval = Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, this.interval + delta));
    this.schedule();
    this.notify();
  }

  /** The real server row `row` of the table is (when in the window), or null (a service row, an unconfigured entry). */
  serverAt(row: number): SelectedServer | null {
    const f = this.frame;
    if (!f) return null;
    return this.rows[row - (f.rowsTop ?? 0)] ?? null;
  }

  /** "drained (temporary)" when lvs-tui changed this server's live weight in this session. */
  temporaryMark(virtual: string, server: string): string | null {
    return this.temporary.get(`${virtual}/${server}`) ?? null;
  }

  temporaryList(): Array<[string, string]> {
    return [...this.temporary.entries()];
  }

  temporaryCount(): number {
    return this.temporary.size;
  }

  private serverArgs(kind: ServerActionKind, weight?: number): string[] {
    return kind === 'weight' ? ['weight', String(weight ?? '')] : [kind];
  }

  /** The dry run of `lvs-tui server KIND`: what it will do and run, or why it cannot. */
  async prepareServerAction(kind: ServerActionKind, target: SelectedServer, weight?: number): Promise<Prepared> {
    const out = capture();
    const ctx = await this.contextFor('server', out, out, { virtual: target.virtual, server: target.server, dryRun: true });
    try {
      await runServerAction({ ...ctx, positionals: this.serverArgs(kind, weight) });
      return { ok: true, text: out.text().trimEnd() };
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Runs it (lock, audit log, command log); the change is then marked temporary on screen. */
  async runServerAction(kind: ServerActionKind, target: SelectedServer, weight?: number): Promise<ActionResult> {
    const out = capture();
    const ctx = await this.contextFor('server', out, out, { virtual: target.virtual, server: target.server, yes: true, dryRun: false });
    let ok = false;
    try {
      ok = (await runServerAction({ ...ctx, positionals: this.serverArgs(kind, weight) })) === 0;
    } catch (err) {
      out.write(`${err instanceof Error ? err.message : String(err)}\n`);
    }
    if (ok) {
      const key = `${target.virtual}/${target.server}`;
      if (kind === 'restore') this.temporary.delete(key);
      else this.temporary.set(key, kind === 'drain' ? 'drained' : `weight ${weight}`);
      void this.refresh();
    }
    return { ok, output: out.text().trimEnd() };
  }

  /** The dry run of `lvs-tui pulse ACTION`: its effect on the router and the exact command. */
  async preparePulse(action: PulseControl): Promise<Prepared> {
    const out = capture();
    const ctx = await this.contextFor('pulse', out, out, { dryRun: true });
    try {
      await runPulse({ ...ctx, positionals: [action] });
      return { ok: true, text: out.text().trimEnd() };
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  async runPulse(action: PulseControl): Promise<ActionResult> {
    const out = capture();
    const ctx = await this.contextFor('pulse', out, out, { yes: true, dryRun: false });
    let ok = false;
    try {
      ok = (await runPulse({ ...ctx, positionals: [action] })) === 0;
    } catch (err) {
      out.write(`${err instanceof Error ? err.message : String(err)}\n`);
    }
    // a restart or stop resets what nanny does with the weights
    if (ok && (action === 'restart' || action === 'stop' || action === 'start')) this.temporary.clear();
    void this.refresh();
    return { ok, output: out.text().trimEnd() };
  }
}

export { TEMPORARY_NOTE };
