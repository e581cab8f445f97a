// The LVS processes on this router, from what /proc says about each process (read by
// src/system/process-table.ts): pulse, lvsd (`lvs` before Piranha 0.8.0), one nanny per active real
// server, send_arp while pulse announces the VIPs, fos for failover services, and the IPVS
// connection-sync daemons. Piranha's CONTROL/MONITORING page showed the same set (`ps` filtered
// for pulse, lvs, send_arp, nanny, fos, ipvs).
//
// A daemon is recognised by the basename of its argv[0] (what `ps` shows; the executable's own
// name can differ), a sync daemon by its kernel thread's name in /proc/<pid>/stat (kernel threads
// have an empty cmdline):
//   - `ipvs_syncmaster` / `ipvs_syncbackup` (kernels before 3.9, RHEL 5/6: ip_vs_sync.c
//     start_sync_thread names one thread per role);
//   - `ipvs-m:G:N` / `ipvs-b:G:N` (3.9 and later: one thread per sync port, G the namespace's
//     generation, N the thread's index).
// `ipvsadm --start-daemon master|backup` is the command that asks the kernel for them; ipvsadm
// itself exits at once, but one caught running is shown with the role it asked for.

import { NannyTarget, parseNannyArgs } from './nanny-args';
import type { RawProcess } from '../system/process-table';

export type LvsRole = 'pulse' | 'lvsd' | 'nanny' | 'send_arp' | 'sync-master' | 'sync-backup' | 'fos' | 'other';

export interface LvsProcess {
  readonly pid: number;
  readonly ppid: number | null;
  readonly role: LvsRole;
  /** the command line; for a kernel thread `[comm]` alone */
  readonly argv: readonly string[];
  /** the name in /proc/<pid>/stat (the executable's, at most 15 bytes) */
  readonly comm: string;
  readonly kernelThread: boolean;
  /** seconds since the process started; null when /proc/uptime or the stat line could not be read */
  readonly uptimeSeconds: number | null;
  /** for a nanny: the real server it watches */
  readonly nanny?: NannyTarget;
}

/**
 * Clock ticks per second of /proc/<pid>/stat's starttime. It is sysconf(_SC_CLK_TCK), USER_HZ,
 * which Linux has fixed at 100 on every architecture lvs-tui runs on (x86, arm, ppc, s390) whatever
 * the kernel's internal HZ; Node cannot call sysconf, so it is assumed here.
 */
export const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly state: string;
  readonly ppid: number;
  readonly flags: number;
  /** field 22: clock ticks after boot */
  readonly starttime: number;
}

/** PF_KTHREAD in /proc/<pid>/stat's flags (field 9) */
const PF_KTHREAD = 0x00200000;

/** The NUL-separated argument list; the kernel ends it with one NUL (and a process that rewrote its title may pad with more). */
export function parseCmdline(raw: string): string[] {
  if (raw === '') return [];
  const parts = raw.split('\0');
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * /proc/<pid>/stat: `pid (comm) state ppid ...`. comm may hold spaces and parentheses (a process
 * may name itself anything), so the fields after it are found from the LAST ')'.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3 (state); starttime is field 22 → rest[19]
  if (!Number.isInteger(pid) || rest.length < 20) return null;
  const ppid = Number(rest[1]);
  const flags = Number(rest[6]);
  const starttime = Number(rest[19]);
  if (!Number.isFinite(ppid) || !Number.isFinite(starttime)) return null;
  return { pid, comm: text.slice(open + 1, close), state: rest[0], ppid, flags: Number.isFinite(flags) ? flags : 0, starttime };
}

/** /proc/uptime: "SECONDS_UP IDLE_SECONDS" */
export function parseUptime(text: string): number | null {
  const first = text.trim().split(/\s+/)[0];
  const n = Number(first);
  return first !== '' && Number.isFinite(n) && n >= 0 ? n : null;
}

