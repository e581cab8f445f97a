// After `lvs-tui apply` on the primary: offer to sync the backup router (lvs-tui sync), so that it
// does not take over one day with the old configuration. A question (--yes does not imply it;
// --sync does it without asking); nothing is offered on the backup itself or without a backup.

import { readSidecar, routerAccess, sshAddressText } from '../../apply/sidecar';
import { buildModel } from '../../config/model';
import { parse } from '../../config/parse';
import { routerRole } from '../../monitor/router-role';
import { localMonitorSources } from '../../system/monitor-sources';
import { ExitCode, EXIT } from '../errors';
import { readIfPresent } from '../read-if-present';
import { CommandContext } from './context';
import { syncBackup } from './sync';

export async function offerSync(ctx: CommandContext): Promise<ExitCode> {
  const { paths, deps, options } = ctx;
  const config = readIfPresent(deps, paths.config);
  if (config === null) return EXIT.ok;
  // the backup's address and this router's role only: the sync validates lvs.cf when it writes
  const model = buildModel(parse(config));
  const { sidecar } = readSidecar(readIfPresent(deps, paths.sidecar), paths.sidecar);
  const configured = model.redundancy.enabled || sidecar.routers.backup?.ssh != null;
  const access = routerAccess(model, sidecar.routers, 'backup');
  if (!configured || typeof access === 'string') return EXIT.ok;
  const label = sshAddressText(access.target);
  if (!options.sync) {
    if (routerRole(model, (await (deps.monitor ?? localMonitorSources).localAddresses(deps.runner, paths.root)).addresses).which === 'backup') return EXIT.ok;
    const answer = await deps.ask(`Sync the configuration to the backup router ${label} now (lvs-tui sync)?`);
    if (answer !== true) {
      deps.stdout.write(`the backup router ${label} was not synced: run \`lvs-tui sync\` before it has to take over\n`);
      return EXIT.ok;
    }
  }
  const lock = deps.locker.acquire(paths.lock);
  try {
    return await syncBackup(ctx, { yes: options.sync === true && options.yes, dryRun: false, restart: false });
  } finally {
    lock.release();
  }
}
