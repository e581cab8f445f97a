// Asking the service manager about pulse and telling it to reload or restart. The commands are data
// (built by the pure `pulseCommands`, run by whoever holds a Runner: the transaction runs them
// through its recording runner so the audit log shows them). Pulse not being installed is a normal
// state on a router being prepared, or on a workstation: `status()` says so rather than failing.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExecError } from './io-error';
import { Command, RunResult, Runner } from './runner';

export type PulseAction = 'status' | 'start' | 'stop' | 'restart' | 'reload';
export type PulseManager = 'systemctl' | 'service' | 'command';
export const PULSE_ACTIONS: readonly PulseAction[] = ['status', 'start', 'stop', 'restart', 'reload'];

/** How the admin (the sidecar) says pulse is managed; everything is optional. */
export interface PulseSettings {
  /** 'auto' (the default): systemctl when ROOT/run/systemd/system exists, else service */
  readonly manager?: 'auto' | PulseManager;
  /** the unit or init script name (default "pulse") */
  readonly service?: string;
  /** path of systemctl or service, when not the one on PATH */
  readonly program?: string;
  /** for manager "command": the argument array of each action (status is required) */
  readonly commands?: Readonly<Partial<Record<PulseAction, readonly string[]>>>;
}

export interface PulseCommands {
  readonly manager: PulseManager;
  /** for messages: "pulse.service", "pulse", or the status command */
  readonly name: string;
  readonly actions: Readonly<Partial<Record<PulseAction, Command>>>;
}

export interface PulseStatus {
  readonly installed: boolean;
  /** null when the answer could not be read */
  readonly running: boolean | null;
  /** one line for the admin: what the manager said */
  readonly detail: string;
}

/** A sidecar's pulse settings that cannot be used. */
export class PulseConfigError extends Error {
  readonly code = 'pulse-config';
  constructor(message: string) {
    super(message);
    this.name = 'PulseConfigError';
  }
}

const STATUS_TIMEOUT_MS = 15_000;
/** pulse stops lvsd and nanny and brings the VIPs down and up: give a restart time */
const ACTION_TIMEOUT_MS = 90_000;

/** systemd is the init when this directory exists (what sd_booted() checks). */
export function detectPulseManager(root: string, exists: (path: string) => boolean = existsSync): 'systemctl' | 'service' {
  return exists(join(root, 'run', 'systemd', 'system')) ? 'systemctl' : 'service';
}

/** LSB status exits: 1-3 not running, 4 unknown service; answers, not failures */
export const LSB_STATUS_EXITS: readonly number[] = [1, 2, 3, 4];

const timeoutOf = (action: PulseAction) => (action === 'status' ? STATUS_TIMEOUT_MS : ACTION_TIMEOUT_MS);

/** The commands for each action (pure). `detected` is what detectPulseManager found, used for 'auto'. */
export function pulseCommands(settings: PulseSettings, detected: 'systemctl' | 'service'): PulseCommands {
  const manager = settings.manager === undefined || settings.manager === 'auto' ? detected : settings.manager;
  const service = settings.service ?? 'pulse';
  const actions: Partial<Record<PulseAction, Command>> = {};
  switch (manager) {
    case 'systemctl': {
      const unit = service.includes('.') ? service : `${service}.service`;
      for (const a of PULSE_ACTIONS) {
        actions[a] = { file: settings.program ?? 'systemctl', args: a === 'status' ? ['status', '--no-pager', '--lines=0', unit] : [a, unit], timeoutMs: timeoutOf(a) };
      }
      return { manager, name: unit, actions };
    }
    case 'service':
      for (const a of PULSE_ACTIONS) actions[a] = { file: settings.program ?? 'service', args: [service, a], timeoutMs: timeoutOf(a) };
      return { manager, name: service, actions };
    case 'command': {
      const given = settings.commands ?? {};
      if (!given.status || given.status.length === 0) throw new PulseConfigError('pulse: manager "command" needs a status command (an argument array)');
      for (const a of PULSE_ACTIONS) {
        const argv = given[a];
        if (argv === undefined) continue;
        if (argv.length === 0 || argv[0] === '') throw new PulseConfigError(`pulse: the ${a} command is empty`);
        actions[a] = { file: argv[0], args: argv.slice(1), timeoutMs: timeoutOf(a) };
      }
      return { manager, name: given.status.join(' '), actions };
    }
  }
}

/** What a status command's exit says (pure). Exit codes follow LSB: 0 running, 1-3 not, 4 unknown. */
export function interpretPulseStatus(cmds: PulseCommands, exitCode: number | null, output: string): PulseStatus {
  const said = firstLines(output);
  const shown = `${cmds.actions.status?.file ?? ''} ${cmds.actions.status?.args.join(' ') ?? ''}`.trim();
  const notInstalled = (why: string): PulseStatus => ({ installed: false, running: null, detail: `pulse is not installed here (${why})` });
  if (exitCode === null) return notInstalled(said || `${shown} could not run`);
  if (exitCode === 0) return { installed: true, running: true, detail: said || 'pulse is running' };
  if (exitCode === 4 || /could not be found|unrecognized service/i.test(output)) return notInstalled(said || `${shown}: exit 4`);
  if (exitCode >= 1 && exitCode <= 3) return { installed: true, running: false, detail: said || 'pulse is not running' };
  return { installed: true, running: null, detail: `${shown} exited ${exitCode}${said ? `: ${said}` : ''}` };
}

function firstLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const joined = lines.slice(0, 2).join('; ');
  return joined.length > 200 ? `${joined.slice(0, 199)}…` : joined;
}

/** Runs the status command; an exit status is an answer, not an error. */
export async function readPulseStatus(runner: Runner, cmds: PulseCommands): Promise<PulseStatus> {
  const cmd = cmds.actions.status;
  if (!cmd) return { installed: false, running: null, detail: 'no status command is configured for pulse' };
  try {
    const r = await runner.run({ ...cmd, acceptExit: LSB_STATUS_EXITS });
    return interpretPulseStatus(cmds, r.exitCode ?? 0, `${r.stdout}\n${r.stderr}`);
  } catch (err) {
    if (err instanceof ExecError) return interpretPulseStatus(cmds, err.status, err.stderr);
    throw err;
  }
}

export interface PulseService {
  readonly commands: PulseCommands;
  status(): Promise<PulseStatus>;
  /** Runs an action; ExecError when it fails, PulseConfigError when none is configured for it. */
  run(action: Exclude<PulseAction, 'status'>): Promise<RunResult>;
}

export function pulseService(runner: Runner, commands: PulseCommands): PulseService {
  return {
    commands,
    status: () => readPulseStatus(runner, commands),
    run(action) {
      const cmd = commands.actions[action];
      if (!cmd) return Promise.reject(new PulseConfigError(`no command is configured to ${action} pulse`));
      return runner.run(cmd);
    },
  };
}
