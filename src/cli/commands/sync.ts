// `lvs-tui sync`: make the backup router hold this router's configuration. Compares the SHA-256 of
// lvs.cf, lvs-tui.yaml and the send_program scripts on both routers, plans the backup's own
// iptables chains and sysctls from this router's files (the apply planner, run against the
// backup's state), shows it all as diffs, asks, then runs one transaction on the backup over SSH:
// its iptables, sysctls, saved rules and sysctl files, then each changed file (lvs.cf last), each
// written atomically and verified; any failure undoes what ran. Finally offers to restart pulse
// on the backup when it is the standby (pulse reads lvs.cf only when it starts).

import { posix } from 'node:path';
import { formatDiagnostic } from '../../config/diagnostic';
import { ApplyPlan, checkFiles, planApply } from '../../apply/plan';
import { applySteps } from '../../apply/apply-steps';
import { describeResult, runTransaction, TransactionResult } from '../../apply/transaction';
import { ResolvedAccess, Sidecar, sshAddressText } from '../../apply/sidecar';
import { LvsConfig } from '../../config/model';
import { routerRole } from '../../monitor/router-role';
import { sectionText } from '../../present/plan-text';
import { syncDiff } from '../../present/sync-diff';
import { SyncFile, syncFiles } from '../../sync/sync-files';
import { SyncPlan, planSync, syncPlanLines } from '../../sync/sync-plan';
import { PeerSession } from '../../sync/peer-session';
import { remoteFileStep, sha256Hex } from '../../sync/remote-file-step';
import { FarFile, farFileLines, farFileOutcomes } from '../../sync/sync-outcome';
import { auditLogPath } from '../../system/audit-log';
import { readPulseStatus } from '../../system/pulse-service';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { backupAccess, connectPeer, hashHere, peerAddresses, peerRunner, PeerRouterState, readPeerRouter } from '../peer';
import { readIfPresent } from '../read-router';
import { CommandContext } from './context';

/** An SSH failure of the ssh-session module, recognised by name (the module loads ssh2 lazily). */
function sshErrorCode(err: unknown): string | null {
  return err instanceof Error && err.name === 'SshError' ? String((err as { code?: unknown }).code ?? 'io') : null;
}

/** Host keys not trusted are refusals (exit 1); everything else about the link is I/O (exit 3). */
function sshExit(code: string): ExitCode {
  return code === 'host-key-unknown' || code === 'host-key-changed' ? EXIT.refused : EXIT.io;
}

interface Here {
  readonly config: Buffer;
  readonly model: LvsConfig;
  readonly sidecar: Sidecar;
  readonly sidecarBytes: Buffer | null;
}

/** lvs.cf and the sidecar here; refused when they have errors (a broken lvs.cf must not reach the backup). */
function readHere(ctx: CommandContext): Here {
  const { paths, deps } = ctx;
  const config = deps.files.read(paths.config);
  const sidecarBytes = readIfPresent(deps, paths.sidecar);
  const { model, sidecar, diagnostics } = checkFiles(paths.config, config, paths.sidecar, sidecarBytes);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    for (const d of errors) deps.stderr.write(formatDiagnostic(d.file, d) + '\n');
    throw new RefusedError(`not synced: ${errors.length} error${errors.length === 1 ? '' : 's'} in ${paths.config} or ${paths.sidecar}: fix ${errors.length === 1 ? 'it' : 'them'} first (lvs-tui check lists them)`);
  }
  return { config, model, sidecar, sidecarBytes };
}

function backupPlanText(plan: ApplyPlan): string {
  // lvs.cf is a synced file (its diff is above); the rest is the backup's own state
  return plan.sections.filter((s) => s.title !== 'lvs.cf').map(sectionText).join('');
}

function backupNothingToDo(sync: SyncPlan, plan: ApplyPlan): boolean {
  return sync.toWrite.length === 0 && plan.iptables === null && plan.sysctl.length === 0 && plan.files.length === 0;
}

export interface SyncRequest {
  /** no questions about the files (pulse is restarted only with `restart`) */
  readonly yes: boolean;
  readonly dryRun: boolean;
  /** restart pulse on the backup when it is the standby, without asking */
  readonly restart: boolean;
  readonly to?: string;
}

export async function runSync(ctx: CommandContext): Promise<ExitCode> {
  if (ctx.positionals.length) throw new UsageError('sync takes no arguments', 'sync');
  const { options } = ctx;
  const lock = ctx.deps.locker.acquire(ctx.paths.lock);
  try {
    return await syncBackup(ctx, { yes: options.yes, dryRun: options.dryRun, restart: options.restart, to: options.to });
  } finally {
    lock.release();
  }
}

