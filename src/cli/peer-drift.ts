// `status --peer` and the monitor's peer line: the other router of the pair read over SSH, without
// questions (an unknown host key makes it unreachable, with the reason) and with a short connect
// timeout, concurrently with the local snapshot so it adds no time to the normal path. lvs.cf is
// parsed, not validated (only the routers' addresses and the send_program scripts are needed), and
// the parse is kept while the bytes stay the same: the monitor checks every 30 s.

import { readSidecar } from '../apply/sidecar';
import { Sidecar } from '../apply/sidecar';
import { buildModel, LvsConfig } from '../config/model';
import { parse } from '../config/parse';
import { driftSummary } from '../sync/drift';
import type { PeerCheck, PeerSource } from '../app/peer-watch';
import { RouterName, routerAccess, sshAddressText } from '../apply/sidecar';
import { routerRole, Role } from '../monitor/router-role';
import { sendProgramsOf, syncFiles } from '../sync/sync-files';
import { SyncPlan, planSync } from '../sync/sync-plan';
import { DriftInput } from '../sync/drift';
import { localMonitorSources } from '../system/monitor-sources';
import { CommandContext } from './commands/context';
import { connectPeer, hashHere, peerHashesAndAddresses } from './peer';
import { readIfPresent } from './read-if-present';

const PEER_CONNECT_MS = 5000;

export interface PeerReading extends Omit<DriftInput, 'hereRole'> {
  /** which of the pair the peer is */
  readonly router: RouterName | null;
  /** this router's role from its addresses (the far side's in remote mode); absent when not read */
  readonly hereRole?: Role;
}

/** The last lvs.cf and sidecar read, and their parse (reused while the bytes are the same). */
export interface PeerParseCache {
  config: Buffer | null;
  sidecar: Buffer | null;
  parsed: { model: LvsConfig; sidecar: Sidecar } | null;
}

export function newPeerParseCache(): PeerParseCache {
  return { config: null, sidecar: null, parsed: null };
}

function parsedFiles(cache: PeerParseCache, config: Buffer, sidecarBytes: Buffer | null, sidecarPath: string): { model: LvsConfig; sidecar: Sidecar } {
  const same = (a: Buffer | null, b: Buffer | null) => (a === null || b === null ? a === b : a.equals(b));
  if (cache.parsed && same(cache.config, config) && same(cache.sidecar, sidecarBytes)) return cache.parsed;
  const parsed = { model: buildModel(parse(config)), sidecar: readSidecar(sidecarBytes, sidecarPath).sidecar };
  Object.assign(cache, { config, sidecar: sidecarBytes, parsed });
  return parsed;
}

function failure(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Reads the peer: which it is (the other of lvs.cf's pair), the sync plan against it, its role. */
export async function readPeer(ctx: CommandContext, cache: PeerParseCache = newPeerParseCache()): Promise<PeerReading> {
  const { paths, deps } = ctx;
  let config: Buffer;
  try {
    config = deps.files.read(paths.config);
  } catch (err) {
    return { router: null, peer: null, plan: null, unreachable: null, notConfigured: `lvs.cf cannot be read: ${failure(err)}`, peerRole: null };
  }
  const sidecarBytes = readIfPresent(deps, paths.sidecar);
  const { model, sidecar } = parsedFiles(cache, config, sidecarBytes, paths.sidecar);
  // the peer of the backup is the primary; of anything else, the backup
  // this router's addresses: the far side's in remote mode (--host)
  const local = await (deps.monitor ?? localMonitorSources).localAddresses(deps.runner, paths.root);
  const here = routerRole(model, local.addresses);
  const hereRole = here.role;
  const router: RouterName = here.which === 'backup' ? 'primary' : 'backup';
  // a router without a pair (backup_active = 0) has no peer, unless the sidecar names one
  if (!model.redundancy.enabled && !sidecar.routers[router]?.ssh) return { router, peer: null, plan: null, unreachable: null, notConfigured: 'lvs.cf has no backup router (backup_active = 0 or no backup address)', peerRole: null, hereRole };
  const access = routerAccess(model, sidecar.routers, router);
  if (typeof access === 'string') return { router, peer: null, plan: null, unreachable: null, notConfigured: access, peerRole: null, hereRole };
  const label = sshAddressText(access.target);
  const list = syncFiles({ programs: sendProgramsOf(model), configPath: paths.config, sidecarPath: paths.sidecar, localRoot: paths.root, remoteRoot: access.remoteRoot });
  let session;
  try {
    session = await connectPeer(deps, access, { interactive: false, readyTimeoutMs: PEER_CONNECT_MS });
  } catch (err) {
    return { router, peer: label, plan: null, unreachable: failure(err), peerRole: null, hereRole };
  }
  try {
    const hashes = hashHere(deps, list.files);
    const { hashes: there, addresses } = await peerHashesAndAddresses(session, list.files.map((f) => f.remote), access.remoteRoot);
    const plan: SyncPlan = planSync(list.files, hashes.hashes, there, list.problems);
    const peerRole: Role | null = addresses.addresses === null ? null : routerRole(model, addresses.addresses).role;
    return { router, peer: label, plan, unreachable: null, peerRole, hereRole };
  } catch (err) {
    return { router, peer: label, plan: null, unreachable: failure(err), peerRole: null, hereRole };
  } finally {
    await session.close().catch(() => undefined);
  }
}

/** The monitor's source of peer checks over SSH (the parse of lvs.cf kept between checks). */
export function sshPeerSource(ctx: CommandContext): PeerSource {
  const cache = newPeerParseCache();
  return {
    async check(): Promise<PeerCheck> {
      const reading = await readPeer(ctx, cache).catch((err: unknown): PeerReading => ({ router: null, peer: null, plan: null, unreachable: failure(err), peerRole: null }));
      return { router: reading.router, drift: driftSummary({ ...reading, hereRole: reading.hereRole ?? 'unknown' }) };
    },
  };
}
