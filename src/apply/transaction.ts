// The transaction engine: all or nothing on a live router.
//
// A transaction is a list of steps, each with `check`, `apply`, `verify` and `undo`. Every check runs
// first, while nothing has changed yet (iptables-restore --test, temp files written), so that a
// refusal costs nothing. Then each step is applied and verified in order; when one fails, the steps
// done so far are undone in reverse, the failing one included (it may have half-applied, so every
// undo must be safe to call when its apply did nothing). An undo that fails is never swallowed: the
// result says what state the router may be in and what to do by hand. SIGINT/SIGTERM/SIGHUP are held
// back for the whole transaction and looked at before each apply: a Ctrl-C undoes what ran and
// stops. Every command a step runs goes through a recording runner into the journal, which is also
// appended to the audit log.

import { AuditLog, AuditRecord, AuditUser } from '../system/audit-log';
import { Clock, systemClock } from '../system/clock';
import { FileStager } from '../system/file-store';
import { ExecError } from '../system/io-error';
import { Runner } from '../system/runner';
import { DeferOptions, withSignalsDeferred } from '../system/signals';

export type Phase = 'check' | 'apply' | 'verify' | 'undo' | 'cleanup';

/** What a step gets: I/O only through these, so the journal sees every command. */
export interface StepContext {
  readonly phase: Phase;
  /** records each command (file, args, exit code, stderr) in the step's journal */
  readonly runner: Runner;
  readonly files: FileStager;
  /** a line for the journal and the audit log */
  note(text: string): void;
}

export interface Step {
  /** short and stable, for the audit log and tests: "iptables", "file:/etc/sysctl.conf" */
  readonly id: string;
  /** for the admin: "load iptables rules into lvs-tui's chains" */
  readonly title: string;
  /** Changes nothing live; throws to refuse the whole transaction. */
  check?(ctx: StepContext): Promise<void>;
  apply(ctx: StepContext): Promise<void>;
  /** Reads back what apply did; throws when the router does not show it. */
  verify?(ctx: StepContext): Promise<void>;
  /** Puts back what apply changed; must be safe after an apply that failed half-way or did nothing. */
  undo?(ctx: StepContext): Promise<void>;
  /** Removes what check left for apply (temp files); runs on every path, after success or failure. */
  cleanup?(ctx: StepContext): Promise<void>;
  /** When an undo fails or is impossible: the state the router may be in, and what to do by hand. */
  manualRecovery?(ctx: StepContext): Promise<string>;
  /** Set on a step that cannot be undone (a pulse restart): why. Such a step must come last. */
  readonly irreversible?: string;
}

export interface TransactionPlan {
  readonly steps: readonly Step[];
}

