// One command that changes the router (a pulse action, an `ipvsadm -e`), shown, asked for, run and
// recorded: the same steps for `lvs-tui pulse` and `lvs-tui server`. The audit record has the shape
// of apply's transactions with a single step, so one reader reads the whole log.

import { AuditRecord, auditLogPath } from '../../system/audit-log';
import { ExecError, IoError } from '../../system/io-error';
import { Command } from '../../system/runner';
import { EXIT, ExitCode, UsageError } from '../errors';
import { CommandContext } from './context';

export interface AuditedStep {
  /** e.g. "pulse-restart", "server-drain" */
  readonly id: string;
  /** one line: what the command does */
  readonly title: string;
  readonly notes: readonly string[];
}

/** Asks unless --yes; a usage error without a terminal. Returns false when the admin said no. */
export async function confirm(ctx: CommandContext, question: string, command: string): Promise<boolean> {
  if (ctx.options.yes) return true;
  const answer = await ctx.deps.ask(question);
  if (answer === null) throw new UsageError(`there is no terminal to ask on: give --yes to run it without asking`, command);
  if (!answer) ctx.deps.stderr.write('lvs-tui: not run\n');
  return answer;
}

/**
 * Runs fn holding lvs-tui's lock, and in remote mode the router's own lock too (the one `apply`
 * and an lvs-tui on the router take): a pulse action or a weight change never runs during an apply.
 */
export async function withChangeLocks<T>(ctx: CommandContext, fn: () => Promise<T>): Promise<T> {
  const { deps, paths } = ctx;
  const lock = deps.locker.acquire(paths.lock);
  try {
    const far = deps.routerLock ? await deps.routerLock(paths.lock) : null;
    try {
      return await fn();
    } finally {
      await far?.release().catch(() => undefined);
    }
  } finally {
    lock.release();
  }
}

/**
 * Runs `cmd` (its output passed through), appends the audit record, and returns the exit code:
 * 0 done, 1 the program failed, 3 it could not be started (missing, timed out, killed).
 */
export async function runAudited(ctx: CommandContext, cmd: Command, step: AuditedStep, argv: readonly string[]): Promise<ExitCode> {
  const { deps, paths } = ctx;
  const started = deps.clock.now();
  const t0 = performance.now();
  let stdout = '';
  let stderr = '';
  let status: number | null = 0;
  let error: string | undefined;
  try {
    const r = await deps.runner.run(cmd);
    stdout = r.stdout;
    stderr = r.stderr;
  } catch (err) {
    if (!(err instanceof ExecError)) throw err;
    status = err.status;
    stderr = err.stderr;
    error = err.message;
  }
  const durationMs = Math.round(performance.now() - t0);
  if (stdout) deps.stdout.write(stdout.endsWith('\n') ? stdout : `${stdout}\n`);
  if (stderr) deps.stderr.write(stderr.endsWith('\n') ? stderr : `${stderr}\n`);
  const ok = error === undefined;
  const record: AuditRecord = {
    time: started.toISOString(),
    user: deps.user(),
    command: argv,
    outcome: ok ? 'applied' : 'failed',
    durationMs,
    ...(error !== undefined ? { error } : {}),
    steps: [
      {
        id: step.id,
        title: step.title,
        outcome: ok ? 'applied' : 'failed',
        phases: [{ phase: 'apply', durationMs, ok, ...(error !== undefined ? { error } : {}) }],
        commands: [{ phase: 'apply', file: cmd.file, args: cmd.args, exitCode: status, stderr, durationMs }],
        notes: step.notes,
      },
    ],
  };
  try {
    deps.auditLog(auditLogPath(paths.root)).append(record);
  } catch (err) {
    // what happened on the router decides the exit code; the admin must still hear about the log
    deps.stderr.write(`lvs-tui: warning: not recorded in the audit log: ${err instanceof IoError ? err.message : String(err)}\n`);
  }
  if (ok) return EXIT.ok;
  deps.stderr.write(`lvs-tui: ${error}\n`);
  return status === null ? EXIT.io : EXIT.refused;
}
