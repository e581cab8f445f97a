// `lvs-tui server drain|restore|weight N --virtual V --server S [--yes]`: the live actions of the
// monitor (src/monitor/live-actions.ts) from the command line. V and S are lvs.cf's names; they
// are resolved through lvs.cf's model to the IPVS service (VIP, protocol, port, or the firewall
// mark) and the real server's address and port, then looked up in the live table
// (ROOT/proc/net/ip_vs). The change is one `ipvsadm -e`, temporary by nature: lvs.cf is not edited.

import { join } from 'node:path';
import { buildModel } from '../../config/model';
import { parse } from '../../config/parse';
import { readSidecar } from '../../apply/sidecar';
import { IpvsSample } from '../../monitor/ipvs-types';
import { LiveActionKind, MAX_WEIGHT, commandText, planLiveAction } from '../../monitor/live-actions';
import { configuredKey } from '../../monitor/merge';
import { canonicalAddress } from '../../monitor/merge-address';
import { servicePort } from '../../monitor/merge-ports';
import { parseProcIpvs } from '../../monitor/parse-proc-ip-vs';
import { IoError } from '../../system/io-error';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { readIfPresent } from '../read-if-present';
import { localMonitorSources } from '../../system/monitor-sources';
import { CommandContext } from './context';
import { confirm, runAudited, withChangeLocks } from './run-audited';

const KINDS: readonly LiveActionKind[] = ['drain', 'restore', 'weight'];

/**
 * The live table from ROOT/proc/net/ip_vs (only the table: weights and methods are all an edit
 * needs), read as the monitor reads it: the router's own over SSH in remote mode.
 */
export async function readLiveTable(ctx: CommandContext): Promise<IpvsSample> {
  const rel = join(ctx.paths.proc, 'net', 'ip_vs');
  const base = { at: 0, version: null, connTabSize: null, services: [], total: null, totalRate: null, source: 'proc' as const, notes: [] };
  let text: string | null;
  try {
    text = await (ctx.deps.monitor ?? localMonitorSources).procFs(ctx.paths.proc).read('net/ip_vs');
  } catch (err) {
    const message = err instanceof IoError && err.code === 'permission' ? `cannot read ${rel}: permission denied (run lvs-tui as root)` : `cannot read ${rel}: ${(err as Error).message}`;
    return { ...base, unavailable: { reason: err instanceof IoError && err.code === 'permission' ? 'permission' : 'unreadable', message } };
  }
  if (text === null) return { ...base, unavailable: { reason: 'not-loaded', message: `IPVS is not loaded (no ${rel})` } };
  const t = parseProcIpvs(text);
  if (t.version === null && t.services.length === 0 && t.issues.length > 0) {
    return { ...base, unavailable: { reason: 'unreadable', message: `${rel} is not in the kernel's format` } };
  }
  return { ...base, unavailable: null, version: t.version, connTabSize: t.connTabSize, services: t.services };
}

function parseWeight(text: string | undefined): number {
  if (text === undefined) throw new UsageError('server weight needs the new weight: server weight N --virtual V --server S', 'server');
  if (!/^\d+$/.test(text) || Number(text) > MAX_WEIGHT) throw new UsageError(`weight "${text}" is not a whole number from 0 to ${MAX_WEIGHT}`, 'server');
  return Number(text);
}

export async function runServerAction(ctx: CommandContext): Promise<ExitCode> {
  const { positionals, options, paths, deps } = ctx;
  const kind = positionals[0];
  if (kind === undefined || !(KINDS as readonly string[]).includes(kind)) throw new UsageError('server takes drain, restore or weight N', 'server');
  const weight = kind === 'weight' ? parseWeight(positionals[1]) : undefined;
  if (positionals.length > (kind === 'weight' ? 2 : 1)) throw new UsageError(`too many arguments for server ${kind}`, 'server');
  if (options.virtual === undefined || options.server === undefined) throw new UsageError(`server ${kind} needs --virtual V and --server S (names in lvs.cf)`, 'server');

  const config = buildModel(parse(deps.files.read(paths.config)));
  const virtual = config.virtuals.find((v) => v.kind === 'virtual' && v.name === options.virtual);
  if (!virtual) throw new RefusedError(`there is no virtual server "${options.virtual}" in ${paths.config}`);
  const server = virtual.servers.find((s) => s.name === options.server);
  if (!server) throw new RefusedError(`virtual server "${virtual.name}" has no real server "${options.server}" in ${paths.config}`);
  const key = configuredKey(virtual);
  if (key.key === null) throw new RefusedError(`cannot tell which IPVS service virtual "${virtual.name}" is: ${key.why}`);
  const address = canonicalAddress(server.address);
  if (address === null) throw new RefusedError(`real server "${server.name}" has the address "${server.address}", not an IP address: the live table lists addresses only`);
  const port = key.key.protocol === 'FWM' ? (servicePort(server.port) ?? 0) : servicePort(server.port);
  if (port === null) throw new RefusedError(`real server "${server.name}" has the port "${server.port}", not a port number`);

  const { sidecar } = readSidecar(readIfPresent(deps, paths.sidecar), paths.sidecar);
  const fromCf = config.global.settings.get('ipvsadm');
  const ipvsadm = sidecar.programs.ipvsadm ?? (fromCf?.from === 'file' && fromCf.value ? fromCf.value : 'ipvsadm');

  const plan = planLiveAction(
    { kind: kind as LiveActionKind, service: key.key, dest: { address, port }, weight, configuredWeight: server.weight },
    await readLiveTable(ctx),
    ipvsadm,
  );
  if (!plan.ok) throw new RefusedError(plan.reason);
  const { action } = plan;
  const cmd = action.command;
  const out = deps.stdout;
  out.write(`${virtual.name}/${server.name}: ${action.summary}\n`);
  out.write(`will run: ${commandText(cmd)}\n`);
  out.write(`${action.temporary}\n`);
  if (!server.active) out.write(`note: ${server.name} is inactive in lvs.cf (no nanny watches it)\n`);
  if (options.dryRun) return EXIT.ok;
  if (!(await confirm(ctx, 'Change the live table now?', 'server'))) return EXIT.refused;
  return withChangeLocks(ctx, async () => {
    const argv = ['lvs-tui', 'server', ...positionals, '--virtual', virtual.name, '--server', server.name, ...(options.yes ? ['--yes'] : [])];
    const code = await runAudited(ctx, cmd, { id: `server-${kind}`, title: `${virtual.name}/${server.name}: ${action.summary}`, notes: [action.temporary] }, argv);
    if (code === EXIT.ok) out.write(`done: weight ${action.fromWeight} → ${action.toWeight} (${action.temporary})\n`);
    return code;
  });
}
