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
import { buildModel } from '../src/config/model';
import { parse } from '../src/config/parse';
import { mergeLive } from '../src/monitor/merge';
import { scanProcIpvs } from '../src/monitor/scan-proc-columns';
import { sampleFromColumns } from '../src/monitor/sample';
import { RowWindow, dashboardFrame } from '../src/present/dashboard-present';
import { StatusReport } from '../src/present/status-report';
import { lvsConfig, rip, vip } from './gen-config';
import { median } from './measure';

const BIG_SERVICES = Number(process.env.BENCH_SERVICES ?? 10000) || 10000;
const BIG_SERVERS = 10;
const BIG_REFRESHES = 7;

/** /proc/net/ip_vs for gen-config's router: every service and real server live. */
function procIpvs(): string {
  const hex = (q: string) => q.split('.').map((x) => Number(x).toString(16).toUpperCase().padStart(2, '0')).join('');
  const out = ['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port Forward Weight ActiveConn InActConn'];
  for (let i = 0; i < BIG_SERVICES; i++) {
    out.push(`TCP  ${hex(vip(i))}:0050 wlc  `);
    for (let j = 0; j < BIG_SERVERS; j++) out.push(`  -> ${hex(rip(i, j))}:0050      Masq    1      ${j}          3         `);
  }
  return out.join('\n') + '\n';
}

/**
 * One dashboard refresh on gen-config's 10,000 x 10 router, in process on an 80x24 terminal: the
 * merge of a new sample, the frame and the screen. `windowed`: the frame is built for the rows the
 * screen asks for; not: every row (what each refresh did before), drawn by setItems.
 */
async function bigRouter(windowed: boolean, selectAt: number, typed = ''): Promise<{ ms: number[]; rows: number; bytes: number }> {
  const config = buildModel(parse(Buffer.from(lvsConfig(BIG_SERVICES, BIG_SERVERS))));
  const sample = sampleFromColumns({ at: 0, unavailable: null, version: '1.2.1', connTabSize: 4096, total: null, totalRate: null, source: 'proc', notes: [] }, scanProcIpvs(procIpvs()).columns);
  mergeLive(config, sample); // the merge's per-config preparation, kept by the ticker's ConfigCache
  let bytes = 0;
  const { input, output } = fakeTerminal(80, 24, (chunk) => (bytes += chunk.length));
  let rows = 0;
  const ticker = {
    async next(filter: string, selected: string | null, window?: RowWindow) {
      const view = mergeLive(config, sample);
      const report = { view, verdict: { health: view.health, summary: view.summary }, router: { role: 'active', which: 'primary' }, pulse: { installed: true, running: true }, processes: { problem: null, list: [] }, log: { source: null, note: null, lines: [] } } as unknown as StatusReport;
      const frame = dashboardFrame(report, { cps: [], bps: [] }, { filter: filter || typed, selected, demo: false, time: 'bench', window: windowed ? window : undefined });
      rows = frame.rows.length;
      return frame;
    },
  };
  const handle = runDashboard({ ticker, intervalSeconds: 3600, input, output, env: { LANG: 'C.UTF-8' } });
  await handle.refresh();
  // a selection far down the table (arrow keys until then would take too long: `select` is internal)
  for (let k = 0; k < selectAt; k++) input.emit('keypress', 'j', { name: 'j', full: 'j', sequence: 'j' } as never);
  await handle.refresh();
  const ms: number[] = [];
  let written = 0;
  // the fake terminal takes writes a turn of the event loop later: let the last draw's arrive
  const settle = () => new Promise((r) => setTimeout(r, 20));
  for (let i = 0; i < BIG_REFRESHES; i++) {
    await settle();
    bytes = 0;
    const t0 = performance.now();
    await handle.refresh();
    ms.push(performance.now() - t0);
    await settle();
    written = bytes;
  }
  handle.stop();
  return { ms, rows, bytes: written };
}

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
  console.log(`dashboard refresh on gen-config's ${BIG_SERVICES} x ${BIG_SERVERS} router (${BIG_SERVICES * (BIG_SERVERS + 1)} rows), 80x24, in-process, median of ${BIG_REFRESHES} (merge + frame + screen):`);
  const modes = [
    ['every row built and set (before)', false, ''],
    ['the window on screen (after)', true, ''],
    ['the window, filter "svc99" (after)', true, 'svc99'],
  ] as const;
  for (const [what, windowed, typed] of modes) {
    const r = await bigRouter(windowed, 3, typed);
    console.log(`  ${what.padEnd(34)} ${median(r.ms).toFixed(1)} ms (min ${Math.min(...r.ms).toFixed(1)}), ${r.rows} rows built, ${r.bytes} bytes on the last refresh`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