/** The whole sync (the caller holds the lock). */
export async function syncBackup(ctx: CommandContext, req: SyncRequest): Promise<ExitCode> {
  const { paths, deps } = ctx;
  const here = readHere(ctx);
  const access = backupAccess(here.model, here.sidecar, req.to, 'sync');
  if (typeof access === 'string') throw new RefusedError(`no backup router to sync to: ${access}; give --to USER@HOST[:PORT]`);
  const label = sshAddressText(access.target);
  const list = syncFiles({ config: here.model, configPath: paths.config, sidecarPath: paths.sidecar, localRoot: paths.root, remoteRoot: access.remoteRoot });
  const local = hashHere(deps, list.files);
  deps.stdout.write(`backup router: ${label} (${access.from})\n`);

  let session: PeerSession;
  try {
    session = await connectPeer(deps, access, { interactive: true });
  } catch (err) {
    const code = sshErrorCode(err);
    if (code === null) throw err;
    deps.stderr.write(`lvs-tui: not synced: ${(err as Error).message}\n`);
    return sshExit(code);
  }
  try {
    return await syncOver(ctx, req, { here, access, label, list: list.files, problems: list.problems, local, session });
  } catch (err) {
    const code = sshErrorCode(err);
    if (code === null) throw err;
    deps.stderr.write(`lvs-tui: not synced: ${(err as Error).message}; nothing was changed on ${label}\n`);
    return sshExit(code);
  } finally {
    await session.close().catch(() => undefined);
  }
}

interface SyncContext {
  readonly here: Here;
  readonly access: ResolvedAccess;
  readonly label: string;
  readonly list: readonly SyncFile[];
  readonly problems: readonly string[];
  readonly local: { hashes: Map<string, string | null>; bytes: Map<string, Buffer> };
  readonly session: PeerSession;
}

async function syncOver(ctx: CommandContext, req: SyncRequest, s: SyncContext): Promise<ExitCode> {
  const { paths, deps } = ctx;
  const { here, access, label, session } = s;
  const out = deps.stdout;

  // 1. The files: hashes on both sides, the previous bytes of those to write (diff and undo).
  const plan = planSync(s.list, s.local.hashes, await session.sha256(s.list.map((f) => f.remote)), s.problems);
  const previous = new Map<string, Buffer | null>();
  await Promise.all(plan.toWrite.map(async (e) => previous.set(e.file.remote, e.state === 'differs' ? await session.readFile(e.file.remote) : null)));
  out.write(`== files (here -> ${label})\n${syncPlanLines(plan).join('\n')}\n`);
  for (const p of plan.problems) deps.stderr.write(`lvs-tui: warning: ${p}\n`);
  for (const e of plan.toWrite) out.write(syncDiff(e.file.path, previous.get(e.file.remote) ?? null, s.local.bytes.get(e.file.local)!));

  // 2. The backup's own iptables chains and sysctls, planned from the files here.
  const remote = (f: SyncFile | undefined, fallback: string) => f?.remote ?? fallback;
  const peer = await readPeerRouter(session, access.remoteRoot, {
    configPath: remote(s.list.find((f) => f.kind === 'lvs.cf'), paths.config),
    config: here.config,
    sidecarPath: remote(s.list.find((f) => f.kind === 'sidecar'), paths.sidecar),
    sidecarBytes: here.sidecarBytes,
    sidecar: here.sidecar,
  });
  const applyPlan = planApply(peer.snapshot, here.config);
  out.write(`== on ${label}\n${backupPlanText(applyPlan)}`);
  if (applyPlan.refused) throw new RefusedError(`not synced: ${applyPlan.refused}`);
  if (backupNothingToDo(plan, applyPlan)) {
    out.write(`nothing to do: ${label} already holds this configuration\n`);
    return EXIT.ok;
  }
  if (req.dryRun) {
    out.write(`dry run: nothing was changed on ${label}\n`);
    return EXIT.ok;
  }
  if (!req.yes) {
    const answer = await deps.ask(`Write ${plan.toWrite.length} file${plan.toWrite.length === 1 ? '' : 's'} and apply these changes on ${label}?`);
    if (answer === null) throw new UsageError('there is no terminal to ask on: give --yes to sync without asking', 'sync');
    if (!answer) {
      deps.stderr.write(`lvs-tui: not synced: nothing was changed on ${label}\n`);
      return EXIT.refused;
    }
  }

  // 3. One transaction on the backup: its state first (cheap to undo), the files after, lvs.cf last.
  const titled = (title: string) => `${title} on ${label}`;
  const farFiles: FarFile[] = [];
  const stateSteps = applySteps({ ...applyPlan, loadedRecord: null }, here.sidecar.programs, null, (o) => {
    farFiles.push({ id: o.id, path: o.path });
    return remoteFileStep(session, { ...o, title: titled(o.title) });
  });
  const fileSteps = plan.toWrite.map((e) => {
    const id = `sync:${e.file.path}`;
    farFiles.push({ id, path: e.file.remote });
    return remoteFileStep(session, {
      id,
      title: `copy ${e.file.path} to ${label}`,
      path: e.file.remote,
      bytes: s.local.bytes.get(e.file.local)!,
      previous: previous.get(e.file.remote) ?? null,
      newFileMode: deps.fileMode(e.file.local) ?? 0o644,
    });
  });
  const result = await runTransaction(
    { steps: [...stateSteps, ...fileSteps] },
    {
      runner: peerRunner(session),
      files: deps.stager,
      audit: deps.auditLog(auditLogPath(paths.root)),
      user: deps.user(),
      argv: ['lvs-tui', 'sync', '--to', label, ...(req.yes ? ['--yes'] : [])],
      warn: (m) => deps.stderr.write(`${m}\n`),
    },
  );
  reportResult(ctx, result, farFiles, label);
  if (!result.ok) return sshErrorCode(result.error) !== null ? EXIT.io : EXIT.refused;

  // 4. Verify every file of the sync once more, then pulse.
  const after = await session.sha256(s.list.map((f) => f.remote));
  const wrong = s.list.filter((f) => s.local.hashes.get(f.local) !== null && after.get(f.remote) !== s.local.hashes.get(f.local));
  if (wrong.length) {
    deps.stderr.write(`lvs-tui: after the sync, ${wrong.map((f) => f.path).join(', ')} differ${wrong.length === 1 ? 's' : ''} on ${label} (changed there meanwhile?)\n`);
    return EXIT.refused;
  }
  const verified = s.list.filter((f) => s.local.hashes.get(f.local) !== null).length;
  out.write(`verified: ${verified} file${verified === 1 ? '' : 's'} hold the same SHA-256 on both routers\n`);
  if (plan.toWrite.length > 0 && !(await offerPulseRestart(ctx, req, s, peer))) return EXIT.refused;
  return EXIT.ok;
}

