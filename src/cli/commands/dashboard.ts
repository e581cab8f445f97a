// `lvs-tui dashboard [--demo] [--interval S]`: the full-screen live view (screens/dashboard.ts),
// refreshed from the same snapshot `status` prints. `--demo` (also for `status`) runs it on a
// simulated router in a temporary root, labelled DEMO everywhere.

import { DashboardFrame } from '../../present/dashboard-frame';
import { RowWindow, SeriesHistory, dashboardFrame, nextHistory } from '../../present/dashboard-present';
import { IpvsSample } from '../../monitor/ipvs-types';
import { EXIT, ExitCode, UsageError } from '../errors';
import { CommandContext } from './context';
import { emptyConfigCache, parseInterval, readStatusReport } from './status';

/** The kernel's rate estimator updates every 2 s: refreshing faster shows nothing new. */
const DEFAULT_INTERVAL_S = 2;

import { withOptionalDemo } from './demo-option';
import { peerSourceFor } from '../peer-source';

export { withOptionalDemo };

/** Each refresh: a new snapshot, rates against the previous one, the series kept per selection. */
export function dashboardTicker(ctx: CommandContext, demo: boolean): { next(filter: string, selected: string | null, window?: RowWindow): Promise<DashboardFrame> } {
  let previous: IpvsSample | null = null;
  let history: SeriesHistory = { cps: [], bps: [] };
  let lastSelected: string | null = null;
  const configCache = emptyConfigCache();
  return {
    async next(filter, selected, window) {
      const { report, sample } = await readStatusReport(ctx, { interval: null, previous, configCache });
      previous = sample;
      if (selected !== lastSelected) history = { cps: [], bps: [] };
      lastSelected = selected;
      history = nextHistory(history, report, selected);
      const time = new Date().toISOString().slice(11, 19);
      return dashboardFrame(report, history, { filter, selected, demo, time: `${time} UTC`, window });
    },
  };
}

export async function runDashboard(ctx: CommandContext): Promise<ExitCode> {
  if (ctx.positionals.length) throw new UsageError('dashboard takes no arguments', 'dashboard');
  const interval = parseInterval(ctx.options.interval) ?? DEFAULT_INTERVAL_S;
  const out = process.stdout;
  if (!out.isTTY || !process.stdin.isTTY) throw new UsageError('the dashboard needs a terminal; for scripts use `lvs-tui status --json`', 'dashboard');
  return withOptionalDemo(ctx, async (c, demo) => {
    const ticker = dashboardTicker(c, demo !== null);
    // The screens are loaded only now: non-interactive commands never load blessed.
    const { runDashboard: open } = require('../../../screens/dashboard') as typeof import('../../../screens/dashboard');
    const handle = open({ ticker, intervalSeconds: interval, peer: peerSourceFor(c, demo !== null) });
    await handle.done;
    return EXIT.ok;
  });
}
