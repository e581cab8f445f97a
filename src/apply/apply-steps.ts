// The apply plan turned into transaction steps, in the order that keeps a failure cheap: the live
// iptables chains, the live sysctls, the persisted rules and sysctl files, lvs.cf (renamed last),
// then, only when the admin asked for it, the record of what pulse loads and the pulse reload or
// restart (which cannot be undone, so it comes after everything else was applied and verified).

import { PulseCommands } from '../system/pulse-service';
import { ApplyPlan } from './plan';
import { DesiredChains } from './render-iptables';
import { parseIptablesSave } from './iptables-save';
import { OWNED_CHAINS, jumpRule } from './owned-chains';
import { ProgramPaths } from './sidecar';
import { FileStepOptions, fileStep } from './steps/file-step';
import { iptablesStep } from './steps/iptables-step';
import { pulseStep } from './steps/pulse-step';
import { sysctlStep } from './steps/sysctl-step';
import { Step } from './transaction';

export interface PulseRequest {
  readonly action: 'reload' | 'restart';
  readonly commands: PulseCommands;
}

/**
 * Whether `iptables-save -t TABLE` output of the tables the rules touched shows lvs-tui's chains
 * exactly as desired (rules in order, one jump from the hook chain); null when it does.
 */
export function ownedChainsProblem(saveOutput: string, desired: DesiredChains): string | null {
  const saved = parseIptablesSave(saveOutput);
  for (const o of OWNED_CHAINS) {
    const table = saved.get(o.table);
    if (!table) continue; // a table the rules did not touch is not in the output
    const want = desired[o.table];
    const chain = table.chains.get(o.chain);
    const have = chain ? chain.rules.map((r) => r.text) : null;
    const jumps = (table.chains.get(o.hook)?.rules ?? []).filter((r) => r.text === jumpRule(o)).length;
    if (want.length === 0) {
      if (jumps !== 0) return `${o.hook} in ${o.table} still jumps to ${o.chain}`;
      if (have !== null && have.length > 0) return `${o.chain} in ${o.table} still holds ${have.length} rule(s)`;
      continue;
    }
    if (have === null) return `${o.chain} is missing from the ${o.table} table`;
    if (have.join('\n') !== want.join('\n')) return `${o.chain} in ${o.table} holds ${have.length} rule(s), ${want.length} expected: ${have.find((r, i) => r !== want[i]) ?? want[have.length]}`;
    if (jumps !== 1) return `${o.hook} in ${o.table} jumps to ${o.chain} ${jumps} times, once expected`;
  }
  return null;
}

/**
 * `makeFileStep` builds the step replacing one file: the local staged write by default; `lvs-tui
 * sync` passes one writing on the backup over SSH.
 */
export function applySteps(plan: ApplyPlan, programs: ProgramPaths, pulse: PulseRequest | null, makeFileStep: (opts: FileStepOptions & { id: string; title: string }) => Step = fileStep): Step[] {
  const steps: Step[] = [];
  const ipt = plan.iptables;
  if (ipt) {
    steps.push(
      iptablesStep({
        restoreText: ipt.restoreText,
        backText: ipt.backText,
        programs: { restore: programs.iptablesRestore, save: programs.iptablesSave },
        verify: (out) => ownedChainsProblem(out, ipt.desired),
      }),
    );
  }
  for (const c of plan.sysctl) {
    // previous null: the key does not exist here; the step's check refuses with the reason
    steps.push(sysctlStep({ key: c.key, value: c.value, previous: c.previous ?? '', sysctlProgram: programs.sysctl }));
  }
  for (const f of plan.files) steps.push(makeFileStep({ id: f.id, title: f.title, path: f.path, bytes: f.bytes, previous: f.previous, newFileMode: f.newFileMode }));
  // What pulse runs is known after a reload or restart, or when pulse is not running at all (it
  // reads the file when it starts); otherwise the record stays, so the next plan still says
  // pulse has not taken the change.
  const recordLoaded = pulse !== null || plan.impact.action === 'none';
  if (plan.loadedRecord && recordLoaded) {
    const r = plan.loadedRecord;
    steps.push(makeFileStep({ id: r.id, title: r.title, path: r.path, bytes: r.bytes, previous: r.previous, newFileMode: r.newFileMode }));
  }
  if (pulse) steps.push(pulseStep({ action: pulse.action, service: pulse.commands }));
  return steps;
}
