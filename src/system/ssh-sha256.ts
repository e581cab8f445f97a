// SHA-256 of files on the far side: `sha256sum` run there on the files that exist (one round trip,
// no file content over the link), or, where it is missing or fails, each file read over SFTP and
// hashed here.

import { createHash } from 'node:crypto';
import type { SshSession } from './ssh-session';
import { ExecError } from './io-error';

export async function remoteSha256(session: Pick<SshSession, 'run' | 'stat' | 'readFile'>, paths: readonly string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const unique = [...new Set(paths)];
  const stats = await Promise.all(unique.map((p) => session.stat(p)));
  const present = unique.filter((_, i) => stats[i] !== null && stats[i]!.isFile);
  for (let i = 0; i < unique.length; i++) if (stats[i] === null) out.set(unique[i], null);
  const hashLocally = async (list: readonly string[]) => {
    for (const p of list) {
      const bytes = await session.readFile(p);
      out.set(p, bytes === null ? null : createHash('sha256').update(bytes).digest('hex'));
    }
  };
  // a directory or device: hashed as a missing file would be, by the local path's rules
  for (let i = 0; i < unique.length; i++) if (stats[i] !== null && !stats[i]!.isFile) out.set(unique[i], null);
  if (present.length === 0) return out;
  try {
    const { stdout } = await session.run({ file: 'sha256sum', args: ['-b', '--', ...present], timeoutMs: 120_000 });
    const lines = stdout.split('\n').filter((l) => l !== '');
    if (lines.length !== present.length) throw new Error('unexpected sha256sum output');
    lines.forEach((l, i) => {
      // a name with a backslash or newline is escaped and the line starts with "\"
      const m = /^\\?([0-9a-f]{64}) /.exec(l);
      if (!m) throw new Error('unexpected sha256sum output');
      out.set(present[i], m[1]);
    });
  } catch (err) {
    if (err instanceof Error && err.name === 'SshError') throw err;
    if (!(err instanceof ExecError) && !(err instanceof Error && err.message === 'unexpected sha256sum output')) throw err;
    await hashLocally(present);
  }
  return out;
}