export interface CommandRecord {
  readonly phase: Phase;
  readonly file: string;
  readonly args: readonly string[];
  /** bytes fed on standard input, null when none */
  readonly stdinBytes: number | null;
  /** null: it did not start, timed out or was killed */
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface PhaseRecord {
  readonly phase: Phase;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly ok: boolean;
  readonly error?: string;
}

/**
 * not-run: never reached (a check failed before it, or an earlier step failed);
 * checked: its check passed but the transaction stopped before its apply;
 * refused: its check failed; applied: applied and verified, and it stayed;
 * failed: its apply or verify failed (then undone or undo-failed follows in the same record);
 * undone: put back; undo-failed: its undo failed; not-undoable: applied (or tried) and cannot be undone.
 */
export type StepOutcome = 'not-run' | 'checked' | 'refused' | 'applied' | 'undone' | 'undo-failed' | 'not-undoable';

export interface StepJournal {
  readonly id: string;
  readonly title: string;
  readonly outcome: StepOutcome;
  /** 'apply' or 'verify' when this step is the one that failed */
  readonly failedIn?: 'apply' | 'verify';
  readonly phases: readonly PhaseRecord[];
  readonly commands: readonly CommandRecord[];
  readonly notes: readonly string[];
}

/**
 * applied: every step applied and verified; nothing-to-do: no steps; refused: a check failed,
 * nothing changed; rolled-back: a step failed and everything done was undone; interrupted: a signal
 * came, what ran was undone; half-applied: some undo failed or was impossible.
 */
export type TransactionOutcome = 'applied' | 'nothing-to-do' | 'refused' | 'rolled-back' | 'interrupted' | 'half-applied';

export interface Journal {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly outcome: TransactionOutcome;
  readonly steps: readonly StepJournal[];
}

export interface UndoFailure {
  readonly step: string;
  readonly title: string;
  /** the undo's error; null when the step has no undo at all */
  readonly error: Error | null;
  /** "could not undo X: ..., the router may be half-applied: <state and what to do by hand>" */
  readonly message: string;
}

export interface TransactionResult {
  readonly ok: boolean;
  readonly outcome: TransactionOutcome;
  /** id of the step whose check, apply or verify failed (or before which a signal stopped it) */
  readonly failedStep?: string;
  readonly error?: Error;
  /** ids of the steps undone, in the order they were undone */
  readonly undone: readonly string[];
  readonly undoFailures: readonly UndoFailure[];
  /** temp files or other leftovers a cleanup could not remove (the router state is not affected) */
  readonly cleanupFailures: readonly string[];
  /** set when the audit log could not be written (already said on `warn`) */
  readonly auditError?: string;
  readonly journal: Journal;
}

export type TransactionErrorCode = 'interrupted' | 'bad-plan';

export class TransactionError extends Error {
  constructor(
    readonly code: TransactionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TransactionError';
  }
}

export interface TransactionDeps {
  readonly runner: Runner;
  readonly files: FileStager;
  /** where the journal is appended; none in tests that do not look at it */
  readonly audit?: AuditLog;
  /** for the audit record */
  readonly user?: AuditUser;
  readonly argv?: readonly string[];
  /** the caller's stderr, for what must not pass silently (an audit log that cannot be written) */
  readonly warn?: (message: string) => void;
  readonly clock?: Clock;
  /** how a held-back signal is raised again afterwards (tests) */
  readonly signals?: DeferOptions;
}

interface MutableStepJournal {
  id: string;
  title: string;
  outcome: StepOutcome;
  failedIn?: 'apply' | 'verify';
  phases: PhaseRecord[];
  commands: CommandRecord[];
  notes: string[];
}

function errorOf(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function stdinSize(stdin: string | Uint8Array | undefined): number | null {
  if (stdin === undefined) return null;
  return typeof stdin === 'string' ? Buffer.byteLength(stdin) : stdin.length;
}

/** A runner that writes every command it runs into the step's journal. */
function recordingRunner(inner: Runner, record: MutableStepJournal, phase: Phase, clock: Clock): Runner {
  return {
    async run(cmd) {
      const start = clock.now().getTime();
      const base = { phase, file: cmd.file, args: [...cmd.args], stdinBytes: stdinSize(cmd.stdin) };
      try {
        const r = await inner.run(cmd);
        record.commands.push({ ...base, exitCode: r.exitCode ?? 0, stderr: r.stderr, durationMs: clock.now().getTime() - start });
        return r;
      } catch (err) {
        const e = errorOf(err);
        const exitCode = err instanceof ExecError ? err.status : null;
        const stderr = err instanceof ExecError ? err.stderr : e.message;
        record.commands.push({ ...base, exitCode, stderr, durationMs: clock.now().getTime() - start });
        throw err;
      }
    },
  };
}

export async function runTransaction(plan: TransactionPlan, deps: TransactionDeps): Promise<TransactionResult> {
  const clock = deps.clock ?? systemClock;
  const started = clock.now();
  const steps = plan.steps;
  const records: MutableStepJournal[] = steps.map((s) => ({ id: s.id, title: s.title, outcome: 'not-run', phases: [], commands: [], notes: [] }));

  const contextFor = (i: number, phase: Phase): StepContext => ({
    phase,
    runner: recordingRunner(deps.runner, records[i], phase, clock),
    files: deps.files,
    note: (text) => records[i].notes.push(text),
  });

  /** Runs one phase of step i, timing it into the journal; returns the error or null. */
  const runPhase = async (i: number, phase: Phase, fn: ((ctx: StepContext) => Promise<void>) | undefined): Promise<Error | null> => {
    if (!fn) return null;
    const at = clock.now();
    try {
      await fn.call(steps[i], contextFor(i, phase));
      records[i].phases.push({ phase, startedAt: at.toISOString(), durationMs: clock.now().getTime() - at.getTime(), ok: true });
      return null;
    } catch (err) {
      const e = errorOf(err);
      records[i].phases.push({ phase, startedAt: at.toISOString(), durationMs: clock.now().getTime() - at.getTime(), ok: false, error: e.message });
      return e;
    }
  };

  const undone: string[] = [];
  const undoFailures: UndoFailure[] = [];
  const cleanupFailures: string[] = [];

  const recoveryText = async (i: number): Promise<string> => {
    const step = steps[i];
    if (!step.manualRecovery) return `check "${step.title}" by hand`;
    try {
      return await step.manualRecovery(contextFor(i, 'undo'));
    } catch (err) {
      return `check "${step.title}" by hand (${errorOf(err).message})`;
    }
  };

  /** Undoes steps last..0 in reverse; continues past a failing undo so as much as possible is put back. */
  const rollback = async (last: number): Promise<void> => {
    for (let i = last; i >= 0; i--) {
      const step = steps[i];
      if (step.irreversible !== undefined) {
        records[i].outcome = 'not-undoable';
        records[i].notes.push(`cannot be undone: ${step.irreversible}`);
        undoFailures.push({
          step: step.id,
          title: step.title,
          error: null,
          message: `could not undo "${step.title}": ${step.irreversible}; the router may be half-applied: ${await recoveryText(i)}`,
        });
        continue;
      }
      if (!step.undo) {
        // a step without undo changes nothing live (a validation)
        records[i].notes.push('nothing to undo');
        continue;
      }
      const err = await runPhase(i, 'undo', step.undo);
      if (err === null) {
        records[i].outcome = 'undone';
        undone.push(step.id);
      } else {
        records[i].outcome = 'undo-failed';
        undoFailures.push({
          step: step.id,
          title: step.title,
          error: err,
          message: `could not undo "${step.title}": ${err.message}; the router may be half-applied: ${await recoveryText(i)}`,
        });
      }
    }
  };

  const cleanupAll = async (): Promise<void> => {
    for (let i = steps.length - 1; i >= 0; i--) {
      const err = await runPhase(i, 'cleanup', steps[i].cleanup);
      if (err) {
        records[i].notes.push(`cleanup failed: ${err.message}`);
        cleanupFailures.push(`${steps[i].title}: ${err.message}`);
      }
    }
  };

  const body = async (interrupted: () => Promise<boolean>): Promise<Omit<TransactionResult, 'journal' | 'undone' | 'undoFailures' | 'cleanupFailures' | 'auditError' | 'outcome'> & { outcome: TransactionOutcome }> => {
    const firstIrreversible = steps.findIndex((s) => s.irreversible !== undefined);
    if (firstIrreversible >= 0 && firstIrreversible < steps.length - 1) {
      const s = steps[firstIrreversible];
      return { ok: false, outcome: 'refused', failedStep: s.id, error: new TransactionError('bad-plan', `"${s.title}" cannot be undone, so it must be the last step; nothing was changed`) };
    }

    // 1. Every check, before anything changes.
    for (let i = 0; i < steps.length; i++) {
      const err = await runPhase(i, 'check', steps[i].check);
      if (err) {
        records[i].outcome = 'refused';
        return { ok: false, outcome: 'refused', failedStep: steps[i].id, error: err };
      }
      records[i].outcome = 'checked';
    }

    // 2. Apply and verify, in order; a failure or a signal undoes what ran.
    for (let i = 0; i < steps.length; i++) {
      if (await interrupted()) {
        records[i].notes.push('a signal came before this step: stopped here');
        await rollback(i - 1);
        return { ok: false, outcome: 'interrupted', failedStep: steps[i].id, error: new TransactionError('interrupted', `interrupted before "${steps[i].title}"`) };
      }
      if (steps[i].irreversible !== undefined) records[i].notes.push(`cannot be undone (${steps[i].irreversible}): runs last, after every other step was applied and verified`);
      const applyErr = await runPhase(i, 'apply', steps[i].apply);
      const verifyErr = applyErr ?? (await runPhase(i, 'verify', steps[i].verify));
      if (verifyErr) {
        records[i].failedIn = applyErr ? 'apply' : 'verify';
        await rollback(i);
        return { ok: false, outcome: 'rolled-back', failedStep: steps[i].id, error: verifyErr };
      }
      records[i].outcome = 'applied';
    }
    return { ok: true, outcome: steps.length === 0 ? 'nothing-to-do' : 'applied' };
  };

  return withSignalsDeferred(async (interrupted) => {
    let partial: Awaited<ReturnType<typeof body>>;
    try {
      partial = await body(interrupted);
    } finally {
      await cleanupAll();
    }
    const outcome: TransactionOutcome = undoFailures.length > 0 ? 'half-applied' : partial.outcome;
    const journal: Journal = {
      startedAt: started.toISOString(),
      durationMs: clock.now().getTime() - started.getTime(),
      outcome,
      steps: records.map((r) => ({ ...r })),
    };
    const result: TransactionResult = { ...partial, outcome, undone, undoFailures, cleanupFailures, journal };
    for (const leftover of cleanupFailures) deps.warn?.(`lvs-tui: warning: could not clean up after ${leftover}`);
    if (!deps.audit) return result;
    try {
      deps.audit.append(auditRecordOf(result, deps.user ?? { uid: null }, deps.argv ?? []));
      return result;
    } catch (err) {
      const auditError = `could not write the audit log ${deps.audit.path}: ${errorOf(err).message}`;
      deps.warn?.(`lvs-tui: warning: ${auditError}`);
      return { ...result, auditError };
    }
  }, deps.signals);
}

/** The audit log's line for a finished transaction (pure). */
export function auditRecordOf(result: TransactionResult, user: AuditUser, argv: readonly string[]): AuditRecord {
  const j = result.journal;
  return {
    time: j.startedAt,
    user,
    command: [...argv],
    outcome: j.outcome,
    durationMs: j.durationMs,
    ...(result.error ? { error: result.failedStep ? `${result.failedStep}: ${result.error.message}` : result.error.message } : {}),
    ...(result.undoFailures.length ? { undoFailures: result.undoFailures.map((u) => u.message) } : {}),
    steps: j.steps.map((s) => ({
      id: s.id,
      title: s.title,
      outcome: s.failedIn ? `${s.outcome} (failed in ${s.failedIn})` : s.outcome,
      phases: s.phases,
      commands: s.commands.map((c) => ({ phase: c.phase, file: c.file, args: c.args, exitCode: c.exitCode, stderr: c.stderr, durationMs: c.durationMs })),
      notes: s.notes,
    })),
  };
}

/** What the admin is told, one sentence a line (pure). */
export function describeResult(result: TransactionResult): string[] {
  const steps = result.journal.steps;
  const title = (id: string | undefined) => steps.find((s) => s.id === id)?.title ?? id ?? '';
  const undoneText = () => (result.undone.length ? `undone: ${result.undone.map((id) => title(id)).join('; ')}` : 'nothing had been changed yet');
  const lines: string[] = [];
  switch (result.outcome) {
    case 'nothing-to-do':
      lines.push('nothing to do');
      break;
    case 'applied':
      lines.push(`applied: ${steps.map((s) => s.title).join('; ')}`);
      break;
    case 'refused':
      lines.push(`refused at "${title(result.failedStep)}": ${result.error?.message ?? 'check failed'}`);
      lines.push('nothing was changed');
      break;
    case 'rolled-back': {
      const failed = steps.find((s) => s.id === result.failedStep);
      lines.push(`failed to ${failed?.failedIn ?? 'apply'} "${title(result.failedStep)}": ${result.error?.message ?? ''}`);
      lines.push(undoneText());
      lines.push('the router is back where it was');
      break;
    }
    case 'interrupted':
      lines.push(`interrupted before "${title(result.failedStep)}"`);
      lines.push(undoneText());
      lines.push('the router is back where it was');
      break;
    case 'half-applied': {
      const failed = steps.find((s) => s.id === result.failedStep);
      if (result.error instanceof TransactionError && result.error.code === 'interrupted') lines.push(`interrupted before "${title(result.failedStep)}"`);
      else lines.push(`failed to ${failed?.failedIn ?? 'apply'} "${title(result.failedStep)}": ${result.error?.message ?? ''}`);
      if (result.undone.length) lines.push(undoneText());
      for (const u of result.undoFailures) lines.push(u.message);
      break;
    }
  }
  return lines;
}
