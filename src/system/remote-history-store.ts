// The history of earlier lvs.cf versions kept on the router itself in remote mode (--host), over
// SFTP: the same folder, names and limit as the local store (history-store.ts), so an lvs-tui run
// on the router and one run remotely share it. Each version is written to a new file (exclusive
// create, mode 0600, fsync when the server offers it) before lvs.cf is replaced.

import { posix } from 'node:path';
import { HistoryStore, historyEntry, historyFileName, historyFolderName, historyNames } from './history-store';
import { IoError } from './io-error';
import type { SshSession } from './ssh-session';
import { SFTP_STATUS, sftpCode, sftpIoError, sftpReadAll } from './ssh-sftp';
import { writeAllChunks } from './ssh-write-atomic';

type Session = Pick<SshSession, 'sftp' | 'run' | 'label'>;

export function sftpHistoryStore(session: Session, root: string, keep = 20): HistoryStore {
  const folder = (configPath: string) => posix.join(root, historyFolderName(configPath));
  const where = (p: string) => `${session.label}:${p}`;

  /** The folder's kept versions, oldest first, with their sizes; none when the folder does not exist. */
  async function versions(dir: string): Promise<Map<string, number>> {
    const sftp = await session.sftp();
    let entries;
    try {
      entries = await sftp.readdir(dir);
    } catch (err) {
      if (sftpCode(err) === SFTP_STATUS.NO_SUCH_FILE) return new Map();
      throw sftpIoError(err, 'list', where(dir));
    }
    const sizes = new Map(entries.filter((e) => e.isFile).map((e) => [e.name, e.size]));
    return new Map(historyNames([...sizes.keys()]).map((n) => [n, sizes.get(n)!]));
  }

  return {
    async save(configPath, bytes, serial, date) {
      const dir = folder(configPath);
      // umask 077: the folder and its versions are root's only, as locally
      await session.run({ file: 'sh', args: ['-c', 'umask 077; mkdir -p -- "$1"', 'sh', dir], timeoutMs: 30_000 });
      const sftp = await session.sftp();
      const taken = await versions(dir);
      let n = 0;
      while (taken.has(historyFileName(date, serial, n))) n++;
      const id = historyFileName(date, serial, n);
      const path = posix.join(dir, id);
      let handle: Buffer;
      try {
        handle = await sftp.open(path, 'wx', 0o600);
      } catch (err) {
        throw sftpIoError(err, 'create', where(path));
      }
      try {
        await writeAllChunks(sftp, handle, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        if (sftp.has('fsync@openssh.com')) await sftp.fsync(handle);
      } catch (err) {
        await sftp.close(handle).catch(() => undefined);
        await sftp.unlink(path).catch(() => undefined);
        throw err instanceof IoError ? err : sftpIoError(err, 'write', where(path));
      }
      await sftp.close(handle);
      const all = [...(await versions(dir)).keys()];
      for (const old of all.slice(0, Math.max(0, all.length - keep))) await sftp.unlink(posix.join(dir, old)).catch(() => undefined);
      return id;
    },
    async list(configPath) {
      const found = await versions(folder(configPath));
      return [...found].reverse().map(([id, size]) => historyEntry(id, size));
    },
    async read(configPath, id) {
      const path = posix.join(folder(configPath), id);
      const sftp = await session.sftp();
      const bytes = await sftpReadAll(sftp, path, where(path));
      if (bytes === null) throw new IoError('not-found', `cannot read ${where(path)}: no such file`, path);
      return bytes;
    },
    async remove(configPath, id) {
      const path = posix.join(folder(configPath), id);
      const sftp = await session.sftp();
      try {
        await sftp.unlink(path);
      } catch (err) {
        if (sftpCode(err) !== SFTP_STATUS.NO_SUCH_FILE) throw sftpIoError(err, 'remove', where(path));
      }
    },
  };
}
