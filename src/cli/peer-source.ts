// The monitor's peer checks (tab 1 and the dashboard): the demo's simulated backup under --demo,
// else SSH to the other router of the pair. The SSH side is loaded on the first check, not at start.

import type { PeerSource } from '../app/peer-watch';
import type { CommandContext } from './commands/context';

export function peerSourceFor(ctx: CommandContext, demo: boolean): PeerSource {
  if (demo) return (require('../demo/demo-peer') as typeof import('../demo/demo-peer')).demoPeerSource();
  let source: PeerSource | null = null;
  return {
    check: () => (source ??= (require('./peer-drift') as typeof import('./peer-drift')).sshPeerSource(ctx)).check(),
  };
}
