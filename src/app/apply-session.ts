// Planning and applying, shared by `lvs-tui plan`/`apply` and the TUI's review: read the router,
// plan the wanted lvs.cf (and, from the TUI, its staged lvs-tui.yaml) against it, turn the plan
// into transaction steps and run them as one transaction into the audit log. The CLI asks on the
// terminal; the TUI shows the plan in its review overlay, then calls `applyReviewed`, which takes
// lvs-tui's lock (in remote mode also the router's own, as the CLI's apply does), plans again and
// applies only if the router and the files are still what the admin reviewed.

import { dirname } from 'node:path';
import { ApplyPlan, planApply } from '../apply/plan';
import { PulseRequest, applySteps } from '../apply/apply-steps';
import { ProgramPaths, readSidecar } from '../apply/sidecar';
import { TransactionResult, describeResult, runTransaction } from '../apply/transaction';
import { formatDiagnostic } from '../config/diagnostic';
import { planText } from '../present/plan-text';
import { parse } from '../config/parse';
import { print } from '../config/print';
import { buildModel } from '../config/model';
import { setAttribute } from '../config/edit';
import { auditLogPath } from '../system/audit-log';
import { PulseCommands } from '../system/pulse-service';
import { LockHeldError } from '../system/io-error';
import type { RemoteLock } from '../system/remote-lock';
import { Deps } from '../cli/deps';
import { Paths } from '../cli/paths';
import { RouterState, readRouter } from '../cli/read-router';
import { DiskChange, diskChange } from './disk-watch';

/** Where to apply and with what; `deps.runner` runs every command (a logging or demo runner in the TUI). */
export interface ApplyEnv {
  readonly paths: Paths;
  readonly deps: Deps;
  /** the demo router's: marks pulse's actions so that they are shown, not run */
  readonly wrapPulse?: (c: PulseCommands) => PulseCommands;
}

export interface Desired {
  /** the lvs.cf wanted; undefined: the file on disk (a plain `lvs-tui apply`) */
  readonly config?: Buffer;
  /** the lvs-tui.yaml wanted; undefined: the file on disk */
  readonly sidecar?: Buffer;
}

export interface PlannedApply {
  readonly state: RouterState;
  readonly plan: ApplyPlan;
  /** the programs of the sidecar being applied */
  readonly programs: ProgramPaths;
}

export type PulseAction = 'reload' | 'restart';

export async function readAndPlan(env: ApplyEnv, desired: Desired): Promise<PlannedApply> {
  const state = await readRouter(env.paths, env.deps, { desiredSidecar: desired.sidecar });
  const plan = planApply(state.snapshot, desired.config ?? state.snapshot.config, desired.sidecar);
  const programs = desired.sidecar !== undefined ? readSidecar(desired.sidecar, env.paths.sidecar).sidecar.programs : state.sidecar.programs;
  return { state, plan, programs };
}

/** Why `action` cannot be asked of pulse for this plan; null when it can. */
export function pulseProblem(planned: PlannedApply, action: PulseAction): string | null {
  if (action === 'reload' && planned.plan.impact.action === 'restart') return 'these changes need a pulse restart (see the plan): a reload would not apply them';
  if (!planned.state.pulseCommands) return `cannot ${action} pulse: ${planned.state.pulseProblem ?? 'no service command'}`;
  return null;
}

/** The request for the transaction's last step (call pulseProblem first). */
export function pulseRequest(planned: PlannedApply, action: PulseAction): PulseRequest {
  const problem = pulseProblem(planned, action);
  if (problem !== null) throw new Error(problem);
  return { action, commands: planned.state.pulseCommands! };
}

/**
 * Runs the plan as one transaction (steps, audit log); null when there is no step to run (pulse
 * still needing something the admin declined).
 */
