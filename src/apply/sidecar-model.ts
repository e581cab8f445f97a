// The typed value of lvs-tui.yaml, the sidecar holding what lvs.cf cannot (pulse rejects unknown
// keys): the ports behind each firewall mark, FTP masquerading, where iptables and sysctl settings
// are persisted, how pulse is driven, the programs lvs-tui runs. YAML keys are snake_case; the
// fields here are their camelCase twins.

import { Span } from '../config/diagnostic';
import { NO_ROUTERS, RoutersSettings } from './sidecar-routers';

export type MarkProtocol = 'tcp' | 'udp' | 'sctp';
export const MARK_PROTOCOLS: readonly MarkProtocol[] = ['tcp', 'udp', 'sctp'];

/** An inclusive port range; a single port has from === to. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export interface FirewallMark {
  /** 1..2^32-1 */
  readonly mark: number;
  readonly protocol: MarkProtocol;
  readonly ports: readonly PortRange[];
  /** the destination as `a.b.c.d/prefix` (a bare address reads as /32); null: the VIP of the virtual with this fwmark */
  readonly vip: string | null;
  /** position in `firewall_marks` (for spans and edits) */
  readonly index: number;
}

export type ServiceManager = 'auto' | 'systemctl' | 'service' | 'command';
export const SERVICE_MANAGERS: readonly ServiceManager[] = ['auto', 'systemctl', 'service', 'command'];

export type PulseAction = 'status' | 'reload' | 'restart' | 'start' | 'stop';
export const PULSE_ACTIONS: readonly PulseAction[] = ['status', 'reload', 'restart', 'start', 'stop'];
/** the actions `manager: command` must give: apply asks whether pulse runs, then reloads or restarts it */
export const REQUIRED_PULSE_ACTIONS: readonly PulseAction[] = ['status', 'reload', 'restart'];

export interface PulseSettings {
  readonly manager: ServiceManager;
  /** systemd unit or init script name */
  readonly service: string;
  /** with manager `command`: the argument array run for each action (never through a shell) */
  readonly commands: Readonly<Partial<Record<PulseAction, readonly string[]>>>;
}

export interface PersistSettings {
  /** the iptables-save file the boot scripts restore */
  readonly iptables: string;
  /** /etc/sysctl.conf or a file under /etc/sysctl.d/ */
  readonly sysctl: string;
}

export interface ProgramPaths {
  readonly iptables: string;
  readonly iptablesSave: string;
  readonly iptablesRestore: string;
  readonly sysctl: string;
  /** ipvsadm for the monitor and live actions; unset: lvs.cf's own `ipvsadm` key, else the one on PATH */
  readonly ipvsadm?: string;
}

export interface Sidecar {
  readonly firewallMarks: readonly FirewallMark[];
  /** NAT: masquerade active FTP data connections (--sport 20) from the NAT subnet */
  readonly ftpMasquerade: boolean;
  readonly persist: PersistSettings;
  /** sysctls managed besides net.ipv4.ip_forward, as written to sysctl (numbers in decimal) */
  readonly sysctl: ReadonlyMap<string, string>;
  readonly pulse: PulseSettings;
  readonly programs: ProgramPaths;
  /** how to reach each router of the pair over SSH (sync, status --peer); null entries: lvs.cf's defaults */
  readonly routers: RoutersSettings;
  /**
   * Where values were written: the span of the value at each YAML path (`sidecarPathKey(['firewall_marks', 0,
   * 'ports'])`; sysctl names have dots, hence not a dotted key), for diagnostics involving both files.
   */
  readonly spans: ReadonlyMap<string, Span>;
}

export const SIDECAR_NAME = 'lvs-tui.yaml';
export const IP_FORWARD = 'net.ipv4.ip_forward';

export const DEFAULT_PERSIST: PersistSettings = { iptables: '/etc/sysconfig/iptables', sysctl: '/etc/sysctl.conf' };
export const DEFAULT_PULSE: PulseSettings = { manager: 'auto', service: 'pulse', commands: {} };
export const DEFAULT_PROGRAMS: ProgramPaths = { iptables: 'iptables', iptablesSave: 'iptables-save', iptablesRestore: 'iptables-restore', sysctl: 'sysctl' };

/** What a missing sidecar means: no marks, no masquerading, the default persisted paths, pulse detected. */
export function defaultSidecar(): Sidecar {
  return {
    firewallMarks: [],
    ftpMasquerade: false,
    persist: DEFAULT_PERSIST,
    sysctl: new Map(),
    pulse: DEFAULT_PULSE,
    programs: DEFAULT_PROGRAMS,
    routers: NO_ROUTERS,
    spans: new Map(),
  };
}

/** The key of `spans` for a YAML path. */
export function sidecarPathKey(path: readonly (string | number)[]): string {
  return path.map(String).join('\u0000');
}

/** Every sysctl lvs-tui manages, ip_forward (always 1: an LVS router forwards) first. */
export function managedSysctls(sidecar: Sidecar): Array<{ key: string; value: string }> {
  const out = [{ key: IP_FORWARD, value: '1' }];
  for (const [key, value] of sidecar.sysctl) if (key !== IP_FORWARD) out.push({ key, value });
  return out;
}
