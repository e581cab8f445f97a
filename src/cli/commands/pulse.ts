// `lvs-tui pulse status|start|stop|restart|reload [--yes]`: Piranha's start/stop control, through
// systemctl, service or the sidecar's own commands (src/system/pulse-service.ts). Status only
// reads; the others show the exact command and what it does to the router, ask (or take --yes),
// run it under lvs-tui's lock (never in the middle of an apply), show its output, record it in
// the audit log, and say pulse's state afterwards.

import { readSidecar } from '../../apply/sidecar';
import { PULSE_ACTIONS, PulseAction, PulseCommands, PulseConfigError, pulseCommands, readPulseStatus } from '../../system/pulse-service';
import { commandText } from '../../monitor/live-actions';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { readIfPresent } from '../read-if-present';
import { CommandContext } from './context';
import { confirm, runAudited, withChangeLocks } from './run-audited';

/** What each action does to a running router, said before it is asked. */
const EFFECT: Record<Exclude<PulseAction, 'status'>, string> = {
  start: 'pulse starts; on the active router it raises the VIPs, starts lvsd (which builds the IPVS table) and one nanny per real server.',
  stop: 'pulse stops: this router drops its VIPs and lvsd and the nannies stop; the backup router takes over if it runs, otherwise the services stop.',
  restart:
    'pulse restarts: lvsd clears the whole IPVS table (ipvsadm -C) and rebuilds it, the nannies start again (real servers ramp up from a low weight), connections in progress may break, and the backup may take over meanwhile.',
  reload: 'pulse reloads: lvsd re-reads lvs.cf and adds or removes whole virtual and real servers; other changes need a restart.',
};

export function pulseCommandsFor(ctx: CommandContext): PulseCommands {
  const { sidecar } = readSidecar(readIfPresent(ctx.deps, ctx.paths.sidecar), ctx.paths.sidecar);
  try {
    return pulseCommands(sidecar.pulse, ctx.deps.hasSystemd(ctx.paths.root) ? 'systemctl' : 'service');
  } catch (err) {
    if (err instanceof PulseConfigError) throw new RefusedError(`${err.message} (in ${ctx.paths.sidecar})`);
    throw err;
  }
}

function isAction(s: string): s is PulseAction {
  return (PULSE_ACTIONS as readonly string[]).includes(s);
}

export async function runPulse(ctx: CommandContext): Promise<ExitCode> {
  const { positionals, options, deps } = ctx;
  if (positionals.length !== 1) throw new UsageError('pulse takes one action: status, start, stop, restart or reload', 'pulse');
  const action = positionals[0];
  if (!isAction(action)) throw new UsageError(`unknown pulse action "${action}" (status, start, stop, restart or reload)`, 'pulse');
  const cmds = pulseCommandsFor(ctx);

  if (action === 'status') {
    const s = await readPulseStatus(deps.runner, cmds);
    const state = !s.installed ? 'not installed' : s.running === true ? 'running' : s.running === false ? 'not running' : 'unknown';
    deps.stdout.write(`pulse (${cmds.name}): ${state}\n${s.detail}\n`);
    return s.running === true ? EXIT.ok : EXIT.refused;
  }

  const cmd = cmds.actions[action];
  if (!cmd) throw new RefusedError(`no command is configured to ${action} pulse (give pulse.${action} in ${ctx.paths.sidecar})`);
  deps.stdout.write(`${EFFECT[action]}\nwill run: ${commandText(cmd)}\n`);
  if (options.dryRun) return EXIT.ok;
  if (!(await confirm(ctx, `${action[0].toUpperCase()}${action.slice(1)} pulse now?`, 'pulse'))) return EXIT.refused;
  const code = await withChangeLocks(ctx, () =>
    runAudited(ctx, cmd, { id: `pulse-${action}`, title: `${action} pulse (${cmds.name})`, notes: [] }, ['lvs-tui', 'pulse', action, ...(options.yes ? ['--yes'] : [])]),
  );
  // what the manager says now, so the admin does not have to ask
  const after = await readPulseStatus(deps.runner, cmds);
  const state = !after.installed ? 'not installed' : after.running === true ? 'running' : after.running === false ? 'not running' : 'unknown';
  (code === EXIT.ok ? deps.stdout : deps.stderr).write(`pulse is now ${state}\n`);
  return code;
}
