// The TUI's CONTROL/MONITORING tab on a 2,000-service lvs.cf (gen-config.ts: 2,000 virtuals x 10
// real servers; no IPVS under the root, so every service is listed as missing): the real shell and
// tab on an in-memory 80x24 terminal. Prints the time of one refresh (the `status` snapshot, the
// frame, the rows drawn) and of a keystroke moving the selection (from writing `j` to the input to
// the end of the screen's redraw).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fakeTerminal } from '../test/helpers/fake-terminal';
import { lvsConfig } from './gen-config';
import { median } from './measure';
import { realDeps } from '../src/cli/main';
import { resolvePaths } from '../src/cli/paths';
import { parseArgs } from '../src/cli/args';
import { CommandLog } from '../src/app/command-log';
import { EditSession } from '../src/app/edit-session';
import { runTui } from '../screens/shell';
import { createControlMonitoringView } from '../screens/control-monitoring';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 2000);
const KEYS = 40;

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'lvs-tui-tabbench-'));
  const ha = join(root, 'etc', 'sysconfig', 'ha');
  mkdirSync(ha, { recursive: true });
  writeFileSync(join(ha, 'lvs.cf'), lvsConfig(SERVICES, 10));
  let lastWrite = 0;
  const { input, output } = fakeTerminal(80, 24, () => {
    lastWrite = performance.now();
  });
  const paths = resolvePaths(root, undefined);
  const ctx = { positionals: [], options: parseArgs([]).options, paths, deps: realDeps() };
  const session = new EditSession({ configPath: paths.config, configBytes: readFileSync(paths.config), sidecarPath: paths.sidecar, sidecarBytes: null });
  const tui = { ctx, demo: null, commandLog: new CommandLog() };
  const refreshes: number[] = [];
  let view: ReturnType<typeof createControlMonitoringView> | null = null;
  const handle = runTui({
    tui,
    session,
    readOnly: false,
    readOnlyReason: null,
    input,
    output,
    env: { LANG: 'C.UTF-8' },
    tabs: [{ key: '1', title: 'CONTROL/MONITORING', create: (t) => (view = createControlMonitoringView(t, { intervalSeconds: 60 })) }],
  });
  try {
    // refreshes: `r`, timed until the table's rows are redrawn (the status line's time changes)
    for (let i = 0; i < 4; i++) {
      const before = handle.text();
      const t0 = performance.now();
      (input as unknown as PassThrough).write('r');
      while (handle.text() === before && performance.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 5));
      refreshes.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 1100)); // the status line shows seconds
    }
    const keys: number[] = [];
    for (let i = 0; i < KEYS; i++) {
      const t0 = performance.now();
      lastWrite = 0;
      (input as unknown as PassThrough).write(i % 2 ? 'k' : 'j');
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      keys.push((lastWrite || performance.now()) - t0);
    }
    console.log(`CONTROL/MONITORING tab, ${SERVICES} services x 10 real servers (${SERVICES * 11} rows), 80x24, in-process:`);
    console.log(`  refresh (status snapshot + frame + rows drawn)  median ${median(refreshes).toFixed(0)} ms (of ${refreshes.length}: ${refreshes.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`  keystroke j/k to end of redraw                   median ${median(keys).toFixed(1)} ms, max ${Math.max(...keys).toFixed(1)} ms (target < 30 ms)`);
  } finally {
    void view;
    handle.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
