// Everything `lvs-tui status` found, as one value (built by the command, rendered by status-text
// and status-json), and the exit code it means. Pure.

import type { LogLine } from '../monitor/log-tail';
import type { Health, Verdict } from '../monitor/merge-health';
import type { MonitorView } from '../monitor/merge';
import type { LvsProcess } from '../monitor/processes';
import type { RouterRole } from '../monitor/router-role';

export interface ConfigSummary {
  readonly path: string;
  /** why lvs.cf could not be read; null when it was */
  readonly problem: string | null;
  readonly serialNo: number | null;
  readonly network: string | null;
  readonly primary: string | null;
  readonly backup: string | null;
  readonly redundancy: boolean;
  readonly virtuals: number;
  readonly activeVirtuals: number;
  readonly servers: number;
  readonly activeServers: number;
}

export interface PulseSummary {
  readonly installed: boolean;
  readonly running: boolean | null;
  readonly detail: string;
  /** systemctl, service or command; null when the sidecar's pulse settings cannot be used */
  readonly manager: string | null;
}

export interface StatusReport {
  /** wall-clock time of the snapshot, ISO 8601 UTC */
  readonly generatedAt: string;
  readonly version: string;
  readonly root: string;
  readonly config: ConfigSummary;
  readonly sidecar: { readonly path: string; readonly present: boolean };
  readonly router: RouterRole & { readonly addressSource: string; readonly addressProblem: string | null };
  readonly view: MonitorView;
  readonly verdict: Verdict;
  /** where the rates come from: measured between two samples, the kernel's estimator, or none */
  readonly rates: { readonly basis: 'counters' | 'kernel' | 'none'; readonly intervalSeconds: number | null };
  readonly pulse: PulseSummary;
  readonly processes: { readonly problem: string | null; readonly list: readonly LvsProcess[] };
  readonly log: { readonly source: string | null; readonly note: string | null; readonly lines: readonly LogLine[] };
}

export const STATUS_EXIT = { ok: 0, alarm: 1, unreadable: 3 } as const;

/** 0 healthy (or the standby, as expected); 1 degraded or down; 3 the state could not be read. */
export function statusExitCode(config: ConfigSummary, health: Health): 0 | 1 | 3 {
  if (config.problem !== null || health === 'unknown') return STATUS_EXIT.unreadable;
  return health === 'ok' ? STATUS_EXIT.ok : STATUS_EXIT.alarm;
}
