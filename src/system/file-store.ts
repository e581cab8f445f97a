// Reading and safely replacing configuration files.
//
// writeAtomic: a temp file in the same directory (unpredictable name, O_EXCL, mode 0600 from
// creation), write, fsync, owner and mode of the original (fchown, then fchmod since chown may clear
// set-id bits), the SELinux label of the original when SELinux is on (`chcon --reference`; a failure
// aborts), a last comparison of the file on disk with the bytes the edit started from, rename over,
// fsync of the directory. On any failure the temp file is removed and the original is untouched.

import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { ConflictError, IoError, ioErrorFrom } from './io-error';
import { Runner } from './runner';

export interface WriteOptions {
  /** the bytes the edit was computed from: if the file differs now, nothing is written */
  readonly expected: Uint8Array;
}

export interface FileStore {
  /** The file's bytes; IoError when it cannot be read. */
  read(path: string): Buffer;
  /** Replaces an existing file atomically (see above). IoError, ConflictError or ExecError. */
  writeAtomic(path: string, bytes: Uint8Array, opts: WriteOptions): Promise<void>;
}

export interface FileStoreOptions {
  readonly runner: Runner;
  /** present when SELinux is enabled; a parameter so tests can point it elsewhere */
  readonly selinuxEnforcePath?: string;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
}

/** Same bytes? (the comparison made just before the rename) */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}

