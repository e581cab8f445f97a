// `lvs-tui plan` and `lvs-tui apply`: read the router, plan, show the plan as one diff, then (apply)
// ask and run it as one transaction (src/apply/transaction.ts), all or nothing.

import { dirname } from 'node:path';
import { formatDiagnostic } from '../../config/diagnostic';
import { ApplyPlan, planApply } from '../../apply/plan';
import { PulseRequest, applySteps } from '../../apply/apply-steps';
import { describeResult, runTransaction } from '../../apply/transaction';
import { auditLogPath } from '../../system/audit-log';
import { planText } from '../../present/plan-text';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { readRouter, RouterState } from '../read-router';
import { CommandContext } from './context';

async function readAndPlan({ options, paths, deps }: CommandContext): Promise<{ state: RouterState; plan: ApplyPlan }> {
  const state = await readRouter(paths, deps);
  const desired = options.from !== undefined ? deps.files.read(options.from) : state.snapshot.config;
  return { state, plan: planApply(state.snapshot, desired) };
}

function showPlan(plan: ApplyPlan, { deps }: CommandContext): void {
  for (const d of plan.diagnostics) deps.stdout.write(formatDiagnostic(d.file, d) + '\n');
  deps.stdout.write(planText(plan));
}

export async function runPlan(ctx: CommandContext): Promise<ExitCode> {
  if (ctx.positionals.length) throw new UsageError('plan takes no arguments', 'plan');
  const { plan } = await readAndPlan(ctx);
  if (ctx.options.json) {
    const data = {
      refused: plan.refused,
      nothingToDo: plan.nothingToDo,
      diagnostics: plan.diagnostics.map((d) => ({ file: d.file, severity: d.severity, code: d.code, message: d.message, line: d.span.line, column: d.span.column })),
      iptables: plan.iptables && { restore: plan.iptables.restoreText, back: plan.iptables.backText },
      sysctl: plan.sysctl,
      files: plan.files.map((f) => ({ path: f.path, created: f.previous === null })),
      impact: plan.impact,
    };
    ctx.deps.stdout.write(JSON.stringify(data, null, 2) + '\n');
  } else {
    showPlan(plan, ctx);
    if (plan.refused) ctx.deps.stdout.write(`lvs-tui: cannot apply: ${plan.refused}\n`);
    else if (plan.nothingToDo) ctx.deps.stdout.write('nothing to do: the router already runs this configuration\n');
  }
  return plan.refused ? EXIT.refused : EXIT.ok;
}

/** What to do with pulse: from --reload/--restart, or asked; null: leave it alone. */
async function choosePulse(ctx: CommandContext, plan: ApplyPlan, state: RouterState): Promise<PulseRequest | null> {
  const { options, deps } = ctx;
  if (options.reload && options.restart) throw new UsageError('give --reload or --restart, not both', 'apply');
  const needed = plan.impact.action;
  let action: 'reload' | 'restart' | null = options.restart ? 'restart' : options.reload ? 'reload' : null;
  if (action === 'reload' && needed === 'restart') {
    throw new RefusedError('these changes need a pulse restart (see the plan): a reload would not apply them; use --restart, or neither to leave pulse alone');
  }
  if (action === null && !options.yes && needed !== 'none') {
    const answer = await deps.ask(`pulse needs a ${needed} to take the change${needed === 'restart' ? ' (this clears the whole IPVS table)' : ''}. ${needed} pulse now?`);
    if (answer) action = needed;
  }
  if (action === null) return null;
  if (!state.pulseCommands) throw new RefusedError(`cannot ${action} pulse: ${state.pulseProblem ?? 'no service command'}`);
  return { action, commands: state.pulseCommands };
}

export async function runApply(ctx: CommandContext): Promise<ExitCode> {
  const { options, paths, deps } = ctx;
  if (ctx.positionals.length) throw new UsageError('apply takes no arguments', 'apply');
  if (options.dryRun) return runPlan(ctx);
  if ((options.reload || options.restart) && !options.yes) throw new UsageError('--reload and --restart go with --yes (without --yes, apply asks)', 'apply');
  const lock = deps.locker.acquire(paths.lock);
  try {
    const { state, plan } = await readAndPlan(ctx);
    showPlan(plan, ctx);
    if (plan.refused) {
      deps.stderr.write(`lvs-tui: not applied: ${plan.refused}\n`);
      return EXIT.refused;
    }
    if (plan.nothingToDo && !options.reload && !options.restart) {
      deps.stdout.write('nothing to do: the router already runs this configuration\n');
      return EXIT.ok;
    }
    if (!options.yes) {
      const answer = await deps.ask('Apply these changes?');
      if (answer === null) throw new UsageError('there is no terminal to ask on: give --yes to apply without asking', 'apply');
      if (!answer) {
        deps.stderr.write('lvs-tui: not applied\n');
        return EXIT.refused;
      }
    }
    const pulse = await choosePulse(ctx, plan, state);
    const steps = applySteps(plan, state.sidecar.programs, pulse);
    if (steps.length === 0) {
      deps.stdout.write(`nothing applied: pulse still needs a ${plan.impact.action}\n`);
      return EXIT.ok;
    }
    deps.makeDirectory(dirname(state.snapshot.loadedPath));
    const result = await runTransaction(
      { steps },
      {
        runner: deps.runner,
        files: deps.stager,
        audit: deps.auditLog(auditLogPath(paths.root)),
        user: deps.user(),
        argv: ['lvs-tui', 'apply', ...(options.from ? ['--from', options.from] : []), ...(options.yes ? ['--yes'] : []), ...(pulse ? [`--${pulse.action}`] : [])],
        warn: (m) => deps.stderr.write(`${m}\n`),
      },
    );
    const out = result.ok ? deps.stdout : deps.stderr;
    for (const line of describeResult(result)) out.write(`${result.ok ? '' : 'lvs-tui: '}${line}\n`);
    if (result.ok && !pulse && plan.impact.action !== 'none') deps.stdout.write(`pulse was left alone: it still needs a ${plan.impact.action} to take the change\n`);
    return result.ok ? EXIT.ok : EXIT.refused;
  } finally {
    lock.release();
  }
}
