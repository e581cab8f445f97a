// Reads what the router holds now, for `plan` and `apply`: lvs.cf, the sidecar, the record of what
// pulse loaded, lvs-tui's iptables chains (iptables-save of the mangle and nat tables), the live
// sysctls lvs-tui manages, the persisted rules and sysctl files, and pulse's state. Every path in
// the sidecar is taken under --root.

import { join } from 'node:path';
import type { RouterSnapshot } from '../apply/plan';
import { IPTABLES_TABLES, sysctlKeysToRead } from '../apply/router-reads';
import { Sidecar, readSidecar } from '../apply/sidecar';
import { IoError, ExecError } from '../system/io-error';
import { PulseCommands, PulseStatus, pulseCommands, readPulseStatus } from '../system/pulse-service';
import { Deps } from './deps';
import { Paths } from './paths';
import { readIfPresent } from './read-if-present';

export interface RouterState {
  readonly snapshot: RouterSnapshot;
  readonly sidecar: Sidecar;
  readonly pulseCommands: PulseCommands | null;
  /** why pulse's commands could not be built (a sidecar mistake), when they could not */
  readonly pulseProblem: string | null;
  readonly pulseStatus: PulseStatus;
}

/** Where lvs-tui records the lvs.cf pulse was last started, restarted or reloaded with. */
export function loadedRecordPath(paths: Paths): string {
  return join(paths.root, 'var', 'lib', 'lvs-tui', 'pulse-loaded.cf');
}

async function iptablesSave(deps: Deps, program: string): Promise<string> {
  let out = '';
  for (const table of IPTABLES_TABLES) {
    try {
      out += (await deps.runner.run({ file: program, args: ['-t', table] })).stdout;
    } catch (err) {
      const why = err instanceof ExecError ? err.stderr.trim() || err.message : String(err);
      throw new IoError('io', `cannot read the live iptables rules (${program} -t ${table}): ${why}`, program);
    }
  }
  return out;
}

/** A live sysctl, null when this kernel does not have the key. */
async function sysctlValue(deps: Deps, program: string, key: string): Promise<string | null> {
  try {
    return (await deps.runner.run({ file: program, args: ['-n', key] })).stdout.replace(/\n$/, '');
  } catch (err) {
    if (err instanceof ExecError && err.status !== null && /cannot stat|No such file|unknown key/i.test(err.stderr)) return null;
    const why = err instanceof ExecError ? err.stderr.trim() || err.message : String(err);
    throw new IoError('io', `cannot read sysctl ${key} (${program} -n ${key}): ${why}`, program);
  }
}

/**
 * `desiredSidecar`: a sidecar about to be applied (the TUI's staged one): the sysctls it manages
 * are read too, so the plan knows their live values.
 */
export async function readRouter(paths: Paths, deps: Deps, opts: { desiredSidecar?: Buffer } = {}): Promise<RouterState> {
  const config = deps.files.read(paths.config);
  const sidecarBytes = readIfPresent(deps, paths.sidecar);
  const { sidecar } = readSidecar(sidecarBytes, paths.sidecar);
  const under = (p: string) => join(paths.root, p);
  const persistedIptablesPath = under(sidecar.persist.iptables);
  const persistedSysctlPath = under(sidecar.persist.sysctl);

  let commands: PulseCommands | null = null;
  let pulseProblem: string | null = null;
  try {
    commands = pulseCommands(sidecar.pulse, deps.hasSystemd(paths.root) ? 'systemctl' : 'service');
  } catch (err) {
    pulseProblem = err instanceof Error ? err.message : String(err);
  }
  const pulseStatus: PulseStatus = commands ? await readPulseStatus(deps.runner, commands) : { installed: false, running: null, detail: pulseProblem ?? 'pulse is not configured' };

  const sysctl = new Map<string, string | null>();
  const keys = new Set(sysctlKeysToRead(sidecarBytes, paths.sidecar));
  if (opts.desiredSidecar !== undefined) for (const k of sysctlKeysToRead(opts.desiredSidecar, paths.sidecar)) keys.add(k);
  for (const key of keys) sysctl.set(key, await sysctlValue(deps, sidecar.programs.sysctl, key));

  const snapshot: RouterSnapshot = {
    configPath: paths.config,
    config,
    sidecarPath: paths.sidecar,
    sidecar: sidecarBytes,
    loadedPath: loadedRecordPath(paths),
    loaded: readIfPresent(deps, loadedRecordPath(paths)),
    iptablesSave: await iptablesSave(deps, sidecar.programs.iptablesSave),
    sysctl,
    persistedIptables: { path: persistedIptablesPath, bytes: readIfPresent(deps, persistedIptablesPath) },
    persistedSysctl: { path: persistedSysctlPath, bytes: readIfPresent(deps, persistedSysctlPath) },
    pulse: { installed: pulseStatus.installed, running: pulseStatus.running === true },
  };
  return { snapshot, sidecar, pulseCommands: commands, pulseProblem, pulseStatus };
}