/** Temp file name beside the target: hidden, recognisable, unpredictable. */
export function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.lvs-tui-${randomBytes(8).toString('hex')}.tmp`);
}

export function nodeFileStore(opts: FileStoreOptions): FileStore {
  const enforcePath = opts.selinuxEnforcePath ?? '/sys/fs/selinux/enforce';
  return {
    read(path) {
      try {
        return fs.readFileSync(path);
      } catch (err) {
        throw ioErrorFrom(err, 'read', path);
      }
    },

    async writeAtomic(givenPath, bytes, { expected }) {
      // Write through a symlink to the file it points at, rather than replacing the link.
      let path: string;
      try {
        path = fs.realpathSync(givenPath);
      } catch (err) {
        throw ioErrorFrom(err, 'write', givenPath);
      }
      const dir = dirname(path);
      let st: fs.Stats;
      try {
        st = fs.statSync(path);
      } catch (err) {
        throw ioErrorFrom(err, 'write', givenPath);
      }
      const tmp = tempNameFor(path);
      let fd: number | null = null;
      let created = false;
      try {
        fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
        created = true;
        writeAll(fd, bytes);
        fs.fsyncSync(fd);
        fs.fchownSync(fd, st.uid, st.gid);
        fs.fchmodSync(fd, st.mode & 0o7777);
        fs.closeSync(fd);
        fd = null;
        if (fs.existsSync(enforcePath)) await opts.runner.run({ file: 'chcon', args: ['--reference', path, tmp] });
        let now: Buffer;
        try {
          now = fs.readFileSync(path);
        } catch (err) {
          throw ioErrorFrom(err, 'read', givenPath);
        }
        if (!sameBytes(now, expected)) throw new ConflictError(givenPath);
        fs.renameSync(tmp, path);
        created = false;
        syncDir(dir);
      } catch (err) {
        if (fd !== null) {
          try {
            fs.closeSync(fd);
          } catch {
            // already failing; the close error adds nothing
          }
        }
        if (created) {
          try {
            fs.unlinkSync(tmp);
          } catch {
            // best effort: the original is untouched either way
          }
        }
        if (err instanceof IoError || err instanceof ConflictError || (err instanceof Error && err.name === 'ExecError')) throw err;
        throw ioErrorFrom(err, 'write', givenPath, dir);
      }
    },
  };
}

/** fsync of a directory, so the rename itself survives a crash. */
function syncDir(dir: string): void {
  const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

// Staged writes, for a transaction of several files: `stage` does everything that can fail for
// lack of space or permission (the temp file beside the target, written, fsynced, with the owner
// and mode it will have) before anything live changes; `commit` is then only a rename; `revert`
// puts the replaced file back by renaming a hard link kept to it, so an undo needs no free space
// and restores the very inode (mode, owner, SELinux label and all).

export interface StageOptions {
  /** the bytes the change was planned from, null when the file did not exist: otherwise ConflictError */
  readonly expected: Uint8Array | null;
  /** mode of a file created by the commit (an existing file keeps its own) */
  readonly newFileMode: number;
}

export interface StagedFile {
  /** the file replaced (a symlink's target) */
  readonly path: string;
  /** the temp file holding the new bytes until the commit */
  readonly tempPath: string;
  /** Renames the temp over the file (ConflictError if it changed since it was planned), fsyncs the directory. (A Promise over SSH.) */
  commit(): void | Promise<void>;
  /** After a commit: puts the previous file back, or removes the file the commit created. No-op otherwise. */
  revert(): void | Promise<void>;
  /** Removes the temp file, and the link kept to the previous file unless a revert failed (the admin needs it then). Safe to call on every path, many times. */
  discard(): void | Promise<void>;
  /** the second name of the replaced file while one is kept (for the admin when a revert failed) */
  readonly previousCopy: string | null;
}

export interface FileStager {
  /** The file's bytes, or null when it does not exist; IoError on any other failure. */
  readOptional(path: string): Buffer | null | Promise<Buffer | null>;
  /** Writes the new bytes into a temp file beside `path`. IoError, ConflictError or ExecError (chcon). */
  stage(path: string, bytes: Uint8Array, opts: StageOptions): Promise<StagedFile>;
}

function readOrNull(path: string, shownPath: string): Buffer | null {
  try {
    return fs.readFileSync(path);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return null;
    throw ioErrorFrom(err, 'read', shownPath);
  }
}

function sameOrBothAbsent(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a === null || b === null ? a === b : sameBytes(a, b);
}

function unlinkIfThere(path: string): void {
  try {
    fs.unlinkSync(path);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
}

/** Where a write to `givenPath` lands: a symlink's target; for a new file, in its real directory. */
function resolveTarget(givenPath: string): string {
  try {
    return fs.realpathSync(givenPath);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw ioErrorFrom(err, 'write', givenPath);
  }
  const dir = dirname(givenPath);
  try {
    return join(fs.realpathSync(dir), basename(givenPath));
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') throw new IoError('not-found', `cannot write ${givenPath}: the directory ${dir} does not exist`, givenPath);
    throw ioErrorFrom(err, 'write', givenPath);
  }
}

export function nodeFileStager(opts: FileStoreOptions): FileStager {
  const enforcePath = opts.selinuxEnforcePath ?? '/sys/fs/selinux/enforce';

  /** A temp file beside `path` holding `bytes` with the given owner and mode; removed on failure. */
  const writeTemp = (path: string, shownPath: string, bytes: Uint8Array, owner: { uid: number; gid: number } | null, mode: number): string => {
    const tmp = tempNameFor(path);
    let fd: number | null = null;
    try {
      fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
      writeAll(fd, bytes);
      fs.fsyncSync(fd);
      if (owner) fs.fchownSync(fd, owner.uid, owner.gid);
      fs.fchmodSync(fd, mode);
      fs.closeSync(fd);
      fd = null;
      return tmp;
    } catch (err) {
      if (fd !== null) {
        try {
          fs.closeSync(fd);
        } catch {
          // already failing; the close error adds nothing
        }
      }
      try {
        unlinkIfThere(tmp);
      } catch {
        // best effort: the target is untouched either way
      }
      throw ioErrorFrom(err, 'write', shownPath, dirname(path));
    }
  };

  return {
    readOptional(path) {
      return readOrNull(path, path);
    },

    async stage(givenPath, bytes, { expected, newFileMode }) {
      const path = resolveTarget(givenPath);
      const dir = dirname(path);
      let st: fs.Stats | null = null;
      try {
        st = fs.statSync(path);
      } catch (err) {
        if ((err as { code?: string }).code !== 'ENOENT') throw ioErrorFrom(err, 'write', givenPath);
      }
      if (st && !st.isFile()) throw new IoError('is-directory', `cannot write ${givenPath}: not a regular file`, givenPath);
      if (!sameOrBothAbsent(readOrNull(path, givenPath), expected)) throw new ConflictError(givenPath);

      const owner = st ? { uid: st.uid, gid: st.gid } : null;
      const mode = st ? st.mode & 0o7777 : newFileMode;
      const tmp = writeTemp(path, givenPath, bytes, owner, mode);
      if (st && fs.existsSync(enforcePath)) {
        try {
          await opts.runner.run({ file: 'chcon', args: ['--reference', path, tmp] });
        } catch (err) {
          unlinkIfThere(tmp);
          throw err;
        }
      }

      let tempLeft = true;
      /** a second name for the replaced file, so that revert is a rename */
      let kept: string | null = null;
      let committed = false;
      /** a revert failed: the previous file's second name is all the admin has left */
      let keepPrevious = false;

      return {
        path,
        tempPath: tmp,
        get previousCopy() {
          return kept;
        },

        commit() {
          if (committed) return;
          if (!tempLeft) throw new IoError('io', `cannot write ${givenPath}: its staged temp file was already removed`, givenPath);
          if (!sameOrBothAbsent(readOrNull(path, givenPath), expected)) throw new ConflictError(givenPath);
          if (expected !== null) {
            const link = join(dir, `.${basename(path)}.lvs-tui-${randomBytes(8).toString('hex')}.prev`);
            try {
              fs.linkSync(path, link);
              kept = link;
            } catch {
              // a file system without hard links: revert writes the previous bytes instead
              kept = null;
            }
          }
          try {
            fs.renameSync(tmp, path);
          } catch (err) {
            if (kept) {
              try {
                unlinkIfThere(kept);
              } catch {
                // discard() tries again
              }
              kept = null;
            }
            throw ioErrorFrom(err, 'write', givenPath, dir);
          }
          tempLeft = false;
          committed = true;
          try {
            syncDir(dir);
          } catch (err) {
            throw ioErrorFrom(err, 'write', givenPath, dir);
          }
        },

        revert() {
          if (!committed) return;
          // Put back only what this commit wrote: someone else's later change is not ours to undo.
          const now = readOrNull(path, givenPath);
          if (!sameOrBothAbsent(now, bytes)) {
            keepPrevious = true;
            throw new IoError('io', `cannot put the previous ${givenPath} back: it changed on disk since lvs-tui replaced it; left as it is`, givenPath);
          }
          try {
            if (kept) {
              fs.renameSync(kept, path);
              kept = null;
            } else if (expected === null) {
              fs.unlinkSync(path);
            } else {
              const back = writeTemp(path, givenPath, expected, owner, mode);
              fs.renameSync(back, path);
            }
            committed = false;
            syncDir(dir);
          } catch (err) {
            keepPrevious = true;
            if (err instanceof IoError) throw err;
            throw ioErrorFrom(err, 'write', givenPath, dir);
          }
        },

        discard() {
          if (tempLeft) {
            unlinkIfThere(tmp);
            tempLeft = false;
          }
          if (kept && !keepPrevious) {
            unlinkIfThere(kept);
            kept = null;
          }
        },
      };
    },
  };
}
