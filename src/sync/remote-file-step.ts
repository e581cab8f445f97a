// One file on the peer router replaced as a transaction step (a synced file, or the backup's saved
// iptables rules and sysctl file). The apply is the session's atomic write (temp file beside it,
// fsync, rename: the file is old or new, never partial, even when the link drops) with the
// previous version kept beside it; the undo writes the previous bytes back the same way (or
// removes a file the apply created). Every program run over the link costs a session and a shell
// there (the dearest thing a sync does on a busy router), so the SHA-256 checks are batched by
// `remoteFilesGuard`: one step before the writes (each file still holds what the plan was made
// from; the directory of a new one exists), one after them (each holds the new content); and
// while the files are small (config files, scripts) their bytes are read back over the SFTP
// channel already open and hashed here instead of starting sha256sum there.

import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Step } from '../apply/transaction';
import { PeerSession } from './peer-session';

export interface RemoteFileStepOptions {
  readonly id: string;
  readonly title: string;
  /** the path on the peer (under its remote root) */
  readonly path: string;
  readonly bytes: Uint8Array;
  /** what the peer's file held when the plan was made; null when it did not exist */
  readonly previous: Uint8Array | null;
  /** mode of a file the apply creates (an existing file keeps its own mode and owner) */
  readonly newFileMode?: number;
  /** keep the replaced file under this name (default `.NAME.lvs-tui-previous` beside it) */
  readonly previousPath?: string;
}

/** The journal note an undo writes before it starts putting the previous version back. */
export const WRITING_BACK = 'putting the previous version back';

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Where the version a sync replaced is kept on the peer. */
export function previousPathFor(path: string): string {
  return posix.join(posix.dirname(path), `.${posix.basename(path)}.lvs-tui-previous`);
}

export function remoteFileStep(session: PeerSession, opts: RemoteFileStepOptions): Step {
  const want = sha256Hex(opts.bytes);
  const was = opts.previous === null ? null : sha256Hex(opts.previous);
  const keptAs = opts.previousPath ?? previousPathFor(opts.path);
  const hashNow = async () => (await session.sha256([opts.path])).get(opts.path) ?? null;
  let applied = false;

  return {
    id: opts.id,
    title: opts.title,

    async apply() {
      applied = true;
      await session.writeFileAtomic(opts.path, opts.bytes, opts.previous === null ? { mode: opts.newFileMode ?? 0o644 } : { previousPath: keptAs });
    },

    async verify() {
      // the SHA-256 of every written file is compared by the guard's last step
      const st = await session.stat(opts.path);
      if (st === null || st.size !== opts.bytes.length) throw new Error(`${session.label}:${opts.path} does not hold the new content after it was written (${st === null ? 'missing' : `${st.size} bytes`})`);
    },

    async undo(ctx) {
      if (!applied) return;
      const now = await hashNow();
      if (now === was) return; // the write never landed
      if (now !== want) throw new Error(`${session.label}:${opts.path} changed on the far side since lvs-tui wrote it; left as it is`);
      ctx.note(WRITING_BACK);
      if (opts.previous === null) await ctx.runner.run({ file: 'rm', args: ['-f', '--', opts.path] });
      else await session.writeFileAtomic(opts.path, opts.previous);
    },

    async manualRecovery() {
      if (opts.previous === null) return `${session.label}:${opts.path} may have been created by this sync: remove it by hand if so`;
      return `${session.label}:${opts.path} may hold the new content: the previous version is kept as ${keptAs}; put it back by hand with \`mv ${keptAs} ${opts.path}\``;
    },
  };
}

/** Up to this many bytes in all, the far files are hashed here from an SFTP read, not by sha256sum there. */
export const HASH_OVER_SFTP_BYTES = 8 << 20;

/** The SHA-256 of far files expected to hold about `bytes` in all: read back over SFTP when small. */
async function farHashes(session: PeerSession, paths: readonly string[], bytes: number): Promise<Map<string, string | null>> {
  if (bytes > HASH_OVER_SFTP_BYTES) return session.sha256(paths);
  const out = new Map<string, string | null>();
  await Promise.all(
    paths.map(async (p) => {
      const b = await session.readFile(p);
      out.set(p, b === null ? null : sha256Hex(b));
    }),
  );
  return out;
}

/**
 * The two steps around a batch of remote file steps: the first checks, in one round trip, that
 * every file still holds what the plan was made from and that the directory of each new file
 * exists; the last verifies, in one round trip, that every file holds its new content (a failure
 * there undoes every write before it).
 */
export function remoteFilesGuard(session: PeerSession, files: readonly RemoteFileStepOptions[]): { before: Step; after: Step } {
  const paths = files.map((f) => f.path);
  return {
    before: {
      id: 'sync:check',
      title: `check the files on ${session.label} are as planned`,
      async check() {
        const now = await farHashes(session, paths, files.reduce((n, f) => n + (f.previous?.length ?? 0), 0));
        for (const f of files) {
          const was = f.previous === null ? null : sha256Hex(f.previous);
          const is = now.get(f.path) ?? null;
          if (is !== was) throw new Error(`${session.label}:${f.path} changed since the plan was made (${is === null ? 'it is gone' : was === null ? 'it exists now' : 'other content'}): plan again`);
        }
        for (const dir of new Set(files.filter((f) => f.previous === null).map((f) => posix.dirname(f.path)))) {
          const st = await session.stat(dir);
          if (st === null || (st.mode & 0o170000) !== 0o040000) throw new Error(`the directory ${dir} does not exist on ${session.label}: create it there first`);
        }
      },
      async apply() {
        // changes nothing: its check is the point
      },
    },
    after: {
      id: 'sync:verify',
      title: `verify the SHA-256 of the files written on ${session.label}`,
      async apply() {
        // changes nothing: its verify is the point
      },
      async verify() {
        const now = await farHashes(session, paths, files.reduce((n, f) => n + f.bytes.length, 0));
        const wrong = files.filter((f) => now.get(f.path) !== sha256Hex(f.bytes)).map((f) => f.path);
        if (wrong.length) throw new Error(`${wrong.join(', ')} on ${session.label} do${wrong.length === 1 ? 'es' : ''} not hold the new content after the write (SHA-256)`);
      },
    },
  };
}
