// Where the demo keeps things under its root, and writing the whole tree for one state. Each file
// is replaced atomically on its own (a reader sees one tick's file or the next one's, whole).

import { join } from 'node:path';
import type { ScratchFiles } from '../system/scratch-files';
import type { DemoState } from './demo-state';
import { DEMO_LVS_CF, DEMO_MARKER, DEMO_SIDECAR } from './demo-config';
import { renderProcCmdline, renderProcIpVs, renderProcIpVsConn, renderProcIpVsStats, renderProcIpVsStatsPercpu, renderProcStat, renderProcUptime, renderSyslog } from './render-proc';

export const statePath = (root: string) => join(root, 'var', 'lib', 'lvs-tui-demo', 'state.json');
export const stateLockPath = (root: string) => join(root, 'var', 'lib', 'lvs-tui-demo', 'state.lock');
export const ipvsadmPathOf = (root: string) => join(root, 'sbin', 'ipvsadm');

/** The files that do not change while the demo runs: the marker, lvs.cf, the sidecar. */
export function writeStaticFiles(files: ScratchFiles, root: string): void {
  files.writeAtomic(join(root, DEMO_MARKER), 'This directory is a simulated LVS router made by `lvs-tui --demo`. Nothing in it is live.\n');
  files.writeAtomic(join(root, 'etc', 'sysconfig', 'ha', 'lvs.cf'), DEMO_LVS_CF, 0o600);
  files.writeAtomic(join(root, 'etc', 'sysconfig', 'ha', 'lvs-tui.yaml'), DEMO_SIDECAR + demoPrograms(root), 0o600);
  files.writeAtomic(join(root, 'proc', 'net', 'fib_trie'), demoFibTrie(), 0o444);
  files.writeAtomic(join(root, 'proc', 'net', 'if_inet6'), '', 0o444);
}

/**
 * The demo router is the active primary: its public and private addresses, the VIPs and the NAT
 * router address are local, as /proc/net/fib_trie lists local addresses ("/32 host LOCAL").
 */
function demoFibTrie(): string {
  const local = ['10.11.12.1', '192.168.10.254', '203.0.113.10', '203.0.113.53', '203.0.113.100'];
  const leaves = local.map((a) => `     |-- ${a}\n        /32 host LOCAL\n`).join('');
  return `Main:\n  +-- 0.0.0.0/0 3 0 5\n${leaves}Local:\n  +-- 0.0.0.0/0 3 0 5\n${leaves}`;
}

/**
 * The demo's own programs: its ipvsadm answers from the simulated state (per-service counters and
 * rates, `-e` for live actions), and pulse is a no-op service that always says it is running (the
 * simulated processes show it running): start/stop/reload on the demo change nothing.
 */
function demoPrograms(root: string): string {
  const ok = JSON.stringify(['/bin/sh', '-c', 'echo "pulse (DEMO) is running"']);
  return `programs:\n  ipvsadm: ${ipvsadmPathOf(root)}\npulse:\n  manager: command\n  status: ${ok}\n  reload: ${ok}\n  restart: ${ok}\n  start: ${ok}\n  stop: ${ok}\n`;
}

/** Everything one tick changes: /proc/net/ip_vs*, the process entries, uptime and the syslog file. */
export function writeStateFiles(files: ScratchFiles, root: string, state: DemoState, knownPids: Set<number>): void {
  const proc = join(root, 'proc');
  files.writeAtomic(join(proc, 'net', 'ip_vs'), renderProcIpVs(state), 0o444);
  files.writeAtomic(join(proc, 'net', 'ip_vs_stats'), renderProcIpVsStats(state), 0o444);
  files.writeAtomic(join(proc, 'net', 'ip_vs_stats_percpu'), renderProcIpVsStatsPercpu(state), 0o444);
  files.writeAtomic(join(proc, 'net', 'ip_vs_conn'), renderProcIpVsConn(state), 0o444);
  files.writeAtomic(join(proc, 'uptime'), renderProcUptime(state), 0o444);
  for (const p of state.processes) {
    // cmdline never changes while a process lives; stat does (CPU time)
    if (!knownPids.has(p.pid)) {
      files.writeAtomic(join(proc, String(p.pid), 'cmdline'), renderProcCmdline(p), 0o444);
      knownPids.add(p.pid);
    }
    files.writeAtomic(join(proc, String(p.pid), 'stat'), renderProcStat(p), 0o444);
  }
  files.writeAtomic(join(root, 'var', 'log', 'messages'), renderSyslog(state), 0o600);
}
