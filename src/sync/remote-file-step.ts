// One file on the peer router replaced as a transaction step (a synced file, or the backup's saved
// iptables rules and sysctl file). The check makes sure the file still holds what the plan was
// made from (its SHA-256 on the far side); the apply is the session's atomic write (temp file
// beside it, fsync, rename: the file is old or new, never partial, even when the link drops) with
// the previous version kept beside it; the verify compares the SHA-256 on the far side; the undo
// writes the previous bytes back the same way (or removes a file the apply created).

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

    async check() {
      const now = await hashNow();
      if (now !== was) throw new Error(`${session.label}:${opts.path} changed since the plan was made (${now === null ? 'it is gone' : was === null ? 'it exists now' : 'other content'}): plan again`);
      if (opts.previous === null) {
        const dir = posix.dirname(opts.path);
        const st = await session.stat(dir);
        if (st === null || (st.mode & 0o170000) !== 0o040000) throw new Error(`the directory ${dir} does not exist on ${session.label}: create it there first`);
      }
    },

    async apply() {
      applied = true;
      await session.writeFileAtomic(opts.path, opts.bytes, opts.previous === null ? { mode: opts.newFileMode ?? 0o644 } : { previousPath: keptAs });
    },

    async verify() {
      const now = await hashNow();
      if (now !== want) throw new Error(`${session.label}:${opts.path} does not hold the new content after it was written (SHA-256 ${now ?? 'missing'})`);
    },

    async undo(ctx) {
      if (!applied) return;
      const now = await hashNow();
      if (now === was) return; // the write never landed
      if (now !== want) throw new Error(`${session.label}:${opts.path} changed on the far side since lvs-tui wrote it; left as it is`);
      if (opts.previous === null) await ctx.runner.run({ file: 'rm', args: ['-f', '--', opts.path] });
      else await session.writeFileAtomic(opts.path, opts.previous);
    },

    async manualRecovery() {
      if (opts.previous === null) return `${session.label}:${opts.path} may have been created by this sync: remove it by hand if so`;
      return `${session.label}:${opts.path} may hold the new content: the previous version is kept as ${keptAs}; put it back by hand with \`mv ${keptAs} ${opts.path}\``;
    },
  };
}
