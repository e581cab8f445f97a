// Promise wrappers over ssh2's SFTP client, and SFTP status codes turned into IoError with the
// far side's path in the message (`router:/etc/sysconfig/ha/lvs.cf`).

import type { FileEntryWithStats, OpenMode, SFTPWrapper, Stats } from 'ssh2';
import { IoError } from './io-error';

/** SSH_FX_* status codes (draft-ietf-secsh-filexfer-02). */
export const SFTP_STATUS = { EOF: 1, NO_SUCH_FILE: 2, PERMISSION_DENIED: 3, FAILURE: 4, OP_UNSUPPORTED: 8 } as const;

export function sftpCode(err: unknown): number | null {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'number' ? c : null;
}

/** An SFTP failure as an IoError naming the remote file (`where` is `host:path`). */
export function sftpIoError(err: unknown, verb: string, where: string): IoError {
  const code = sftpCode(err);
  const msg = err instanceof Error ? err.message : String(err);
  if (code === SFTP_STATUS.NO_SUCH_FILE) return new IoError('not-found', `cannot ${verb} ${where}: no such file`, where);
  if (code === SFTP_STATUS.PERMISSION_DENIED) return new IoError('permission', `cannot ${verb} ${where}: permission denied on the far side`, where);
  if (/no space|quota/i.test(msg)) return new IoError('disk-full', `cannot ${verb} ${where}: disk full on the far side`, where);
  if (/read-only/i.test(msg)) return new IoError('read-only', `cannot ${verb} ${where}: read-only file system on the far side`, where);
  return new IoError('io', `cannot ${verb} ${where}: ${msg}`, where);
}

type Cb<T> = (err: Error | null | undefined, value?: T) => void;

function call<T>(fn: (cb: Cb<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    try {
      fn((err, value) => (err ? reject(err) : resolve(value as T)));
    } catch (err) {
      reject(err);
    }
  });
}

export interface Sftp {
  readonly raw: SFTPWrapper;
  has(extension: string): boolean;
  open(path: string, flags: string, mode?: number): Promise<Buffer>;
  close(handle: Buffer): Promise<void>;
  read(handle: Buffer, buf: Buffer, off: number, len: number, pos: number): Promise<number>;
  write(handle: Buffer, buf: Buffer, off: number, len: number, pos: number): Promise<void>;
  stat(path: string): Promise<Stats>;
  lstat(path: string): Promise<Stats>;
  fstat(handle: Buffer): Promise<Stats>;
  fchmod(handle: Buffer, mode: number): Promise<void>;
  fchown(handle: Buffer, uid: number, gid: number): Promise<void>;
  fsync(handle: Buffer): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  posixRename(from: string, to: string): Promise<void>;
  hardlink(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** a directory's entries (not . and ..): name, size, regular file or not */
  readdir(path: string): Promise<Array<{ readonly name: string; readonly size: number; readonly isFile: boolean }>>;
  realpath(path: string): Promise<string>;
}

export function wrapSftp(raw: SFTPWrapper): Sftp {
  const ext = (raw as unknown as { _extensions: Record<string, string> })._extensions ?? {};
  return {
    raw,
    has: (name) => ext[name] !== undefined,
    open: (path, flags, mode) => call<Buffer>((cb) => (mode === undefined ? raw.open(path, flags as OpenMode, cb) : raw.open(path, flags as OpenMode, { mode }, cb))),
    close: (h) => call<void>((cb) => raw.close(h, cb)),
    read: (h, buf, off, len, pos) => call<number>((cb) => raw.read(h, buf, off, len, pos, (err, n) => cb(err, n))),
    write: (h, buf, off, len, pos) => call<void>((cb) => raw.write(h, buf, off, len, pos, cb)),
    stat: (p) => call<Stats>((cb) => raw.stat(p, cb)),
    lstat: (p) => call<Stats>((cb) => raw.lstat(p, cb)),
    fstat: (h) => call<Stats>((cb) => raw.fstat(h, cb)),
    fchmod: (h, mode) => call<void>((cb) => raw.fchmod(h, mode, cb)),
    fchown: (h, uid, gid) => call<void>((cb) => raw.fchown(h, uid, gid, cb)),
    fsync: (h) => call<void>((cb) => raw.ext_openssh_fsync(h, cb)),
    rename: (a, b) => call<void>((cb) => raw.rename(a, b, cb)),
    posixRename: (a, b) => call<void>((cb) => raw.ext_openssh_rename(a, b, cb)),
    hardlink: (a, b) => call<void>((cb) => raw.ext_openssh_hardlink(a, b, cb)),
    unlink: (p) => call<void>((cb) => raw.unlink(p, cb)),
    readdir: async (p) => {
      const list = await call<FileEntryWithStats[]>((cb) => raw.readdir(p, cb));
      return list.filter((e) => e.filename !== '.' && e.filename !== '..').map((e) => ({ name: e.filename, size: e.attrs.size, isFile: e.attrs.isFile() }));
    },
    realpath: (p) => call<string>((cb) => raw.realpath(p, cb)),
  };
}

/** Reads to EOF (a /proc file reports size 0 and is made as it is read); null when it does not exist. */
export async function sftpReadAll(sftp: Sftp, path: string, where: string): Promise<Buffer | null> {
  let handle: Buffer;
  try {
    handle = await sftp.open(path, 'r');
  } catch (err) {
    if (sftpCode(err) === SFTP_STATUS.NO_SUCH_FILE) return null;
    throw sftpIoError(err, 'read', where);
  }
  try {
    const chunks: Buffer[] = [];
    let pos = 0;
    let size = 0;
    try {
      size = (await sftp.fstat(handle)).size;
    } catch {
      // size is only a hint for the first reads
    }
    const CHUNK = 64 * 1024;
    // Known size: every chunk requested at once (pipelined), then reads on until EOF in case it grew.
    if (size > 0) {
      const n = Math.ceil(size / CHUNK);
      const parts = await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const len = Math.min(CHUNK, size - i * CHUNK);
          const buf = Buffer.allocUnsafe(len);
          const got = await sftp.read(handle, buf, 0, len, i * CHUNK);
          return buf.subarray(0, got);
        }),
      );
      for (const p of parts) {
        chunks.push(p);
        pos += p.length;
        if (p.length < CHUNK && pos < size) {
          // a short read in the middle: the file shrank; what follows is read in order below
          break;
        }
      }
      if (pos < size) {
        chunks.length = 0;
        pos = 0;
      }
    }
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const got = await sftp.read(handle, buf, 0, CHUNK, pos);
      if (got === 0) break;
      chunks.push(buf.subarray(0, got));
      pos += got;
    }
    return Buffer.concat(chunks);
  } catch (err) {
    throw sftpIoError(err, 'read', where);
  } finally {
    await sftp.close(handle).catch(() => undefined);
  }
}
