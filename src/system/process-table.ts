// The raw process table from a proc directory (/proc, or ROOT/proc under --root): each process's
// cmdline and stat line, and /proc/uptime. Parsing and the choice of LVS processes are pure
// (src/monitor/processes.ts). Processes come and go while the table is read: one that vanished
// between the directory listing and its reads is simply left out.

import * as fs from 'node:fs';
import { join } from 'node:path';

export interface RawProcess {
  readonly pid: number;
  /** /proc/<pid>/cmdline as latin1 (bytes kept one-to-one), null when unreadable */
  readonly cmdline: string | null;
  /** /proc/<pid>/stat, null when unreadable */
  readonly stat: string | null;
}

export interface ProcessTable {
  readonly processes: readonly RawProcess[];
  /** /proc/uptime's first number, null when it could not be read */
  readonly uptimeSeconds: number | null;
  /** why the table could not be listed at all (no such directory, permission), else null */
  readonly problem: string | null;
}

/** cmdline is at most a page or two; stat a few hundred bytes */
const READ_LIMIT = 64 * 1024;

function readSmall(path: string): string | null {
  let fd: number | null = null;
  try {
    fd = fs.openSync(path, 'r');
    const buf = Buffer.allocUnsafe(READ_LIMIT);
    let total = 0;
    // /proc files report size 0: read until EOF
    for (;;) {
      const n = fs.readSync(fd, buf, total, READ_LIMIT - total, null);
      if (n === 0) break;
      total += n;
      if (total === READ_LIMIT) break;
    }
    return buf.toString('latin1', 0, total);
  } catch {
    return null;
  } finally {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // nothing to do
      }
    }
  }
}

/** Reads every process's stat and cmdline under `procDir`, and the system's uptime. */
export function readProcessTable(procDir: string): ProcessTable {
  let names: string[];
  try {
    names = fs.readdirSync(procDir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    return { processes: [], uptimeSeconds: null, problem: `cannot list the processes in ${procDir}: ${why}` };
  }
  const processes: RawProcess[] = [];
  for (const name of names) {
    if (!/^[1-9]\d*$/.test(name)) continue;
    const dir = join(procDir, name);
    const stat = readSmall(join(dir, 'stat'));
    const cmdline = readSmall(join(dir, 'cmdline'));
    if (stat === null && cmdline === null) continue; // gone
    processes.push({ pid: Number(name), cmdline, stat });
  }
  const uptime = readSmall(join(procDir, 'uptime'));
  const first = uptime === null ? NaN : Number(uptime.trim().split(/\s+/)[0]);
  return { processes, uptimeSeconds: Number.isFinite(first) ? first : null, problem: null };
}
