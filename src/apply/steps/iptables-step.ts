// The live iptables rules of lvs-tui's own chains, as one transaction step. The planner supplies the
// rules (`iptables-restore --noflush` text that touches only lvs-tui's chains and the jumps to them),
// the way back (the same kind of text restoring what those chains held before) and a predicate on
// `iptables-save` output that says whether the rules are live.
//
// iptables-restore commits table by table (the legacy backend with each COMMIT line), and one that
// exits non-zero has left its table as it was. So the step restores one table at a time and knows
// exactly which tables it changed: the undo restores only those, and an apply refused outright
// needs no undo at all (the way back may delete a jump that is not there yet, which would fail).

import { ExecError } from '../../system/io-error';
import { Step, StepContext } from '../transaction';

export interface IptablesPrograms {
  /** iptables-restore (or a path to it) */
  readonly restore: string;
  /** iptables-save (or a path to it) */
  readonly save: string;
}

export interface IptablesStepOptions {
  readonly id?: string;
  readonly title?: string;
  /** `iptables-restore --noflush` text: lvs-tui's chains as they should be */
  readonly restoreText: string;
  /** the same kind of text putting lvs-tui's chains back as they were */
  readonly backText: string;
  readonly programs: IptablesPrograms;
  /** on the `iptables-save -t TABLE` output of the tables touched: null when right, else what is wrong */
  readonly verify: (saveOutput: string) => string | null;
}

export interface TableText {
  readonly table: string;
  /** from the `*table` line to its COMMIT, newline-terminated */
  readonly text: string;
}

/** Splits iptables-restore text into its tables, in order (pure). Text outside a table is dropped. */
export function splitTables(text: string): TableText[] {
  const out: { table: string; lines: string[] }[] = [];
  let current: { table: string; lines: string[] } | null = null;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (current === null) {
      if (trimmed.startsWith('*')) {
        const table = trimmed.slice(1).trim();
        const same = out.find((t) => t.table === table);
        current = same ?? { table, lines: [] };
        if (!same) out.push(current);
        current.lines.push(line);
      }
      continue;
    }
    current.lines.push(line);
    if (trimmed === 'COMMIT') current = null;
  }
  return out.map((t) => ({ table: t.table, text: `${t.lines.join('\n')}\n` }));
}

const RESTORE_TIMEOUT_MS = 60_000;
/** wait for the xtables lock (legacy backend) instead of failing when another program holds it */
const WAIT = '--wait=10';

export function iptablesStep(opts: IptablesStepOptions): Step {
  const tables = splitTables(opts.restoreText);
  const back = splitTables(opts.backText);
  const backOf = (table: string) => back.find((t) => t.table === table);
  /** tables this run may have changed, in the order they were restored */
  let touched: string[] = [];

  const restore = (ctx: StepContext, stdin: string, test: boolean) =>
    ctx.runner.run({ file: opts.programs.restore, args: [WAIT, ...(test ? ['--test'] : []), '--noflush'], stdin, timeoutMs: RESTORE_TIMEOUT_MS });

  return {
    id: opts.id ?? 'iptables',
    title: opts.title ?? "load iptables rules into lvs-tui's chains",

    async check(ctx) {
      if (tables.length === 0) throw new Error('the iptables rules hold no table (no "*mangle" or "*nat" line)');
      const noWayBack = tables.filter((t) => !backOf(t.table)).map((t) => t.table);
      if (noWayBack.length) throw new Error(`the iptables rules change table ${noWayBack.join(', ')} but there are no rules to put it back: refusing`);
      await restore(ctx, opts.restoreText, true);
      // the way back must at least parse: an undo is no time to find a typo
      await restore(ctx, opts.backText, true);
    },

    async apply(ctx) {
      touched = [];
      for (const t of tables) {
        try {
          await restore(ctx, t.text, false);
          touched.push(t.table);
        } catch (err) {
          // An exit status means iptables-restore refused and left the table as it was; killed or
          // timed out, it may have committed: the undo restores that table too.
          if (!(err instanceof ExecError && err.status !== null)) touched.push(t.table);
          throw err;
        }
      }
    },

    async verify(ctx) {
      let saved = '';
      for (const t of tables) saved += (await ctx.runner.run({ file: opts.programs.save, args: ['-t', t.table] })).stdout;
      const wrong = opts.verify(saved);
      if (wrong !== null) throw new Error(`the live iptables rules are not what was loaded: ${wrong}`);
    },

    async undo(ctx) {
      if (touched.length === 0) {
        ctx.note('no table was changed: nothing to undo');
        return;
      }
      for (const table of [...touched].reverse()) {
        const text = backOf(table)?.text ?? '';
        await restore(ctx, text, false);
        touched = touched.filter((t) => t !== table);
      }
    },

    async manualRecovery() {
      const left = touched.length ? touched : tables.map((t) => t.table);
      const text = left.map((table) => backOf(table)?.text ?? '').join('');
      return `lvs-tui's chains in the ${left.join(' and ')} table may hold the new rules; check with \`${opts.programs.save}\` and load the previous ones by hand with \`${opts.programs.restore} --noflush\` fed these lines:\n${text}`;
    },
  };
}
