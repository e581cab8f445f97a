// FileStore and FileStager over an SSH session, for remote mode (--host). The commands read files
// synchronously (FileStore.read), so the files a command needs are read ahead over SFTP
// (`prefetch`) before it runs, and every write through this store updates what was read. A read of a
// file that was not read ahead is an IoError naming it (a bug to report, not a wrong answer).
// Writes go straight to the far side: atomic replace (ssh-write-atomic.ts), the conflict check
// against the bytes on the far side just before the rename, staged temp files for apply's
// transaction with a hard link kept to the replaced file so that an undo is a rename.

import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { ConflictError, IoError } from './io-error';
import { FileStager, FileStore, StagedFile, sameBytes } from './file-store';
import type { SshSession } from './ssh-session';
import { SFTP_STATUS, sftpCode, sftpIoError } from './ssh-sftp';
import { renameOver, resolveTarget, writeAllChunks } from './ssh-write-atomic';

export interface RemoteFileStore extends FileStore {
  /** Reads these files ahead (missing ones are remembered as missing). */
  prefetch(paths: readonly string[]): Promise<void>;
}

function sameOrBothAbsent(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a === null || b === null ? a === b : sameBytes(a, b);
}

export function remoteFiles(session: SshSession): { files: RemoteFileStore; stager: FileStager } {
  const cache = new Map<string, Buffer | null>();
  const where = (p: string) => `${session.target.host}:${p}`;

  const cached = (path: string): Buffer | null => {
    if (!cache.has(path)) throw new IoError('io', `cannot read ${where(path)}: lvs-tui did not read it ahead over SSH (please report this)`, path);
    return cache.get(path) ?? null;
  };

  const files: RemoteFileStore = {
    async prefetch(paths) {
      const todo = [...new Set(paths)].filter((p) => !cache.has(p));
      const got = await Promise.all(todo.map((p) => session.readFile(p)));
      todo.forEach((p, i) => cache.set(p, got[i]));
    },
    read(path) {
      const b = cached(path);
      if (b === null) throw new IoError('not-found', `cannot read ${where(path)}: no such file`, path);
      return b;
    },
    async writeAtomic(path, bytes, { expected }) {
      const now = await session.readFile(path);
      if (now === null) throw new IoError('not-found', `cannot write ${where(path)}: no such file`, path);
      if (!sameBytes(now, expected)) throw new ConflictError(where(path));
      await session.writeFileAtomic(path, bytes);
      cache.set(path, Buffer.from(bytes));
    },
  };

  const stager: FileStager = {
    // after a commit: what the far side holds now (not what was read ahead)
    readOptional(path) {
      return session.readFile(path);
    },
    async stage(givenPath, data, { expected, newFileMode }) {
      const sftp = await session.sftp();
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.length);
      const path = await resolveTarget(sftp, givenPath, where);
      const dir = posix.dirname(path);
      const shown = where(givenPath);
      let st = null;
      try {
        st = await sftp.stat(path);
      } catch (err) {
        if (sftpCode(err) !== SFTP_STATUS.NO_SUCH_FILE) throw sftpIoError(err, 'write', shown);
      }
      if (st && !st.isFile()) throw new IoError('is-directory', `cannot write ${shown}: not a regular file`, shown);
      if (!sameOrBothAbsent(await session.readFile(path), expected)) throw new ConflictError(shown);
      const owner = st ? { uid: st.uid, gid: st.gid } : null;
      const mode = st ? st.mode & 0o7777 : newFileMode;

      const upload = async (content: Buffer): Promise<string> => {
        const tmp = posix.join(dir, `.${posix.basename(path)}.lvs-tui-${randomBytes(8).toString('hex')}.tmp`);
        let h: Buffer | null = null;
        try {
          h = await sftp.open(tmp, 'wx', 0o600);
        } catch (err) {
          throw sftpIoError(err, 'write', shown);
        }
        try {
          await writeAllChunks(sftp, h, content);
          if (owner) await sftp.fchown(h, owner.uid, owner.gid);
          await sftp.fchmod(h, mode);
          if (sftp.has('fsync@openssh.com')) await sftp.fsync(h);
          const hh = h;
          h = null;
          await sftp.close(hh);
          return tmp;
        } catch (err) {
          if (h) await sftp.close(h).catch(() => undefined);
          await sftp.unlink(tmp).catch(() => undefined);
          throw err instanceof IoError || (err instanceof Error && err.name === 'SshError') ? err : sftpIoError(err, 'write', shown);
        }
      };

      const tmp = await upload(bytes);
      let tempLeft = true;
      let kept: string | null = null;
      let committed = false;
      let keepPrevious = false;
      const run = (cmd: Parameters<SshSession['run']>[0]) => session.run(cmd);

      const staged: StagedFile = {
        path,
        tempPath: tmp,
        get previousCopy() {
          return kept;
        },
        async commit() {
          if (committed) return;
          if (!tempLeft) throw new IoError('io', `cannot write ${shown}: its staged temp file was already removed`, shown);
          if (!sameOrBothAbsent(await session.readFile(path), expected)) throw new ConflictError(shown);
          if (expected !== null && sftp.has('hardlink@openssh.com')) {
            const link = posix.join(dir, `.${posix.basename(path)}.lvs-tui-${randomBytes(8).toString('hex')}.prev`);
            try {
              await sftp.hardlink(path, link);
              kept = link;
            } catch {
              kept = null;
            }
          }
          try {
            await renameOver(sftp, run, tmp, path, shown);
          } catch (err) {
            if (kept) {
              await sftp.unlink(kept).catch(() => undefined);
              kept = null;
            }
            throw err instanceof IoError || (err instanceof Error && err.name === 'SshError') ? err : sftpIoError(err, 'write', shown);
          }
          tempLeft = false;
          committed = true;
          cache.set(path, bytes);
          cache.set(givenPath, bytes);
        },
        async revert() {
          if (!committed) return;
          const now = await session.readFile(path);
          if (!sameOrBothAbsent(now, bytes)) {
            keepPrevious = true;
            throw new IoError('io', `cannot put the previous ${shown} back: it changed on the far side since lvs-tui replaced it; left as it is`, shown);
          }
          try {
            if (kept) {
              await renameOver(sftp, run, kept, path, shown);
              kept = null;
            } else if (expected === null) {
              await sftp.unlink(path);
            } else {
              const back = await upload(Buffer.from(expected));
              await renameOver(sftp, run, back, path, shown);
            }
            committed = false;
            const prev = expected === null ? null : Buffer.from(expected);
            cache.set(path, prev);
            cache.set(givenPath, prev);
          } catch (err) {
            keepPrevious = true;
            throw err instanceof IoError || (err instanceof Error && err.name === 'SshError') ? err : sftpIoError(err, 'write', shown);
          }
        },
        async discard() {
          if (tempLeft) {
            await sftp.unlink(tmp).catch((err) => {
              if (sftpCode(err) !== SFTP_STATUS.NO_SUCH_FILE) throw sftpIoError(err, 'remove', where(tmp));
            });
            tempLeft = false;
          }
          if (kept && !keepPrevious) {
            await sftp.unlink(kept).catch(() => undefined);
            kept = null;
          }
        },
      };
      return staged;
    },
  };
  return { files, stager };
}
