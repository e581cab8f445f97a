// The demo router's backup: a simulated peer for the monitor's peer line (`--demo` shows it): the
// demo lvs.cf's backup router, in sync and standing by while the demo router holds the VIPs. No
// network: the checks answer at once.

import type { PeerSource } from '../app/peer-watch';
import { driftSummary } from '../sync/drift';

export const DEMO_PEER = 'root@203.0.113.11';

export function demoPeerSource(): PeerSource {
  return {
    async check() {
      const plan = { entries: [], toWrite: [], problems: [], inSync: true };
      return { router: 'backup', drift: driftSummary({ peer: DEMO_PEER, plan, unreachable: null, hereRole: 'active', peerRole: 'standby' }) };
    },
  };
}
