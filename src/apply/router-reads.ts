// What lvs-tui reads of a router's live state before it plans: the iptables tables its chains live
// in and the sysctls it manages. A module of its own so that reading a router (sync, status
// --peer) does not load the planner.

import { readSidecar } from './sidecar';
import { OWNED_CHAINS } from './owned-chains';
import { desiredSysctl } from './render-sysctl';

/** The keys lvs-tui manages, for the shell to read their live values before planning. */
export function sysctlKeysToRead(sidecarBytes: Buffer | null, sidecarPath: string): string[] {
  const { sidecar } = readSidecar(sidecarBytes, sidecarPath);
  return desiredSysctl(null, sidecar.sysctl).map(([k]) => k);
}

/** The tables lvs-tui's chains live in, for the shell's `iptables-save -t TABLE` calls. */
export const IPTABLES_TABLES: readonly string[] = [...new Set(OWNED_CHAINS.map((o) => o.table))];
