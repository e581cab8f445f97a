// One file replaced as a transaction step (lvs.cf, the persisted iptables rules, sysctl.conf). The
// check writes the new bytes into a temp file beside the target, which is where a read-only or full
// file system shows up, before anything live changes; the apply is then only a rename. The undo
// renames the replaced file back (a hard link kept to it), or removes a file the apply created.

import { StagedFile } from '../../system/file-store';
import { Step, StepContext } from '../transaction';

export interface FileStepOptions {
  readonly id?: string;
  readonly title?: string;
  readonly path: string;
  readonly bytes: Uint8Array;
  /** the file's bytes when the plan was made; null when it did not exist */
  readonly previous: Uint8Array | null;
  /** mode of the file when it is created (default 0644; 0600 for saved iptables rules) */
  readonly newFileMode?: number;
}

export function fileStep(opts: FileStepOptions): Step {
  let staged: StagedFile | null = null;

  const stage = async (ctx: StepContext): Promise<StagedFile> => {
    staged ??= await ctx.files.stage(opts.path, opts.bytes, { expected: opts.previous, newFileMode: opts.newFileMode ?? 0o644 });
    return staged;
  };

  return {
    id: opts.id ?? `file:${opts.path}`,
    title: opts.title ?? `${opts.previous === null ? 'create' : 'replace'} ${opts.path}`,

    async check(ctx) {
      const s = await stage(ctx);
      ctx.note(`new content staged in ${s.tempPath}`);
    },

    async apply(ctx) {
      await (await stage(ctx)).commit();
    },

    async verify(ctx) {
      const now = await ctx.files.readOptional(opts.path);
      if (now === null || Buffer.compare(now, Buffer.from(opts.bytes)) !== 0) throw new Error(`${opts.path} does not hold the new content after it was replaced`);
    },

    async undo() {
      await staged?.revert();
    },

    async cleanup() {
      await staged?.discard();
    },

    async manualRecovery() {
      if (opts.previous === null) return `${opts.path} was created by this apply: remove it by hand`;
      const copy = staged?.previousCopy;
      return copy
        ? `${opts.path} may hold the new content: the previous version is kept as ${copy}; put it back by hand with \`mv ${copy} ${staged?.path ?? opts.path}\``
        : `${opts.path} may hold the new content: put the previous version back by hand (the audit log records this apply)`;
    },
  };
}
