// The demo router: a temporary root holding a DEMO-labelled lvs.cf and sidecar, /proc files the
// simulator rewrites every tick in the kernel's formats, process entries for pulse, lvsd and the
// nannies, a syslog file, and ROOT/sbin/ipvsadm answering from the same state. lvs-tui's real
// readers read it through --root: the demo runs the code path of a live router.

import { join } from 'node:path';
import type { ScratchFiles } from '../system/scratch-files';
import { nodeScratchFiles } from '../system/scratch-files';
import type { DemoState } from './demo-state';
import { DEMO_MARKER } from './demo-config';
import { initialState } from './initial-state';
import { makeRng } from './prng';
import { simulate, warmUp } from './simulate';
import { ipvsadmPathOf, statePath, stateLockPath, writeStateFiles, writeStaticFiles } from './demo-files';

export { simulate, warmUp, dailyLoad, scriptedHealthy, countConns, OUTAGES, CYCLE } from './simulate';
export { initialState } from './initial-state';
export { renderProcIpVs, renderProcIpVsStats, renderProcIpVsStatsPercpu, renderProcIpVsConn, renderProcUptime, renderProcStat, renderProcCmdline, renderSyslog } from './render-proc';
export { renderIpvsadm, runIpvsadm } from './render-ipvsadm';
export { makeRng } from './prng';
export type { Rng } from './prng';
export type { DemoState, DemoService, DemoDest, DemoConn, DemoProcess } from './demo-state';
export { DEMO_HOSTNAME, DEMO_MARKER, DEMO_LVS_CF } from './demo-config';

export interface DemoOptions {
  /** PRNG seed: the same seed replays the same traffic (default 2024) */
  readonly seed?: number;
  /** real milliseconds between ticks (default 1000); 0 = no timer, call tick() yourself */
  readonly tickMs?: number;
  /** demo seconds per real second (default 1); 10 shows a failure and its slow start in ~20 s */
  readonly speed?: number;
  /** the syslog clock's start (default now) */
  readonly epochMs?: number;
  readonly files?: ScratchFiles;
}

export interface DemoRouter {
  /** the temporary root: pass it as --root */
  readonly root: string;
  /** the demo's ipvsadm program (ROOT/sbin/ipvsadm) */
  readonly ipvsadmPath: string;
  /** one simulation step of tickMs x speed demo seconds, written to the root */
  tick(): void;
  /** the current state (read from the root, so it includes ipvsadm -e edits) */
  state(): DemoState;
  /** stops the timer and removes the root; safe to call twice */
  stop(): void;
}

/** Seconds the simulation runs before the demo starts, so the tables look lived-in. */
const WARM_UP_SECONDS = 150;

/** True when `root` was made by startDemo: screens label everything DEMO. */
export function isDemoRoot(root: string, files: ScratchFiles = nodeScratchFiles): boolean {
  return files.exists(join(root, DEMO_MARKER));
}

function launcher(script: string, root: string): string {
  // an absolute interpreter when its path allows it (a shebang cannot carry spaces), else PATH's node
  const node = /^[^\s]+$/.test(process.execPath) ? process.execPath : '/usr/bin/env node';
  return `#!${node}\n// lvs-tui demo router: a simulated ipvsadm answering from this root's state, not the kernel's.\n'use strict';\nprocess.exitCode = require(${JSON.stringify(script)}).main(${JSON.stringify(root)}, process.argv.slice(2));\n`;
}

export async function startDemo(opts: DemoOptions = {}): Promise<DemoRouter> {
  const files = opts.files ?? nodeScratchFiles;
  const tickMs = opts.tickMs ?? 1000;
  // tickMs 0 (no timer: the caller ticks) still steps one second per tick
  const dt = ((tickMs > 0 ? tickMs : 1000) / 1000) * (opts.speed ?? 1);
  const seed = opts.seed ?? 2024;
  const root = files.makeTempRoot('lvs-tui-demo-');
  const knownPids = new Set<number>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const cleanup = () => {
    stopped = true;
    if (timer) clearInterval(timer);
    timer = null;
    files.remove(root);
  };
  try {
    writeStaticFiles(files, root);
    const rng = makeRng(seed);
    const first = warmUp(initialState({ epochMs: opts.epochMs ?? Date.now(), seed }), WARM_UP_SECONDS, rng);
    files.writeAtomic(statePath(root), JSON.stringify(first));
    writeStateFiles(files, root, first, knownPids);
    files.writeAtomic(ipvsadmPathOf(root), launcher(require.resolve('./fake-ipvsadm'), root), 0o755);
  } catch (err) {
    cleanup();
    throw err;
  }
  const readState = () => JSON.parse(files.readText(statePath(root))) as DemoState;
  const tick = () => {
    if (stopped) return;
    // under the lock: an `ipvsadm -e` edit lands before or after a step, never lost in between
    const next = files.withLock(stateLockPath(root), () => {
      const cur = readState();
      const s = simulate(cur, dt, makeRng(cur.rngState));
      files.writeAtomic(statePath(root), JSON.stringify(s));
      return s;
    });
    writeStateFiles(files, root, next, knownPids);
  };
  if (tickMs > 0) {
    timer = setInterval(() => {
      try {
        tick();
      } catch {
        // the root vanished or the disk is full: a demo that stops moving, never a crash
      }
    }, tickMs);
    timer.unref();
  }
  return { root, ipvsadmPath: ipvsadmPathOf(root), tick, state: readState, stop: () => {
      if (!stopped) cleanup();
    },
  };
}
