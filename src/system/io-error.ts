// Typed errors of the I/O layer. The CLI maps them to exit codes: IoError → 3, ConflictError and
// LockHeldError → 1. Messages are complete sentences an admin can act on.

export type IoErrorCode = 'not-found' | 'permission' | 'read-only' | 'disk-full' | 'is-directory' | 'io';

export class IoError extends Error {
  constructor(
    readonly code: IoErrorCode,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'IoError';
  }
}

/** The file changed on disk between reading it and replacing it. */
export class ConflictError extends Error {
  readonly code = 'changed-on-disk';
  constructor(readonly path: string) {
    super(`${path} changed on disk while lvs-tui was editing it; nothing written (run the command again)`);
    this.name = 'ConflictError';
  }
}

/** Another lvs-tui holds the lock. */
export class LockHeldError extends Error {
  readonly code = 'lock-held';
  constructor(
    readonly lockPath: string,
    readonly pid: number | null,
    /** when the holder took the lock (the lock file's time), when known */
    readonly since: Date | null = null,
  ) {
    const who = [pid !== null ? `pid ${pid}` : null, since !== null ? `since ${since.toISOString().slice(0, 16).replace('T', ' ')} UTC` : null].filter((p) => p !== null);
    super(`another lvs-tui${who.length ? ` (${who.join(', ')})` : ''} is changing the configuration (lock ${lockPath}); try again when it is done`);
    this.name = 'LockHeldError';
  }
}

/** A program lvs-tui ran failed. */
export class ExecError extends Error {
  readonly code = 'exec-failed';
  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly status: number | null,
    readonly stderr: string,
  ) {
    super(`${file} ${args.join(' ')} failed${status !== null ? ` (exit ${status})` : ''}${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
    this.name = 'ExecError';
  }
}

interface ErrnoLike {
  code?: string;
}

/** Turns a Node fs error into an IoError with a message naming what failed and where. */
export function ioErrorFrom(err: unknown, verb: 'read' | 'write' | 'lock' | 'create' | 'list', path: string, dir?: string): IoError {
  const code = (err as ErrnoLike | null)?.code;
  const what = `cannot ${verb} ${path}`;
  switch (code) {
    case 'ENOENT':
      return new IoError('not-found', `${what}: no such file`, path);
    case 'ENOTDIR':
      return new IoError('not-found', `${what}: a parent is not a directory`, path);
    case 'EACCES':
    case 'EPERM':
      return new IoError('permission', `${what}: permission denied`, path);
    case 'EROFS':
      return new IoError('read-only', `${what}: read-only file system`, path);
    case 'ENOSPC':
    case 'EDQUOT':
      return new IoError('disk-full', `${what}: disk full on ${dir ?? path}`, path);
    case 'EISDIR':
      return new IoError('is-directory', `${what}: is a directory`, path);
    default: {
      const msg = err instanceof Error ? err.message : String(err);
      return new IoError('io', `${what}: ${msg}`, path);
    }
  }
}
