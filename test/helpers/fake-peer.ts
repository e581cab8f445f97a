// A peer source for in-process tests of the monitor's peer line (src/app/peer-watch.ts): the drift
// values are made by the real driftSummary from a plan of the test's choosing; a check can be held
// open to prove the screens do not wait for it.

import type { PeerCheck, PeerSource } from '../../src/app/peer-watch';
import type { Role } from '../../src/monitor/router-role';
import { driftSummary } from '../../src/sync/drift';
import { SyncFile } from '../../src/sync/sync-files';
import { planSync } from '../../src/sync/sync-plan';

const file = (kind: SyncFile['kind'], path: string): SyncFile => ({ kind, path, local: `/a${path}`, remote: `/b${path}`, usedBy: [] });
export const FILES = [file('lvs.cf', '/etc/sysconfig/ha/lvs.cf'), file('sidecar', '/etc/sysconfig/ha/lvs-tui.yaml'), file('script', '/usr/local/bin/check_web')];

export type PeerScenario = { state: 'in-sync' | 'differs'; differing?: readonly string[]; here?: Role; peer?: Role } | { state: 'unreachable'; reason: string } | { state: 'not-configured' };

/** The drift a real check would give in `s` (the peer root@10.0.0.2, the backup). */
export function peerCheck(s: PeerScenario): PeerCheck {
  const base = { peer: 'root@10.0.0.2', hereRole: 'active' as Role, peerRole: 'standby' as Role | null };
  if (s.state === 'not-configured') return { router: 'backup', drift: driftSummary({ ...base, peer: null, plan: null, unreachable: null, notConfigured: 'lvs.cf has no backup router' }) };
  if (s.state === 'unreachable') return { router: 'backup', drift: driftSummary({ ...base, plan: null, unreachable: s.reason, peerRole: null }) };
  const differing = new Set(s.state === 'differs' ? (s.differing ?? []) : []);
  const here = new Map(FILES.map((f) => [f.local, 'aa'] as const));
  const there = new Map(FILES.map((f) => [f.remote, differing.has(f.path) ? 'bb' : 'aa'] as const));
  return { router: 'backup', drift: driftSummary({ ...base, hereRole: s.here ?? 'active', peerRole: s.peer ?? 'standby', plan: planSync(FILES, here, there), unreachable: null }) };
}

export interface FakePeer extends PeerSource {
  /** what the next checks answer */
  scenario: PeerScenario;
  /** checks asked for so far */
  readonly calls: number;
  /** hold the next checks open until release() */
  hold(): void;
  release(): void;
}

export function fakePeer(scenario: PeerScenario): FakePeer {
  let calls = 0;
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  const fake: FakePeer = {
    scenario,
    get calls() {
      return calls;
    },
    hold() {
      gate = new Promise((r) => (open = r));
    },
    release() {
      gate = null;
      open();
    },
    async check() {
      calls++;
      if (gate) await gate;
      return peerCheck(fake.scenario);
    },
  };
  return fake;
}
