#!/usr/bin/env node
// The demo router's ipvsadm: a real program (run through the Runner like /sbin/ipvsadm) that answers
// from the demo state file instead of the kernel. startDemo writes ROOT/sbin/ipvsadm, a two-line
// launcher calling main(ROOT, argv); `node fake-ipvsadm.js --demo-root DIR ARGS...` works too.
// Edits (-e) take the state lock, so the simulator's tick and an edit never overwrite each other.

import type { ScratchFiles } from '../system/scratch-files';
import { nodeScratchFiles } from '../system/scratch-files';
import type { DemoState } from './demo-state';
import { statePath, stateLockPath } from './demo-files';
import { runIpvsadm } from './render-ipvsadm';

export interface Output {
  write(text: string): void;
}

function readState(files: ScratchFiles, root: string): DemoState | null {
  try {
    return JSON.parse(files.readText(statePath(root))) as DemoState;
  } catch {
    return null;
  }
}

/** Runs one command line against the demo at `root`; returns the exit status. */
export function main(root: string, argv: readonly string[], out: Output = process.stdout, err: Output = process.stderr, files: ScratchFiles = nodeScratchFiles): number {
  const noIpvs = () => {
    // what the real ipvsadm says on a kernel without IPVS: the demo is not running
    err.write('Can\'t initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?\n');
    return 1;
  };
  const isEdit = argv.some((a) => a === '-e' || a === '--edit-server');
  if (!isEdit) {
    const state = readState(files, root);
    if (!state) return noIpvs();
    const r = runIpvsadm(state, argv);
    out.write(r.stdout);
    err.write(r.stderr);
    return r.code;
  }
  if (!files.exists(statePath(root))) return noIpvs();
  const r = files.withLock(stateLockPath(root), () => {
    const state = readState(files, root);
    if (!state) return null;
    const res = runIpvsadm(state, argv);
    if (res.state) files.writeAtomic(statePath(root), JSON.stringify(res.state));
    return res;
  });
  if (!r) return noIpvs();
  out.write(r.stdout);
  err.write(r.stderr);
  return r.code;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  let root = process.env.LVS_TUI_DEMO_ROOT ?? '';
  if (args[0] === '--demo-root' && args.length > 1) {
    root = args[1];
    args.splice(0, 2);
  }
  if (!root) {
    process.stderr.write('usage: fake-ipvsadm --demo-root DIR IPVSADM-ARGS... (or set LVS_TUI_DEMO_ROOT)\n');
    process.exitCode = 2;
  } else process.exitCode = main(root, args);
}
