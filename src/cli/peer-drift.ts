// `status --peer`: the other router of the pair read over SSH, without questions (an unknown host
// key makes it unreachable, with the reason) and with a short connect timeout, concurrently with
// the local snapshot so it adds no time to the normal path.

import { checkFiles } from '../apply/plan';
import { RouterName, routerAccess, sshAddressText } from '../apply/sidecar';
import { routerRole, Role } from '../monitor/router-role';
import { syncFiles } from '../sync/sync-files';
import { SyncPlan, planSync } from '../sync/sync-plan';
import { DriftInput } from '../sync/drift';
import { localMonitorSources } from '../system/monitor-sources';
import { CommandContext } from './commands/context';
import { connectPeer, hashHere, peerAddresses } from './peer';
import { readIfPresent } from './read-router';

const PEER_CONNECT_MS = 5000;

export interface PeerReading extends Omit<DriftInput, 'hereRole'> {
  /** which of the pair the peer is */
  readonly router: RouterName | null;
}

function failure(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Reads the peer: which it is (the other of lvs.cf's pair), the sync plan against it, its role. */
export async function readPeer(ctx: CommandContext): Promise<PeerReading> {
  const { paths, deps } = ctx;
  let config: Buffer;
  try {
    config = deps.files.read(paths.config);
  } catch (err) {
    return { router: null, peer: null, plan: null, unreachable: null, notConfigured: `lvs.cf cannot be read: ${failure(err)}`, peerRole: null };
  }
  const sidecarBytes = readIfPresent(deps, paths.sidecar);
  const { model, sidecar } = checkFiles(paths.config, config, paths.sidecar, sidecarBytes);
  // the peer of the backup is the primary; of anything else, the backup
  // this router's addresses: the far side's in remote mode (--host)
  const local = await (deps.monitor ?? localMonitorSources).localAddresses(deps.runner, paths.root);
  const router: RouterName = routerRole(model, local.addresses).which === 'backup' ? 'primary' : 'backup';
  const access = routerAccess(model, sidecar.routers, router);
  if (typeof access === 'string') return { router, peer: null, plan: null, unreachable: null, notConfigured: access, peerRole: null };
  const label = sshAddressText(access.target);
  const list = syncFiles({ config: model, configPath: paths.config, sidecarPath: paths.sidecar, localRoot: paths.root, remoteRoot: access.remoteRoot });
  let session;
  try {
    session = await connectPeer(deps, access, { interactive: false, readyTimeoutMs: PEER_CONNECT_MS });
  } catch (err) {
    return { router, peer: label, plan: null, unreachable: failure(err), peerRole: null };
  }
  try {
    const here = hashHere(deps, list.files);
    const [there, addresses] = await Promise.all([session.sha256(list.files.map((f) => f.remote)), peerAddresses(session, access.remoteRoot)]);
    const plan: SyncPlan = planSync(list.files, here.hashes, there, list.problems);
    const peerRole: Role | null = addresses.addresses === null ? null : routerRole(model, addresses.addresses).role;
    return { router, peer: label, plan, unreachable: null, peerRole };
  } catch (err) {
    return { router, peer: label, plan: null, unreachable: failure(err), peerRole: null };
  } finally {
    await session.close().catch(() => undefined);
  }
}