export async function runPlanned(env: ApplyEnv, planned: PlannedApply, pulse: PulseRequest | null, opts: { argv: readonly string[]; warn: (m: string) => void }): Promise<TransactionResult | null> {
  const { deps, paths } = env;
  const steps = applySteps(planned.plan, planned.programs, pulse);
  if (steps.length === 0) return null;
  await deps.makeDirectory(dirname(planned.state.snapshot.loadedPath));
  return runTransaction(
    { steps },
    { runner: deps.runner, files: deps.stager, audit: deps.auditLog(auditLogPath(paths.root)), user: deps.user(), argv: opts.argv, warn: opts.warn },
  );
}

/** The plan as the admin reads it: diagnostics, then each part as a diff, then the impact. */
export function reviewText(plan: ApplyPlan): string {
  return plan.diagnostics.map((d) => formatDiagnostic(d.file, d) + '\n').join('') + planText(plan);
}

// ---------------------------------------------------------------------------------------------
// The TUI's session

/** What the TUI's edit session holds (see src/app/edit-session.ts). */
export interface SessionFiles {
  readonly configBytes: Buffer;
  /** null: the session has no sidecar (none on disk, none staged) */
  readonly sidecarBytes: Buffer | null;
  readonly originalConfigBytes: Buffer;
  readonly originalSidecarBytes: Buffer | null;
}

export interface SessionReview {
  readonly planned: PlannedApply;
  readonly text: string;
  /** why `y` cannot apply this (errors, read-only, files changed on disk); null when it can */
  readonly refused: string | null;
  /** lvs.cf or the sidecar on disk differ from what the session read */
  readonly diskChange: DiskChange | null;
  readonly nothingToDo: boolean;
  /** compares two plans: equal when they would do the same */
  readonly fingerprint: string;
}

/**
 * Piranha's GUI raises serial_no on every save, as the CLI's edits do (src/cli/write-flow.ts): a
 * changed lvs.cf that has a serial_no gets the original's + 1, unless the admin set it by hand.
 */
export function withSerialRaised(original: Buffer, staged: Buffer): Buffer {
  if (staged.equals(original)) return staged;
  const doc = parse(staged);
  const mine = buildModel(doc).global.serialNo;
  const before = buildModel(parse(original)).global.serialNo;
  if (mine === null || before === null || mine !== before) return staged;
  return print(setAttribute(doc, {}, 'serial_no', String(before + 1)));
}

function desiredOf(files: SessionFiles): Desired {
  const config = withSerialRaised(files.originalConfigBytes, files.configBytes);
  const sidecarStaged = files.sidecarBytes !== null && !(files.originalSidecarBytes !== null && files.sidecarBytes.equals(files.originalSidecarBytes));
  return { config, ...(sidecarStaged ? { sidecar: files.sidecarBytes! } : {}) };
}

function fingerprintOf(plan: ApplyPlan): string {
  return JSON.stringify([plan.refused, planText(plan), plan.iptables?.restoreText ?? null, plan.sysctl, plan.files.map((f) => [f.path, f.bytes.toString('base64')])]);
}

/** Plans the session's staged files against the router (no lock: nothing is changed). */
export async function reviewSession(env: ApplyEnv, files: SessionFiles, opts: { readOnlyReason: string | null }): Promise<SessionReview> {
  const planned = await readAndPlan(env, desiredOf(files));
  const change = diskChange({ config: files.originalConfigBytes, sidecar: files.originalSidecarBytes }, { config: planned.state.snapshot.config, sidecar: planned.state.snapshot.sidecar });
  const refused =
    opts.readOnlyReason !== null
      ? `read-only: ${opts.readOnlyReason}`
      : change !== null
        ? `${change.summary}: reload the files (or look at the diff) before applying`
        : planned.plan.refused;
  return { planned, text: reviewText(planned.plan), refused, diskChange: change, nothingToDo: planned.plan.nothingToDo, fingerprint: fingerprintOf(planned.plan) };
}

export type SessionApplyOutcome =
  /** the transaction ran: result.ok says whether it applied or was rolled back */
  | { readonly kind: 'done'; readonly result: TransactionResult; readonly lines: readonly string[]; readonly pulse: PulseRequest | null; readonly applied: { readonly config: Buffer; readonly sidecar: Buffer | null } | null }
  /** nothing was run: why (refused, changed since the review, nothing to do, declined) */
  | { readonly kind: 'not-applied'; readonly reason: string; readonly review?: SessionReview };

