// Measuring a whole process: wall time from spawn to exit (node's start-up included, as an admin
// sees it) and peak resident memory. Peak RSS comes from GNU time (`/usr/bin/time -f %M`, the
// kernel's ru_maxrss of the child, exact); without it, /proc/<pid>/status VmHWM is polled every few
// milliseconds and the last value read is reported as a lower bound.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Timing {
  readonly runs: number;
  readonly minMs: number;
  readonly medianMs: number;
  /** exit status of the last run */
  readonly status: number | null;
  readonly stderr: string;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function timeProcess(file: string, args: readonly string[], runs: number, cwd?: string): Timing {
  const ms: number[] = [];
  let status: number | null = null;
  let stderr = '';
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(file, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    status = r.status;
    stderr = r.stderr ? r.stderr.toString('utf8') : String(r.error ?? '');
  }
  return { runs, minMs: Math.min(...ms), medianMs: median(ms), status, stderr };
}

export interface PeakRss {
  readonly mb: number;
  readonly method: 'gnu-time' | 'vmhwm-poll';
}

const GNU_TIME = '/usr/bin/time';

function hasGnuTime(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  const r = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return r.status === 0 && /^\d+\s*$/.test(r.stderr.toString());
}

export const RSS_METHOD: PeakRss['method'] = hasGnuTime() ? 'gnu-time' : 'vmhwm-poll';

export async function peakRss(file: string, args: readonly string[], cwd?: string): Promise<PeakRss> {
  if (RSS_METHOD === 'gnu-time') {
    const dir = mkdtempSync(join(tmpdir(), 'lvs-bench-rss-'));
    try {
      const out = join(dir, 'rss');
      spawnSync(GNU_TIME, ['-f', '%M', '-o', out, file, ...args], { cwd, stdio: 'ignore' });
      return { mb: Number(readFileSync(out, 'utf8').trim().split('\n').pop()) / 1024, method: 'gnu-time' };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return pollVmHwm(file, args, cwd);
}

function pollVmHwm(file: string, args: readonly string[], cwd?: string): Promise<PeakRss> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: 'ignore' });
    let kb = 0;
    const read = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) kb = Math.max(kb, Number(m[1]));
      } catch {
        // the process has exited between two polls: keep the last value
      }
    };
    const timer = setInterval(read, 2);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('exit', () => {
      clearInterval(timer);
      resolve({ mb: kb / 1024, method: 'vmhwm-poll' });
    });
  });
}

/** True when `file` can be run (found on PATH and starts). */
export function canRun(file: string, args: readonly string[]): boolean {
  const r = spawnSync(file, args, { stdio: 'ignore' });
  return !r.error;
}
