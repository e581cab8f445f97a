// `lvs-tui plan` and `lvs-tui apply`: read the router, plan, show the plan as one diff, then (apply)
// ask and run it as one transaction (src/apply/transaction.ts), all or nothing.

import { ApplyPlan } from '../../apply/plan';
import { PulseRequest } from '../../apply/apply-steps';
import { describeResult } from '../../apply/transaction';
import { PlannedApply, pulseProblem, pulseRequest, readAndPlan as planRouter, reviewText, runPlanned } from '../../app/apply-session';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { CommandContext } from './context';

function readAndPlan({ options, paths, deps }: CommandContext): Promise<PlannedApply> {
  return planRouter({ paths, deps }, options.from !== undefined ? { config: deps.files.read(options.from) } : {});
}

function showPlan(plan: ApplyPlan, { deps }: CommandContext): void {
  deps.stdout.write(reviewText(plan));
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
async function choosePulse(ctx: CommandContext, planned: PlannedApply): Promise<PulseRequest | null> {
  const { options, deps } = ctx;
  const { plan } = planned;
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
  const problem = pulseProblem(planned, action);
  if (problem !== null) throw new RefusedError(problem);
  return pulseRequest(planned, action);
}

export async function runApply(ctx: CommandContext): Promise<ExitCode> {
  const code = await applyHere(ctx);
  if (code !== EXIT.ok || ctx.options.dryRun) return code;
  const { offerSync } = require('./apply-sync') as typeof import('./apply-sync');
  return offerSync(ctx);
}

async function applyHere(ctx: CommandContext): Promise<ExitCode> {
  const { options, paths, deps } = ctx;
  if (ctx.positionals.length) throw new UsageError('apply takes no arguments', 'apply');
  if (options.dryRun) return runPlan(ctx);
  if ((options.reload || options.restart) && !options.yes) throw new UsageError('--reload and --restart go with --yes (without --yes, apply asks)', 'apply');
  const lock = deps.locker.acquire(paths.lock);
  try {
    const planned = await readAndPlan(ctx);
    const { plan } = planned;
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
    const pulse = await choosePulse(ctx, planned);
    const result = await runPlanned({ paths, deps }, planned, pulse, {
      argv: ['lvs-tui', 'apply', ...(options.from ? ['--from', options.from] : []), ...(options.yes ? ['--yes'] : []), ...(pulse ? [`--${pulse.action}`] : [])],
      warn: (m) => deps.stderr.write(`${m}\n`),
    });
    if (result === null) {
      deps.stdout.write(`nothing applied: pulse still needs a ${plan.impact.action}\n`);
      return EXIT.ok;
    }
    const out = result.ok ? deps.stdout : deps.stderr;
    for (const line of describeResult(result)) out.write(`${result.ok ? '' : 'lvs-tui: '}${line}\n`);
    if (result.ok && !pulse && plan.impact.action !== 'none') deps.stdout.write(`pulse was left alone: it still needs a ${plan.impact.action} to take the change\n`);
    return result.ok ? EXIT.ok : EXIT.refused;
  } finally {
    lock.release();
  }
}
