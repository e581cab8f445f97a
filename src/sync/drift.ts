// The drift between the two routers, for the monitor and `status --peer`: whether the backup holds
// the same configuration (in sync / differs: which files / unreachable: why), which router holds
// the VIPs, and the alarm when both do (split brain: both answer ARP for the VIPs, connections
// break at random). Pure: the shell reads both sides and passes what it found.

import type { Role } from '../monitor/router-role';
import { SyncPlan, SyncState } from './sync-plan';

export type DriftState = 'in-sync' | 'differs' | 'unreachable' | 'not-configured';
/** who holds the VIPs: this router, the peer, both (split brain), neither, or unknown */
export type Holder = 'here' | 'peer' | 'both' | 'neither' | 'unknown';
export type DriftHealth = 'ok' | 'warning' | 'alarm';

export interface DriftFile {
  readonly path: string;
  readonly state: Exclude<SyncState, 'same'>;
}

export interface PeerDrift {
  readonly state: DriftState;
  /** how the peer was reached: user@host[:port]; null when there is no peer to reach */
  readonly peer: string | null;
  /** the files not the same on both (empty unless state is differs) */
  readonly files: readonly DriftFile[];
  /** why unreachable or not configured; null otherwise */
  readonly reason: string | null;
  readonly roles: { readonly here: Role; readonly peer: Role | null; readonly holder: Holder };
  readonly splitBrain: boolean;
  readonly health: DriftHealth;
  /** one line for the admin */
  readonly summary: string;
}

export interface DriftInput {
  readonly peer: string | null;
  /** the sync plan against the peer; null when it could not be made */
  readonly plan: SyncPlan | null;
  /** why the peer could not be compared (unreachable, refused host key, ...); null when it was */
  readonly unreachable: string | null;
  /** set when there is no peer to compare with (no backup in lvs.cf nor the sidecar) */
  readonly notConfigured?: string | null;
  readonly hereRole: Role;
  /** the peer's role from its addresses; null when unknown */
  readonly peerRole: Role | null;
}

function holderOf(here: Role, peer: Role | null): Holder {
  const holds = (r: Role | null) => (r === 'active' || r === 'partial' ? true : r === 'standby' ? false : null);
  const h = holds(here);
  const p = holds(peer);
  if (h === true && p === true) return 'both';
  if (h === true && p === false) return 'here';
  if (h === false && p === true) return 'peer';
  if (h === false && p === false) return 'neither';
  // one side unknown: say what is known when this side holds them
  return h === true ? 'here' : p === true ? 'peer' : 'unknown';
}

export function driftSummary(input: DriftInput): PeerDrift {
  const holder = holderOf(input.hereRole, input.peerRole);
  const splitBrain = holder === 'both';
  const roles = { here: input.hereRole, peer: input.peerRole, holder };
  let state: DriftState;
  let reason: string | null = null;
  let files: DriftFile[] = [];
  if (input.notConfigured) {
    state = 'not-configured';
    reason = input.notConfigured;
  } else if (input.unreachable !== null || input.plan === null) {
    state = 'unreachable';
    reason = input.unreachable ?? 'the peer could not be compared';
  } else {
    files = input.plan.entries.filter((e) => e.state !== 'same' && !(e.state === 'missing' && e.file.kind !== 'script')).map((e) => ({ path: e.file.path, state: e.state as DriftFile['state'] }));
    state = input.plan.inSync ? 'in-sync' : 'differs';
  }
  const holderText: Record<Holder, string> = {
    here: 'this router holds the VIPs',
    peer: 'the peer holds the VIPs',
    both: 'SPLIT BRAIN: both routers hold the VIPs',
    neither: 'neither router holds the VIPs',
    unknown: 'which router holds the VIPs is unknown',
  };
  const peer = input.peer ? ` ${input.peer}` : '';
  const stateText =
    state === 'in-sync'
      ? `the peer${peer} is in sync`
      : state === 'differs'
        ? `the peer${peer} differs: ${files.map((f) => `${f.path} (${f.state.replace(/-/g, ' ')})`).join(', ')}`
        : state === 'unreachable'
          ? `the peer${peer} is unreachable: ${reason}`
          : `no peer: ${reason}`;
  const health: DriftHealth = splitBrain || input.hereRole === 'partial' || input.peerRole === 'partial' ? 'alarm' : state === 'in-sync' || state === 'not-configured' ? (holder === 'neither' ? 'warning' : 'ok') : 'warning';
  return { state, peer: input.peer, files, reason, roles, splitBrain, health, summary: `${stateText}; ${holderText[holder]}` };
}
