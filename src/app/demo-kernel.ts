// The demo router's netfilter, sysctls and pulse, simulated in memory: on `--demo` the TUI applies
// through the very transaction a real router runs (files in the demo root are written for real),
// but the iptables, sysctl and pulse commands are shown, labelled DEMO, instead of run. The runner
// below answers them as the real programs would (iptables-save prints the simulated tables,
// iptables-restore changes them through the same simulation the plan uses, sysctl reads and
// writes the simulated values), so the steps' checks and verifications pass or fail honestly;
// every other command (the demo's own ipvsadm) runs.

import { basename } from 'node:path';
import { BUILTIN_CHAINS } from '../apply/owned-chains';
import { SavedChain, SavedRuleset, SavedTable } from '../apply/iptables-save';
import { simulateRestore } from '../apply/simulate-restore';
import { PulseAction, PulseCommands } from '../system/pulse-service';
import { ExecError } from '../system/io-error';
import { Command, RunResult, Runner } from '../system/runner';
import { CommandLog, CommandSource } from './command-log';

/**
 * What a simulated command says on stderr, so that the transaction's journal and the audit log
 * (which keep stderr, not stdout) show too that it was not run.
 */
export const DEMO_NOTE = 'DEMO: simulated, not run\n';

/** The empty ruleset of a router whose tables hold only their built-in chains. */
export function emptyRuleset(): SavedRuleset {
  const out = new Map<string, SavedTable>();
  for (const [table, names] of Object.entries(BUILTIN_CHAINS)) {
    const chains = new Map<string, SavedChain>();
    for (const n of names) chains.set(n, { name: n, policy: 'ACCEPT', rules: [] });
    out.set(table, { name: table, chains });
  }
  return out;
}

/** One table as `iptables-save -t TABLE` prints it (without the comment lines and counters). */
export function printSavedTable(t: SavedTable | undefined, name: string): string {
  const lines = [`*${name}`];
  const chains = t ? [...t.chains.values()] : [];
  for (const c of chains) lines.push(`:${c.name} ${c.policy ?? '-'} [0:0]`);
  for (const c of chains) for (const r of c.rules) lines.push(r.text);
  lines.push('COMMIT');
  return lines.join('\n') + '\n';
}

export class DemoKernel {
  private rules: SavedRuleset;
  private readonly sysctl: Map<string, string>;
  private readonly pulseActions = new Map<Command, PulseAction>();

  constructor(init: { rules?: SavedRuleset; sysctl?: ReadonlyMap<string, string> } = {}) {
    this.rules = init.rules ?? emptyRuleset();
    this.sysctl = new Map(init.sysctl ?? []);
  }

  ruleset(): SavedRuleset {
    return this.rules;
  }

  sysctlValue(key: string): string {
    return this.valueOf(key);
  }

  /**
   * pulse's commands with their actions (not the status query) marked for the demo runner: the
   * demo's pulse service uses one no-op command for every action, so they are told apart by
   * identity. The runner shows these instead of running them.
   */
  pulseCommands(cmds: PulseCommands): PulseCommands {
    const actions: Partial<Record<PulseAction, Command>> = {};
    for (const [a, cmd] of Object.entries(cmds.actions) as [PulseAction, Command][]) {
      if (a === 'status') {
        actions[a] = cmd;
        continue;
      }
      const copy = { ...cmd };
      this.pulseActions.set(copy, a);
      actions[a] = copy;
    }
    return { ...cmds, actions };
  }

  /** A key the demo was not seeded with reads as the kernel's usual default, 0. */
  private valueOf(key: string): string {
    if (!this.sysctl.has(key)) this.sysctl.set(key, '0');
    return this.sysctl.get(key)!;
  }

  /** What the simulated program answers; null: not one of the simulated programs. */
  answer(cmd: Command): RunResult | null {
    const name = basename(cmd.file);
    const pulse = this.pulseActions.get(cmd);
    if (pulse) return { stdout: `DEMO: pulse ${pulse} was not run (a real router would ${pulse} pulse here)\n`, stderr: DEMO_NOTE };
    if (name === 'iptables-save' || name === 'ip6tables-save') return this.save(cmd);
    if (name === 'iptables-restore' || name === 'ip6tables-restore') return this.restore(cmd);
    if (name === 'sysctl') return this.sysctlCommand(cmd);
    if (name === 'iptables' || name === 'ip6tables') return { stdout: '', stderr: DEMO_NOTE };
    return null;
  }

  private save(cmd: Command): RunResult {
    const i = cmd.args.indexOf('-t');
    const names = i >= 0 && cmd.args[i + 1] ? [cmd.args[i + 1]] : [...this.rules.keys()];
    return { stdout: names.map((n) => printSavedTable(this.rules.get(n), n)).join(''), stderr: DEMO_NOTE };
  }

  private restore(cmd: Command): RunResult {
    const text = cmd.stdin === undefined ? '' : typeof cmd.stdin === 'string' ? cmd.stdin : Buffer.from(cmd.stdin).toString('utf8');
    let next: SavedRuleset;
    try {
      next = simulateRestore(this.rules, text);
    } catch (err) {
      throw new ExecError(cmd.file, cmd.args, 1, `${err instanceof Error ? err.message : String(err)}\n`);
    }
    if (!cmd.args.includes('--test')) this.rules = next;
    return { stdout: '', stderr: DEMO_NOTE };
  }

  private sysctlCommand(cmd: Command): RunResult {
    const [flag, arg] = cmd.args;
    if (flag === '-n' && arg !== undefined) {
      return { stdout: `${this.valueOf(arg)}\n`, stderr: DEMO_NOTE };
    }
    if (flag === '-w' && arg !== undefined && arg.includes('=')) {
      const key = arg.slice(0, arg.indexOf('='));
      const value = arg.slice(arg.indexOf('=') + 1);
      this.sysctl.set(key, value);
      return { stdout: `${key} = ${value}\n`, stderr: DEMO_NOTE };
    }
    throw new ExecError(cmd.file, cmd.args, 255, `sysctl: the demo router does not simulate "${cmd.args.join(' ')}"\n`);
  }
}

/**
 * A Runner for the demo router: the simulated programs are answered by `kernel` and logged as
 * DEMO (not run); anything else goes to `inner` (which logs it itself).
 */
export function demoRunner(inner: Runner, kernel: DemoKernel, log: CommandLog, source: CommandSource, now: () => Date = () => new Date()): Runner {
  return {
    async run(cmd) {
      const at = now();
      let answer: RunResult | null;
      try {
        answer = kernel.answer(cmd);
      } catch (err) {
        const e = err as ExecError;
        log.add({ at, source, file: cmd.file, args: [...cmd.args], stdinBytes: stdinBytes(cmd), exitCode: e.status ?? null, stdout: '', stderr: e.stderr ?? String(err), durationMs: 0, demo: true, note: 'DEMO: simulated, not run' });
        throw err;
      }
      if (answer === null) return inner.run(cmd);
      log.add({ at, source, file: cmd.file, args: [...cmd.args], stdinBytes: stdinBytes(cmd), exitCode: 0, stdout: answer.stdout, stderr: answer.stderr, durationMs: 0, demo: true, note: 'DEMO: simulated, not run' });
      return answer;
    },
  };
}

function stdinBytes(cmd: Command): number | null {
  if (cmd.stdin === undefined) return null;
  return typeof cmd.stdin === 'string' ? Buffer.byteLength(cmd.stdin) : cmd.stdin.length;
}
