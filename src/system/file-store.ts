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
