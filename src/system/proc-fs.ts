// Reading /proc, rooted at a directory: `/proc` on the router, `ROOT/proc` for `--root` (tests, the
// demo router, a bug report's copied tree). A missing file is an answer (IPVS not loaded, no such
// pid), not an error; permission denied is an IoError with code 'permission', so the monitor can
// say "run as root" instead of "not loaded".

import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { IoError, ioErrorFrom } from './io-error';

export interface ProcFs {
  /** the directory standing for /proc */
  readonly root: string;
  /** The file's text (`net/ip_vs`), null when it does not exist; IoError for anything else. */
  read(relPath: string): Promise<string | null>;
  /**
   * The file's bytes, not decoded (null when it does not exist): the monitor scans the big
   * per-tick files (net/ip_vs) as bytes. Optional: without it, read() is used.
   */
  readBytes?(relPath: string): Promise<Uint8Array | null>;
}

/** relPath must stay inside the root: no absolute paths, no `..` */
function inside(root: string, relPath: string): string {
  const n = normalize(relPath);
  if (relPath === '' || isAbsolute(relPath) || n === '..' || n.startsWith(`..${sep}`)) {
    throw new IoError('io', `not a path inside ${root}: ${relPath}`, relPath);
  }
  return join(root, n);
}

export function nodeProcFs(root = '/proc'): ProcFs {
  async function readAll(relPath: string): Promise<Buffer | null> {
    const path = inside(root, relPath);
    try {
      // readFile reads to EOF: /proc files report size 0 and are generated as they are read
      return await readFile(path);
    } catch (err) {
      const code = (err as { code?: string } | null)?.code;
      // ENOENT: not there; ENOTDIR: a parent is a file (ROOT/proc/net a file); ESRCH: a /proc/<pid>
      // that exited while being read
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ESRCH') return null;
      throw ioErrorFrom(err, 'read', path);
    }
  }
  return {
    root,
    async read(relPath) {
      return (await readAll(relPath))?.toString('latin1') ?? null;
    },
    readBytes: readAll,
  };
}