/** Seconds a process has run, from its starttime (clock ticks after boot) and the system's uptime. */
export function processUptime(starttimeTicks: number, systemUptimeSeconds: number, ticksPerSecond = CLOCK_TICKS_PER_SECOND): number {
  return Math.max(0, Math.floor(systemUptimeSeconds - starttimeTicks / ticksPerSecond));
}

const SYNC_THREAD = /^(?:ipvs_sync(master|backup)|ipvs-([mb]):\d+:\d+)$/;

function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

/** The role of a process by its argv and comm; null when it is not an LVS process. */
export function classifyProcess(argv: readonly string[], comm: string, kernelThread: boolean): LvsRole | null {
  if (kernelThread || argv.length === 0) {
    const m = SYNC_THREAD.exec(comm);
    if (!m) return null;
    return m[1] === 'master' || m[2] === 'm' ? 'sync-master' : 'sync-backup';
  }
  const name = basename(argv[0]);
  switch (name) {
    case 'pulse':
      return 'pulse';
    case 'lvsd':
    case 'lvs':
      return 'lvsd';
    case 'nanny':
      return 'nanny';
    case 'send_arp':
      return 'send_arp';
    case 'fos':
      return 'fos';
    case 'ipvsadm': {
      const i = argv.indexOf('--start-daemon');
      if (i < 0) return 'other';
      return argv[i + 1] === 'backup' ? 'sync-backup' : 'sync-master';
    }
    default:
      return null;
  }
}

/** Order of the list: what the admin looks for first. */
const ROLE_ORDER: readonly LvsRole[] = ['pulse', 'lvsd', 'nanny', 'send_arp', 'fos', 'sync-master', 'sync-backup', 'other'];

/**
 * The LVS processes among `processes`, pulse first, then lvsd, the nannies (by the real server
 * they watch), send_arp, fos and the sync daemons. Processes that vanished between the directory
 * listing and the reads (no stat) still count when their cmdline names a daemon.
 */
export function findLvsProcesses(processes: readonly RawProcess[], systemUptimeSeconds: number | null): LvsProcess[] {
  const out: LvsProcess[] = [];
  for (const p of processes) {
    const stat = p.stat === null ? null : parseProcStat(p.stat);
    const argv = p.cmdline === null ? [] : parseCmdline(p.cmdline);
    const comm = stat?.comm ?? '';
    // Kernel threads have an empty cmdline; so do zombies (a nanny that died and was not reaped
    // yet), which are then known by their executable's name.
    const kernelThread = stat !== null && (stat.flags & PF_KTHREAD) !== 0;
    const shown = argv.length || kernelThread || comm === '' ? argv : [comm];
    const role = classifyProcess(shown, comm, kernelThread);
    if (role === null) continue;
    const uptimeSeconds = stat && systemUptimeSeconds !== null ? processUptime(stat.starttime, systemUptimeSeconds) : null;
    const proc: LvsProcess = {
      pid: p.pid,
      ppid: stat?.ppid ?? null,
      role,
      argv: argv.length ? argv : [`[${comm}]`],
      comm,
      kernelThread,
      uptimeSeconds,
      ...(role === 'nanny' && argv.length ? { nanny: parseNannyArgs(argv) } : {}),
    };
    out.push(proc);
  }
  return out.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || nannyKey(a).localeCompare(nannyKey(b), 'en', { numeric: true }) || a.pid - b.pid);
}

function nannyKey(p: LvsProcess): string {
  const t = p.nanny;
  if (!t) return '';
  return `${t.fwmark ?? ''} ${t.vip ?? ''}:${t.port ?? ''} ${t.rip ?? ''}:${t.rport ?? ''}`;
}

/** "3d 04:05:06", "04:05:06", "05:06" for the process list. */
export function formatUptime(seconds: number | null): string {
  if (seconds === null) return '?';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const two = (n: number) => String(n).padStart(2, '0');
  const hms = h > 0 || d > 0 ? `${two(h)}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
  return d > 0 ? `${d}d ${hms}` : hms;
}
