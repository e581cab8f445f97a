// One writer at a time: a lock file created with O_EXCL holding the owner's pid. A lock whose pid is
// no longer running (the owner crashed) is stale and taken over. Only writing commands lock.

import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { LockHeldError, ioErrorFrom } from './io-error';

export interface Lock {
  release(): void;
}

export interface Locker {
  /** Takes the lock or throws LockHeldError (another live lvs-tui) or IoError. */
  acquire(path: string): Lock;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** A lock file younger than this with no pid yet is being written by its owner. */
const FRESH_MS = 10_000;

export function fileLocker(pid: number = process.pid, alive: (pid: number) => boolean = processAlive): Locker {
  const tryCreate = (path: string): boolean => {
    let fd: number;
    try {
      fd = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
    } catch (err) {
      if ((err as { code?: string }).code === 'EEXIST') return false;
      throw ioErrorFrom(err, 'lock', path);
    }
    try {
      fs.writeSync(fd, `${pid}\n`);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  };
  const owner = (path: string): { pid: number | null; ageMs: number } | null => {
    try {
      const text = fs.readFileSync(path, 'utf8').trim();
      const ageMs = Date.now() - fs.statSync(path).mtimeMs;
      return { pid: /^\d+$/.test(text) ? Number(text) : null, ageMs };
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return null;
      throw ioErrorFrom(err, 'lock', path);
    }
  };
  return {
    acquire(path) {
      try {
        fs.mkdirSync(dirname(path), { recursive: true });
      } catch (err) {
        throw ioErrorFrom(err, 'lock', path);
      }
      for (let attempt = 0; attempt < 3; attempt++) {
        if (tryCreate(path)) {
          return {
            release() {
              // Remove it only while it is still ours.
              const o = owner(path);
              if (o && o.pid === pid) fs.rmSync(path, { force: true });
            },
          };
        }
        const o = owner(path);
        if (o === null) continue; // released meanwhile: try again
        const stale = o.pid !== null ? o.pid === pid || !alive(o.pid) : o.ageMs > FRESH_MS;
        if (!stale) throw new LockHeldError(path, o.pid);
        // Remove it only if it still is the stale lock judged above: another lvs-tui may have taken
        // it over meanwhile. (A window remains between this read and the removal; it needs two
        // lvs-tui started in the same instant after a crash.)
        const again = owner(path);
        if (again && again.pid === o.pid) fs.rmSync(path, { force: true });
      }
      const o = owner(path);
      throw new LockHeldError(path, o?.pid ?? null);
    },
  };
}
