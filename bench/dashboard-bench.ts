// `lvs-tui dashboard` on a quiet router: CPU per refresh (as a share of one core at the default 2 s
// interval) and the bytes written to the terminal per refresh when nothing changed. Runs the real
// ticker (the same snapshot `status` reads) against the demo router with its clock stopped, and
// the real screen on an in-memory 80x24 terminal.

import { fakeTerminal } from '../test/helpers/fake-terminal';
import { startDemo } from '../src/demo';
import { realDeps } from '../src/cli/main';
import { resolvePaths } from '../src/cli/paths';
import { parseArgs } from '../src/cli/args';
import { dashboardTicker } from '../src/cli/commands/dashboard';
import { runDashboard } from '../screens/dashboard';

const REFRESHES = 30;

async function main(): Promise<void> {
  const demo = await startDemo({ tickMs: 0 }); // a quiet router: nothing moves between refreshes
  let bytes = 0;
  const { input, output } = fakeTerminal(80, 24, (chunk) => {
    bytes += chunk.length;
  });
  try {
    const ctx = { positionals: [], options: parseArgs(['dashboard']).options, paths: resolvePaths(demo.root, undefined), deps: realDeps() };
    const handle = runDashboard({ ticker: dashboardTicker(ctx, true), intervalSeconds: 3600, input, output, env: { LANG: 'C.UTF-8' } });
    await handle.refresh();
    await handle.refresh();
    const perRefreshBytes: number[] = [];
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    for (let i = 0; i < REFRESHES; i++) {
      bytes = 0;
      await handle.refresh();
      perRefreshBytes.push(bytes);
    }
    const cpu = process.cpuUsage(cpuStart);
    const wall = performance.now() - wallStart;
    handle.stop();
    const cpuMs = (cpu.user + cpu.system) / 1000 / REFRESHES;
    perRefreshBytes.sort((a, b) => a - b);
    console.log('dashboard on the demo router (clock stopped), 80x24, in-process:');
    console.log(`  CPU per refresh      ${cpuMs.toFixed(1)} ms  (= ${((cpuMs / 2000) * 100).toFixed(2)}% of one core at the 2 s interval; target < 2%)`);
    console.log(`  wall per refresh     ${(wall / REFRESHES).toFixed(1)} ms (reading the demo's files, its ipvsadm as a child process, the log)`);
    console.log(`  bytes per refresh    median ${perRefreshBytes[perRefreshBytes.length >> 1]}, max ${perRefreshBytes[perRefreshBytes.length - 1]} (the clock in the header changes each second)`);
  } finally {
    demo.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