function reportResult(ctx: CommandContext, result: TransactionResult, farFiles: readonly FarFile[], label: string): void {
  const { deps } = ctx;
  const out = result.ok ? deps.stdout : deps.stderr;
  for (const line of describeResult(result)) out.write(`${result.ok ? '' : 'lvs-tui: '}${line}\n`);
  if (result.outcome === 'nothing-to-do') return;
  for (const line of farFileLines(farFileOutcomes(result, farFiles), label)) out.write(`${result.ok ? '' : 'lvs-tui: '}${line}\n`);
}

/** pulse on the backup reads lvs.cf only when it starts: restart it there when it is the standby. */
/** false when a restart was asked for and pulse is not running after it. */
async function offerPulseRestart(ctx: CommandContext, req: SyncRequest, s: SyncContext, peer: PeerRouterState): Promise<boolean> {
  const { deps } = ctx;
  const { session, label, access, here } = s;
  const recordLoaded = async () => {
    const path = peer.snapshot.loadedPath;
    await session.run({ file: 'mkdir', args: ['-p', '--', posix.dirname(path)] });
    await session.writeFileAtomic(path, here.config, { mode: 0o600 });
  };
  if (peer.pulseStatus.running !== true) {
    // pulse reads the new file when it starts
    deps.stdout.write(`pulse is not running on ${label} (${peer.pulseStatus.detail}): it reads the new lvs.cf when it starts\n`);
    if (sha256Hex(peer.snapshot.loaded ?? Buffer.alloc(0)) !== sha256Hex(here.config)) await recordLoaded().catch(() => undefined);
    return true;
  }
  const role = routerRole(here.model, (await peerAddresses(session, access.remoteRoot)).addresses);
  if (role.role !== 'standby') {
    deps.stdout.write(`pulse on ${label} was left alone: the backup is ${role.role === 'unknown' ? 'in an unknown role' : `${role.role} (${role.reason})`}; restart it there when it is the standby, for it to read the new lvs.cf\n`);
    return true;
  }
  const restart = peer.pulseCommands?.actions.restart;
  if (!restart) {
    deps.stdout.write(`pulse on ${label} was left alone: no command to restart it\n`);
    return true;
  }
  let go = req.restart;
  if (!go && !req.yes) go = (await deps.ask(`${label} is the standby and reads lvs.cf only when pulse starts. Restart pulse there now?`)) === true;
  if (!go) {
    deps.stdout.write(`pulse on ${label} was left alone: it runs the previous lvs.cf until it restarts (lvs-tui sync --restart, or restart it there)\n`);
    return true;
  }
  await session.run(restart);
  const st = await readPulseStatus(peerRunner(session), peer.pulseCommands!);
  if (st.running !== true) {
    deps.stderr.write(`lvs-tui: pulse is not running on ${label} after the restart (${st.detail})\n`);
    return false;
  }
  await recordLoaded();
  deps.stdout.write(`restarted pulse on ${label}: it runs the new lvs.cf\n`);
  return true;
}
