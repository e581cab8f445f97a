// Small files in a scratch tree lvs-tui owns (the demo router's temporary root): created, replaced
// atomically so a concurrent reader sees the old file or the new one, never half of either, and
// removed as a whole. Not for the admin's files: those go through file-store (owner, mode, label,
// conflict check, fsync), which a tree rewritten every tick does not need.

import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeDirectory } from './make-directory';
import { fileLocker } from './lock-file';
import { LockHeldError } from './io-error';

export interface ScratchFiles {
  /** A new empty directory under the system's temp directory (mode 0700). */
  makeTempRoot(prefix: string): string;
  /** Replaces (or creates) the file: write a temp file beside it, then rename. Makes parents. */
  writeAtomic(path: string, data: string | Uint8Array, mode?: number): void;
  readText(path: string): string;
  exists(path: string): boolean;
  /** Removes a file or a whole tree; a missing path is fine. */
  remove(path: string): void;
  /** Runs `fn` holding the lock file `path`, waiting up to `waitMs` for another holder. */
  withLock<T>(path: string, fn: () => T, waitMs?: number): T;
}

let counter = 0;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export const nodeScratchFiles: ScratchFiles = {
  makeTempRoot(prefix) {
    return fs.mkdtempSync(join(tmpdir(), prefix));
  },
  writeAtomic(path, data, mode = 0o644) {
    const dir = dirname(path);
    if (!fs.existsSync(dir)) makeDirectory(dir, 0o755);
    const tmp = join(dir, `.${process.pid}.${++counter}.tmp`);
    try {
      fs.writeFileSync(tmp, data, { mode });
      fs.renameSync(tmp, path);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  },
  readText(path) {
    return fs.readFileSync(path, 'utf8');
  },
  exists(path) {
    return fs.existsSync(path);
  },
  remove(path) {
    fs.rmSync(path, { recursive: true, force: true });
  },
  withLock(path, fn, waitMs = 2000) {
    const locker = fileLocker();
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        const lock = locker.acquire(path);
        try {
          return fn();
        } finally {
          lock.release();
        }
      } catch (err) {
        // Holders keep it for a few milliseconds (one read-modify-write of a small file).
        if (!(err instanceof LockHeldError) || Date.now() >= deadline) throw err;
        sleepSync(3);
      }
    }
  },
};
