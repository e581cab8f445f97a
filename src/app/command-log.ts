// The log of every command lvs-tui ran in a TUI session (or, on the demo router, would have run):
// program, arguments, output, exit status, time. The TUI shows it on `:` / `@`; the runner wrapper
// below records into it, so nothing reaches the router unlogged. The monitor's reads (ipvsadm
// listings, pulse status every tick) go in too but are kept apart and capped, so that they never
// push an apply's commands out of the log.

import { ExecError } from '../system/io-error';
import { Command, RunResult, Runner } from '../system/runner';

/** Who ran the command: the monitor's periodic reads, or an action of the admin. */
export type CommandSource = 'monitor' | 'apply' | 'pulse' | 'server' | 'edit';

export interface CommandLogEntry {
  readonly seq: number;
  readonly at: Date;
  readonly source: CommandSource;
  readonly file: string;
  readonly args: readonly string[];
  /** bytes fed on standard input, null when none */
  readonly stdinBytes: number | null;
  /** null: it did not start, timed out or was killed (or, in the demo, was not run) */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** true: the demo router showed this command instead of running it */
  readonly demo: boolean;
  /** what went wrong when it did not start or was killed, or the demo's remark */
  readonly note?: string;
}

export type NewEntry = Omit<CommandLogEntry, 'seq'>;

/** How much output an entry keeps: enough to read the error, not a flood. */
export const OUTPUT_LIMIT = 16 * 1024;
const MONITOR_KEEP = 200;
const ACTION_KEEP = 2000;

function clip(text: string): string {
  return text.length > OUTPUT_LIMIT ? `${text.slice(0, OUTPUT_LIMIT)}\n… (${text.length - OUTPUT_LIMIT} more characters)` : text;
}

export class CommandLog {
  private readonly monitor: CommandLogEntry[] = [];
  private readonly actions: CommandLogEntry[] = [];
  private readonly listeners = new Set<(e: CommandLogEntry) => void>();
  private seq = 0;

  add(entry: NewEntry): CommandLogEntry {
    const e: CommandLogEntry = { ...entry, stdout: clip(entry.stdout), stderr: clip(entry.stderr), seq: ++this.seq };
    const list = e.source === 'monitor' ? this.monitor : this.actions;
    list.push(e);
    const keep = e.source === 'monitor' ? MONITOR_KEEP : ACTION_KEEP;
    if (list.length > keep) list.splice(0, list.length - keep);
    for (const l of this.listeners) l(e);
    return e;
  }

  /** Oldest first; without the monitor's reads unless asked. */
  entries(opts: { monitor?: boolean } = {}): CommandLogEntry[] {
    if (!opts.monitor) return [...this.actions];
    return [...this.actions, ...this.monitor].sort((a, b) => a.seq - b.seq);
  }

  subscribe(listener: (e: CommandLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function stdinSize(stdin: Command['stdin']): number | null {
  if (stdin === undefined) return null;
  return typeof stdin === 'string' ? Buffer.byteLength(stdin) : stdin.length;
}

/** A Runner that runs through `inner` and records each command, its output and status in `log`. */
export function loggingRunner(inner: Runner, log: CommandLog, source: CommandSource, now: () => Date = () => new Date()): Runner {
  return {
    async run(cmd: Command): Promise<RunResult> {
      const at = now();
      const t0 = performance.now();
      const base = { at, source, file: cmd.file, args: [...cmd.args], stdinBytes: stdinSize(cmd.stdin), demo: false };
      try {
        const r = await inner.run(cmd);
        log.add({ ...base, exitCode: r.exitCode ?? 0, stdout: r.stdout, stderr: r.stderr, durationMs: Math.round(performance.now() - t0) });
        return r;
      } catch (err) {
        const exec = err instanceof ExecError ? err : null;
        log.add({
          ...base,
          exitCode: exec ? exec.status : null,
          stdout: '',
          stderr: exec ? exec.stderr : '',
          durationMs: Math.round(performance.now() - t0),
          ...(exec && exec.status !== null ? {} : { note: err instanceof Error ? err.message : String(err) }),
        });
        throw err;
      }
    },
  };
}

/** One line for lists: "20:14:03  apply  iptables-restore --wait=10 --noflush  → 0". */
export function entrySummary(e: CommandLogEntry): string {
  const time = e.at.toISOString().slice(11, 19);
  const status = e.demo ? 'DEMO, not run' : e.exitCode === null ? 'did not finish' : `exit ${e.exitCode}`;
  return `${time} ${e.source.padEnd(7)} ${commandLine(e)}  [${status}]`;
}

/** The command as an admin would type it (arguments quoted for a POSIX shell when they need it). */
export function commandLine(e: Pick<CommandLogEntry, 'file' | 'args'>): string {
  const q = (a: string) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return [e.file, ...e.args].map(q).join(' ');
}
