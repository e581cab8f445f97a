// The state behind the TUI's CONTROL/MONITORING tab (screens/control-monitoring.ts draws it): the
// live snapshot of `lvs-tui status` refreshed on a timer that never overlaps itself, auto-update
// on/off and its interval, the row selected in the merged routing table, and the router actions:
// pulse start/stop/restart/reload and a real server's drain/restore/weight, run through the very
// code of `lvs-tui pulse` and `lvs-tui server` (shown first as a dry run, then run with the lock and
// the audit log), every command through the session's command log. Live weight changes are
// remembered here and marked temporary on screen: nanny and the next pulse restart override them.

import { emptyConfigCache, readStatusReport } from '../cli/commands/status';
import { runPulse } from '../cli/commands/pulse';
import { runServerAction } from '../cli/commands/server-action';
import { CommandContext } from '../cli/commands/context';
import { Deps } from '../cli/deps';
import { DashboardFrame } from '../present/dashboard-frame';
import { SeriesHistory, dashboardFrame, nextHistory } from '../present/dashboard-present';
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

/** Each row's real server: the k-th server row of a service is its k-th server (the frame lists them all, in order). */
function rowServers(f: DashboardFrame, r: StatusReport): (SelectedServer | null)[] {
  const seen = new Map<string, number>();
  const byId = new Map(r.view.services.map((s) => [s.id, s]));
  return f.rows.map((row) => {
    if (row.isService || row.serviceId === '') return null;
    const k = seen.get(row.serviceId) ?? 0;
    seen.set(row.serviceId, k + 1);
    const svc = byId.get(row.serviceId);
    const srv = svc?.servers[k];
    if (!svc || !srv || svc.name === null || srv.name === null) return null;
    return { virtual: svc.name, server: srv.name, address: srv.address, port: srv.port, liveWeight: srv.weight.live, configuredWeight: srv.weight.configured };
  });
}

export class MonitorSession {
  private previous: IpvsSample | null = null;
  /** lvs.cf's model, parsed again only when the file's bytes change */
  private readonly configCache = emptyConfigCache();
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
  frame: DashboardFrame | null = null;
  lastUpdate: Date | null = null;
  /** why the last refresh failed, null when it did not */
  problem: string | null = null;
  auto = true;
  interval: number;

  constructor(
    private readonly tui: TuiEnv,
    opts: { intervalSeconds?: number; now?: () => Date } = {},
  ) {
    this.interval = Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, opts.intervalSeconds ?? DEFAULT_INTERVAL_S));
    this.now = opts.now ?? (() => new Date());
  }

  private readonly now: () => Date;

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
        const { report, sample } = await readStatusReport(ctx, { interval: null, previous: this.previous, configCache: this.configCache });
        if (this.stopped) return;
        this.previous = sample;
        this.history = nextHistory(this.history, report, null);
        this.report = report;
        this.lastUpdate = this.now();
        this.frame = dashboardFrame(report, this.history, { filter: '', selected: null, demo: this.tui.demo !== null, time: `${this.lastUpdate.toISOString().slice(11, 19)} UTC` });
        this.rows = rowServers(this.frame, report);
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

  /** The real server a row of the frame is, or null (a service row, an unconfigured entry). */
  serverAt(row: number): SelectedServer | null {
    return this.rows[row] ?? null;
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
