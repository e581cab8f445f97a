// SHA-256 of files on the far side: one small sh loop running `sha256sum` on each regular file
// there (no file content over the link, no SFTP round trips first), one line per file in order:
// the hash, `-` for a missing file or a directory, `?` when sha256sum failed on it (not readable;
// sha256sum missing): those are read over SFTP and hashed here. `sha256Command` and
// `parseSha256` let a caller put the check in a batch with other programs (remote-batch.ts).

import { createHash } from 'node:crypto';
import type { SshSession } from './ssh-session';
import type { Command, RunResult } from './runner';
import { ExecError } from './io-error';

const LOOP = 'for f do if [ -f "$f" ]; then sha256sum -b -- "$f" 2>/dev/null || echo "?"; else echo -; fi; done';

/** The command: `sh -c LOOP sh PATH...` (paths as arguments: never parsed by the shell). */
export function sha256Command(paths: readonly string[]): Command {
  return { file: 'sh', args: ['-c', LOOP, 'sh', ...paths], timeoutMs: 120_000 };
}

/** The hash of each path (null: missing or not a file), and the paths the far side could not hash. */
export function parseSha256(paths: readonly string[], result: RunResult | Error): { hashes: Map<string, string | null>; unhashed: string[] } {
  const hashes = new Map<string, string | null>();
  if (result instanceof Error) return { hashes, unhashed: [...paths] };
  const lines = result.stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== paths.length) return { hashes, unhashed: [...paths] };
  const unhashed: string[] = [];
  lines.forEach((l, i) => {
    // a name with a backslash or newline is escaped and the line starts with "\"
    const m = /^\\?([0-9a-f]{64}) /.exec(l);
    if (m) hashes.set(paths[i], m[1]);
    else if (l === '-') hashes.set(paths[i], null);
    else unhashed.push(paths[i]);
  });
  return { hashes, unhashed };
}

/** Hashes the files sha256sum could not, reading them over SFTP. */
export async function hashOverSftp(session: Pick<SshSession, 'readFile'>, paths: readonly string[], into: Map<string, string | null>): Promise<Map<string, string | null>> {
  for (const p of paths) {
    const bytes = await session.readFile(p);
    into.set(p, bytes === null ? null : createHash('sha256').update(bytes).digest('hex'));
  }
  return into;
}

export async function remoteSha256(session: Pick<SshSession, 'run' | 'readFile'>, paths: readonly string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(paths)];
  if (unique.length === 0) return new Map();
  let result: RunResult | Error;
  try {
    result = await session.run(sha256Command(unique));
  } catch (err) {
    if (!(err instanceof ExecError)) throw err;
    result = err;
  }
  const { hashes, unhashed } = parseSha256(unique, result);
  return hashOverSftp(session, unhashed, hashes);
}
