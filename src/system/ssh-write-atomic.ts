// Replacing a file on the far side so that it is always either the old or the new file, even when
// the link drops mid-transfer: a temp file in the same directory (O_EXCL, 0600), written, owner and
// mode set, fsync@openssh.com when the server offers it, closed, the previous version kept under
// previousPath (a hard link, or a copy), then one rename over the target: posix-rename@openssh.com,
// else `mv -f` run on the far side (rename(2) too; OpenSSH before 4.8 has no posix-rename), else a
// plain SFTP rename after moving the old file aside (put back if the rename fails). On any failure
// before the rename the temp file is removed, best effort (a dropped link leaves it behind, hidden
// and named .NAME.lvs-tui-*.tmp; the target is untouched).

import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { IoError } from './io-error';
import { Command, RunResult } from './runner';
import { SFTP_STATUS, Sftp, sftpCode, sftpIoError } from './ssh-sftp';

export interface RemoteWriteOptions {
  /** permission bits; default: the replaced file's, 0644 for a new file */
  readonly mode?: number;
  /** owner; default: the replaced file's (a new file: the login user's) */
  readonly uid?: number;
  readonly gid?: number;
  /** keep the replaced file under this name (replacing what was there) */
  readonly previousPath?: string;
  /** test hook: called after each chunk is written (to cut the link mid-transfer) */
  readonly onProgress?: (written: number, total: number) => void;
}

const CHUNK = 32 * 1024;
const IN_FLIGHT = 16;

export async function writeAllChunks(sftp: Sftp, handle: Buffer, bytes: Buffer, onProgress?: (w: number, t: number) => void): Promise<void> {
  let next = 0;
  let written = 0;
  const worker = async () => {
    while (next < bytes.length) {
      const off = next;
      const len = Math.min(CHUNK, bytes.length - off);
      next += len;
      await sftp.write(handle, bytes, off, len, off);
      written += len;
      onProgress?.(written, bytes.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, Math.ceil(bytes.length / CHUNK)) }, worker));
}

async function statOrNull(sftp: Sftp, path: string, where: string) {
  try {
    return await sftp.stat(path);
  } catch (err) {
    if (sftpCode(err) === SFTP_STATUS.NO_SUCH_FILE) return null;
    throw sftpIoError(err, 'write', where);
  }
}

/** Where a write to `path` lands: a symlink's target (the link itself stays). */
export async function resolveTarget(sftp: Sftp, path: string, where: (p: string) => string): Promise<string> {
  try {
    const l = await sftp.lstat(path);
    if (!l.isSymbolicLink()) return path;
  } catch (err) {
    if (sftpCode(err) === SFTP_STATUS.NO_SUCH_FILE) return path;
    throw sftpIoError(err, 'write', where(path));
  }
  try {
    return await sftp.realpath(path);
  } catch (err) {
    throw sftpIoError(err, 'write', where(path));
  }
}

export type RemoteRun = (cmd: Command) => Promise<RunResult>;

export async function writeFileAtomicSftp(sftp: Sftp, run: RemoteRun | null, givenPath: string, data: Uint8Array, opts: RemoteWriteOptions, where: (p: string) => string): Promise<void> {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.length);
  const path = await resolveTarget(sftp, givenPath, where);
  const shown = where(givenPath);
  const st = await statOrNull(sftp, path, shown);
  if (st && !st.isFile()) throw new IoError('is-directory', `cannot write ${shown}: not a regular file`, shown);
  const dir = posix.dirname(path);
  const tmp = posix.join(dir, `.${posix.basename(path)}.lvs-tui-${randomBytes(8).toString('hex')}.tmp`);
  const mode = (opts.mode ?? (st ? st.mode : 0o644)) & 0o7777;
  const uid = opts.uid ?? st?.uid;
  const gid = opts.gid ?? st?.gid;

  let created = false;
  let handle: Buffer | null = null;
  try {
    try {
      handle = await sftp.open(tmp, 'wx', 0o600);
    } catch (err) {
      if (sftpCode(err) === SFTP_STATUS.NO_SUCH_FILE) throw new IoError('not-found', `cannot write ${shown}: the directory ${dir} does not exist on the far side`, shown);
      throw err;
    }
    created = true;
    await writeAllChunks(sftp, handle, bytes, opts.onProgress);
    // owner before mode: chown may clear set-id bits
    if (uid !== undefined && gid !== undefined) await sftp.fchown(handle, uid, gid);
    await sftp.fchmod(handle, mode);
    if (sftp.has('fsync@openssh.com')) await sftp.fsync(handle);
    const h = handle;
    handle = null;
    await sftp.close(h);
    const written = await sftp.stat(tmp);
    if (written.size !== bytes.length) throw new IoError('io', `cannot write ${shown}: the temp file holds ${written.size} bytes, not ${bytes.length}`, shown);

    if (st && opts.previousPath !== undefined) await keepPrevious(sftp, path, opts.previousPath, where);
    await renameOver(sftp, run, tmp, path, shown);
    created = false;
  } catch (err) {
    if (handle) await sftp.close(handle).catch(() => undefined);
    if (created) await sftp.unlink(tmp).catch(() => undefined);
    if (err instanceof IoError) throw err;
    if (err instanceof Error && (err.name === 'SshError' || err.name === 'ExecError')) throw err;
    throw sftpIoError(err, 'write', shown);
  }
}

/** A second name for the file about to be replaced (a hard link; a copy where links are not offered). */
export async function keepPrevious(sftp: Sftp, path: string, previousPath: string, where: (p: string) => string): Promise<void> {
  await sftp.unlink(previousPath).catch((err) => {
    if (sftpCode(err) !== SFTP_STATUS.NO_SUCH_FILE) throw sftpIoError(err, 'replace', where(previousPath));
  });
  if (sftp.has('hardlink@openssh.com')) {
    try {
      await sftp.hardlink(path, previousPath);
      return;
    } catch {
      // another file system: copy instead
    }
  }
  const { sftpReadAll } = await import('./ssh-sftp');
  const old = await sftpReadAll(sftp, path, where(path));
  if (old === null) return;
  const st = await sftp.stat(path);
  const h = await sftp.open(previousPath, 'wx', st.mode & 0o7777);
  try {
    await writeAllChunks(sftp, h, old);
    await sftp.fchown(h, st.uid, st.gid).catch(() => undefined);
  } finally {
    await sftp.close(h);
  }
}

export async function renameOver(sftp: Sftp, run: RemoteRun | null, tmp: string, path: string, shown: string): Promise<void> {
  if (sftp.has('posix-rename@openssh.com')) {
    await sftp.posixRename(tmp, path);
    return;
  }
  if (run) {
    try {
      await run({ file: 'mv', args: ['-f', '--', tmp, path], timeoutMs: 30_000 });
      return;
    } catch (err) {
      if (err instanceof Error && err.name === 'SshError') throw err;
      // no exec on this account (an sftp-only login): the SFTP dance below
    }
  }
  // SSH_FXP_RENAME does not replace an existing file on OpenSSH: move the old one aside first.
  const aside = `${tmp}.old`;
  let movedAside = false;
  try {
    await sftp.rename(path, aside);
    movedAside = true;
  } catch (err) {
    if (sftpCode(err) !== SFTP_STATUS.NO_SUCH_FILE) throw err;
  }
  try {
    await sftp.rename(tmp, path);
  } catch (err) {
    if (movedAside) await sftp.rename(aside, path).catch(() => undefined);
    throw sftpIoError(err, 'write', shown);
  }
  if (movedAside) await sftp.unlink(aside).catch(() => undefined);
}