/**
 * Applies what the admin reviewed: under lvs-tui's lock (and in remote mode the router's own), plans
 * again; if the files on disk or the plan changed since the review, nothing is applied (the admin
 * reviews again); another lvs-tui holding a lock is a not-applied saying which. `choosePulse` is
 * asked when pulse needs a reload or restart; it returns the action to run, null to leave pulse
 * alone, or 'cancel' to apply nothing.
 */
export async function applyReviewed(
  env: ApplyEnv,
  files: SessionFiles,
  reviewed: SessionReview,
  opts: { readOnlyReason: string | null; choosePulse: (needed: PulseAction, planned: PlannedApply) => Promise<PulseAction | null | 'cancel'>; argv?: readonly string[]; warn?: (m: string) => void },
): Promise<SessionApplyOutcome> {
  if (opts.readOnlyReason !== null) return { kind: 'not-applied', reason: `read-only: ${opts.readOnlyReason}` };
  const refusedByLock = (err: unknown): SessionApplyOutcome => {
    if (err instanceof LockHeldError) return { kind: 'not-applied', reason: `not applied: ${err.message}` };
    throw err;
  };
  let lock: { release(): void };
  try {
    lock = env.deps.locker.acquire(env.paths.lock);
  } catch (err) {
    return refusedByLock(err);
  }
  let farLock: RemoteLock | null = null;
  try {
    // remote mode: the router's own lock, the one `lvs-tui --host ... apply` and an lvs-tui on the router take
    if (env.deps.routerLock) {
      try {
        farLock = await env.deps.routerLock(env.paths.lock);
      } catch (err) {
        return refusedByLock(err);
      }
    }
    const now = await reviewSession(env, files, opts);
    if (now.refused !== null) return { kind: 'not-applied', reason: now.refused, review: now };
    if (now.fingerprint !== reviewed.fingerprint) return { kind: 'not-applied', reason: 'the router changed since the plan was shown: review the new plan', review: now };
    if (now.nothingToDo) return { kind: 'not-applied', reason: 'nothing to do: the router already runs this configuration', review: now };
    const needed = now.planned.plan.impact.action;
    let pulse: PulseRequest | null = null;
    if (needed !== 'none') {
      const action = await opts.choosePulse(needed, now.planned);
      if (action === 'cancel') return { kind: 'not-applied', reason: 'not applied: cancelled', review: now };
      if (action !== null) {
        const problem = pulseProblem(now.planned, action);
        if (problem !== null) return { kind: 'not-applied', reason: problem, review: now };
        const req = pulseRequest(now.planned, action);
        pulse = env.wrapPulse ? { ...req, commands: env.wrapPulse(req.commands) } : req;
      }
    }
    const warnings: string[] = [];
    const result = await runPlanned(env, now.planned, pulse, { argv: opts.argv ?? ['lvs-tui', 'tui', 'apply', ...(pulse ? [`--${pulse.action}`] : [])], warn: opts.warn ?? ((m) => warnings.push(m)) });
    if (result === null) return { kind: 'not-applied', reason: `nothing applied: pulse still needs a ${needed}`, review: now };
    const lines = [...describeResult(result), ...warnings];
    if (result.ok && !pulse && needed !== 'none') lines.push(`pulse was left alone: it still needs a ${needed} to take the change`);
    const sidecarWritten = now.planned.plan.files.find((f) => f.id === 'file:sidecar');
    const applied = result.ok ? { config: withSerialRaised(files.originalConfigBytes, files.configBytes), sidecar: sidecarWritten ? sidecarWritten.bytes : now.planned.state.snapshot.sidecar } : null;
    return { kind: 'done', result, lines, pulse, applied };
  } finally {
    // a release that fails (the link dropped) leaves a dead shell's lock, taken over as stale
    await farLock?.release().catch(() => undefined);
    lock.release();
  }
}
