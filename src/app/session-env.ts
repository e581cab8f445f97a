// The TUI's way to the router: every command goes through the command log (`:`/`@`), and on the
// demo router through the simulated kernel, which shows the iptables, sysctl and pulse commands
// labelled DEMO instead of running them. The demo's kernel starts as a router that had applied its
// lvs.cf already (lvs-tui's chains loaded, sysctls set, the saved files and pulse's record written
// in the demo root), so a review shows only what the admin changed.

import { simulateRestore } from '../apply/simulate-restore';
import type { DemoRouter } from '../demo';
import { CommandContext } from '../cli/commands/context';
import { Deps } from '../cli/deps';
import { Runner } from '../system/runner';
import { PulseCommands } from '../system/pulse-service';
import { ApplyEnv, readAndPlan } from './apply-session';
import { CommandLog, CommandSource, loggingRunner } from './command-log';
import { DemoKernel, demoRunner } from './demo-kernel';
import { dirname } from 'node:path';

/** What the TUI's views get from the entry (screens/shell.ts' TuiContext has these fields). */
export interface TuiEnv {
  readonly ctx: CommandContext;
  readonly demo: DemoRouter | null;
  readonly commandLog: CommandLog;
}

const kernels = new WeakMap<CommandLog, Promise<DemoKernel>>();

/** The runner for one kind of work: logged, and on the demo router simulated where it must be. */
export function sessionRunner(tui: TuiEnv, source: CommandSource, kernel: DemoKernel | null): Runner {
  const logged = loggingRunner(tui.ctx.deps.runner, tui.commandLog, source);
  return kernel ? demoRunner(logged, kernel, tui.commandLog, source) : logged;
}

/** The demo's simulated kernel, made (and the demo root settled) on first use; null off the demo. */
export function demoKernelOf(tui: TuiEnv): Promise<DemoKernel | null> {
  if (!tui.demo) return Promise.resolve(null);
  let k = kernels.get(tui.commandLog);
  if (!k) {
    k = settleDemo(tui.ctx);
    kernels.set(tui.commandLog, k);
  }
  return k;
}

/** Deps whose runner logs (and simulates on the demo), for apply-session and the live actions. */
export async function sessionEnv(tui: TuiEnv, source: CommandSource): Promise<ApplyEnv & { kernel: DemoKernel | null }> {
  const kernel = await demoKernelOf(tui);
  const deps: Deps = { ...tui.ctx.deps, runner: sessionRunner(tui, source, kernel) };
  return { paths: tui.ctx.paths, deps, kernel, ...(kernel ? { wrapPulse: (c: PulseCommands) => kernel.pulseCommands(c) } : {}) };
}

/** A fresh kernel and the demo root brought to the state applying its lvs.cf leaves (not logged). */
async function settleDemo(ctx: CommandContext): Promise<DemoKernel> {
  const blank = new DemoKernel();
  const quiet = new CommandLog();
  const deps: Deps = { ...ctx.deps, runner: demoRunner(ctx.deps.runner, blank, quiet, 'apply') };
  const { plan } = await readAndPlan({ paths: ctx.paths, deps }, {});
  const rules = plan.iptables ? simulateRestore(blank.ruleset(), plan.iptables.restoreText) : blank.ruleset();
  const sysctl = new Map<string, string>();
  for (const c of plan.sysctl) sysctl.set(c.key, c.value);
  for (const f of [...plan.files, ...(plan.loadedRecord ? [plan.loadedRecord] : [])]) {
    await ctx.deps.makeDirectory(dirname(f.path));
    const staged = await ctx.deps.stager.stage(f.path, f.bytes, { expected: f.previous, newFileMode: f.newFileMode ?? 0o644 });
    try {
      staged.commit();
    } finally {
      staged.discard();
    }
  }
  return new DemoKernel({ rules, sysctl });
}
