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
  return {
    root,
    async read(relPath) {
      const path = inside(root, relPath);
      try {
        // readFile reads to EOF: /proc files report size 0 and are generated as they are read
        return await readFile(path, 'latin1');
      } catch (err) {
        const code = (err as { code?: string } | null)?.code;
        // ENOENT: not there; ENOTDIR: a parent is a file (ROOT/proc/net a file); ESRCH: a /proc/<pid>
        // that exited while being read
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ESRCH') return null;
        throw ioErrorFrom(err, 'read', path);
      }
    },
  };
}
