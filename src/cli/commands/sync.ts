// `lvs-tui sync`: make the backup router hold this router's configuration. Compares the SHA-256 of
// lvs.cf, lvs-tui.yaml and the send_program scripts on both routers, plans the backup's own
// iptables chains and sysctls from this router's files (the apply planner, run against the
// backup's state), shows it all as diffs, asks, then runs one transaction on the backup over SSH:
// its iptables, sysctls, saved rules and sysctl files, then each changed file (lvs.cf last), each
// written atomically and verified; any failure undoes what ran. Finally offers to restart pulse
// on the backup when it is the standby (pulse reads lvs.cf only when it starts).

import { posix } from 'node:path';
import { formatDiagnostic } from '../../config/diagnostic';
import { ApplyPlan, checkParsed, planApply } from '../../apply/plan';
import { parse } from '../../config/parse';
import { applySteps } from '../../apply/apply-steps';
import { describeResult, runTransaction, TransactionResult } from '../../apply/transaction';
import { ResolvedAccess, Sidecar, parseSshAddress, readSidecar, sshAddressText } from '../../apply/sidecar';
import { LvsConfig, buildModel } from '../../config/model';
import { routerRole } from '../../monitor/router-role';
import { sectionText } from '../../present/plan-text';
import { syncDiff } from '../../present/sync-diff';
import { SyncFile, sendProgramsOf, syncFiles } from '../../sync/sync-files';
import { SyncPlan, planSync, syncPlanLines } from '../../sync/sync-plan';
import { PeerSession } from '../../sync/peer-session';
import { RemoteFileStepOptions, remoteFileStep, remoteFilesGuard, sha256Hex } from '../../sync/remote-file-step';
import { FarFile, farFileLines, farFileOutcomes } from '../../sync/sync-outcome';
import { auditLogPath } from '../../system/audit-log';
import { readPulseStatus } from '../../system/pulse-service';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { backupAccess, catIfDiffersCommand, connectPeer, differingBytes, hashHere, peerAddresses, peerLoadedPath, peerPulse, peerRunner, PeerRouterState, readPeerRouter } from '../peer';
import { readIfPresent } from '../read-if-present';
import { checkOnWorker } from '../validate-worker';
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
  /** checkFiles of the two, for the planner */
  readonly checked: ReturnType<typeof checkParsed>;
  readonly config: Buffer;
  readonly model: LvsConfig;
  readonly sidecar: Sidecar;
  readonly sidecarBytes: Buffer | null;
}

/** lvs.cf's bytes and the sidecar here; lvs.cf's send_program lines and validation started on a worker thread (validate-worker.ts). */
function readFilesHere(ctx: CommandContext) {
  const { paths, deps } = ctx;
  const config = deps.files.read(paths.config);
  const worker = checkOnWorker(config);
  const sidecarBytes = readIfPresent(deps, paths.sidecar);
  const { sidecar } = readSidecar(sidecarBytes, paths.sidecar);
  return { config, sidecar, sidecarBytes, worker };
}

/** lvs.cf parsed (not yet validated: see validateHere). */
function parseHere(files: ReturnType<typeof readFilesHere>) {
  const doc = parse(files.config);
  return { ...files, doc, model: buildModel(doc) };
}

/** Refused when lvs.cf or the sidecar has errors: a broken lvs.cf must not reach the backup. */
async function validateHere(ctx: CommandContext, r: ReturnType<typeof parseHere>): Promise<Here> {
  const { paths, deps } = ctx;
  // the worker's diagnostics; validated here when the worker could not run
  const configDiagnostics = (await r.worker.diagnostics) ?? undefined;
  const checked = checkParsed(paths.config, r.config, r.doc, paths.sidecar, r.sidecarBytes, r.model, configDiagnostics);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    for (const d of errors) deps.stderr.write(formatDiagnostic(d.file, d) + '\n');
    throw new RefusedError(`not synced: ${errors.length} error${errors.length === 1 ? '' : 's'} in ${paths.config} or ${paths.sidecar}: fix ${errors.length === 1 ? 'it' : 'them'} first (lvs-tui check lists them)`);
  }
  return { checked, config: r.config, model: r.model, sidecar: r.sidecar, sidecarBytes: r.sidecarBytes };
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
  const to = options.to === undefined ? null : parseSshAddress(options.to);
  if (typeof to === 'string') throw new UsageError(`--to ${to}`, 'sync');
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
  const files = readFilesHere(ctx);
  let parsed: ReturnType<typeof parseHere> | null = null;
  const parsedHere = () => (parsed ??= parseHere(files));
  // lvs.cf is parsed now only when the address comes from it (not from --to or the sidecar)
  const access = backupAccess(() => parsedHere().model, files.sidecar, req.to, 'sync');
  if (typeof access === 'string') throw new RefusedError(`no backup router to sync to: ${access}; give --to USER@HOST[:PORT]`);
  const label = sshAddressText(access.target);
  deps.stdout.write(`backup router: ${label} (${access.from})\n`);

  // The handshake starts first, with this thread free to answer the backup: lvs.cf is parsed and
  // validated on a worker thread meanwhile, which also says which send_program scripts the sync
  // covers. The backup's reads go out as one exec request; this thread parses lvs.cf for the
  // planner while the backup runs it. Nothing is written before all of them are done.
  const connecting = connectPeer(deps, access, { interactive: true });
  connecting.catch(() => undefined);
  const programs = (await files.worker.programs) ?? sendProgramsOf(parsedHere().model);
  const list = syncFiles({ programs, configPath: paths.config, sidecarPath: paths.sidecar, localRoot: paths.root, remoteRoot: access.remoteRoot });
  const local = hashHere(deps, list.files);
  let started: () => void = () => undefined;
  const backupReading = new Promise<void>((resolve) => (started = resolve));
  const remoteWork = (async () => {
    const session = await connecting;
    try {
      const loadedPath = peerLoadedPath(access.remoteRoot);
      // the hashes, the backup's iptables rules and pulse's state in one exec request (each costs a session there)
      // with the bytes of each file that differs from this one's (what the diff is made against)
      const differing = list.files.filter((f) => local.hashes.get(f.local));
      const diffReads = differing.map((f) => catIfDiffersCommand(f.remote, local.hashes.get(f.local)!));
      const peer = await readPeerRouter(session, access.remoteRoot, peerInputs(ctx, list.files, files), [...list.files.map((f) => f.remote), loadedPath], diffReads, started);
      const theirs = new Map(differing.map((f, i) => [f.remote, differingBytes(peer.more[i])]));
      return { session, there: peer.hashes, peer, theirs };
    } catch (err) {
      await session.close().catch(() => undefined);
      throw err;
    }
  })();
  remoteWork.catch(() => undefined);
  await Promise.race([backupReading, remoteWork.then(() => undefined, () => undefined)]);
  let here: Here;
  try {
    here = await validateHere(ctx, parsedHere());
  } catch (err) {
    await remoteWork.then((r) => r.session.close()).catch(() => undefined);
    throw err;
  }
  let remote: Awaited<typeof remoteWork>;
  try {
    remote = await remoteWork;
  } catch (err) {
    const code = sshErrorCode(err);
    if (code === null) throw err;
    deps.stderr.write(`lvs-tui: not synced: ${(err as Error).message}; nothing was changed on ${label}\n`);
    return sshExit(code);
  }
  const { session } = remote;
  try {
    return await syncOver(ctx, req, { here, access, label, list: list.files, problems: list.problems, local, session }, remote.there, remote.peer, remote.theirs);
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

/** What readPeerRouter plans against: the files here, at their places on the backup. */
function peerInputs(ctx: CommandContext, list: readonly SyncFile[], read: ReturnType<typeof readFilesHere>) {
  const remote = (kind: SyncFile['kind'], fallback: string) => list.find((f) => f.kind === kind)?.remote ?? fallback;
  return { configPath: remote('lvs.cf', ctx.paths.config), config: read.config, sidecarPath: remote('sidecar', ctx.paths.sidecar), sidecarBytes: read.sidecarBytes, sidecar: read.sidecar };
}

async function syncOver(ctx: CommandContext, req: SyncRequest, s: SyncContext, there: ReadonlyMap<string, string | null>, peer: PeerRouterState, theirs: ReadonlyMap<string, Buffer | null>): Promise<ExitCode> {
  const { paths, deps } = ctx;
  const { here, label, session } = s;
  const out = deps.stdout;

  // 2. The files: what differs, with the previous bytes of those to write (diff and undo).
  const plan = planSync(s.list, s.local.hashes, there, s.problems);
  // The writes will need the SFTP channel: sshd starts it while the diffs are made.
  if (plan.toWrite.length) void session.stat(posix.dirname(plan.toWrite[0].file.remote)).catch(() => undefined);
  const previous = new Map<string, Buffer | null>();
  const previousOf = async (remote: string) => theirs.get(remote) ?? (await session.readFile(remote));
  await Promise.all(plan.toWrite.map(async (e) => previous.set(e.file.remote, e.state === 'differs' ? await previousOf(e.file.remote) : null)));
  out.write(`== files (here -> ${label})\n${syncPlanLines(plan).join('\n')}\n`);
  for (const p of plan.problems) deps.stderr.write(`lvs-tui: warning: ${p}\n`);
  for (const e of plan.toWrite) out.write(syncDiff(e.file.path, previous.get(e.file.remote) ?? null, s.local.bytes.get(e.file.local)!));

  // 3. The backup's own iptables chains and sysctls, planned from the files here.
  const applyPlan = planApply(peer.snapshot, here.config, undefined, here.checked);
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

  // 4. One transaction on the backup: its state first (cheap to undo), the files after, lvs.cf last.
  const titled = (title: string) => `${title} on ${label}`;
  const farFiles: FarFile[] = [];
  const written: RemoteFileStepOptions[] = [];
  const fileStep = (o: RemoteFileStepOptions) => {
    farFiles.push({ id: o.id, path: o.path });
    written.push(o);
    return remoteFileStep(session, o);
  };
  const stateSteps = applySteps({ ...applyPlan, loadedRecord: null }, here.sidecar.programs, null, (o) => fileStep({ ...o, title: titled(o.title) }));
  const fileSteps = plan.toWrite.map((e) =>
    fileStep({
      id: `sync:${e.file.path}`,
      title: `copy ${e.file.path} to ${label}`,
      path: e.file.remote,
      bytes: s.local.bytes.get(e.file.local)!,
      previous: previous.get(e.file.remote) ?? null,
      newFileMode: deps.fileMode(e.file.local) ?? 0o644,
    }),
  );
  const guard = remoteFilesGuard(session, written);
  const result = await runTransaction(
    { steps: written.length ? [guard.before, ...stateSteps, ...fileSteps, guard.after] : stateSteps },
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

  // 5. Each written file's SHA-256 was verified on the backup by its step, the others were equal.
  const verified = s.list.filter((f) => s.local.hashes.get(f.local) !== null).length;
  out.write(`verified: ${verified} file${verified === 1 ? '' : 's'} hold the same SHA-256 on both routers\n`);
  if (plan.toWrite.length > 0 && !(await offerPulseRestart(ctx, req, s, peer, there.get(peer.snapshot.loadedPath) ?? null))) return EXIT.refused;
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
async function offerPulseRestart(ctx: CommandContext, req: SyncRequest, s: SyncContext, peer: PeerRouterState, loadedSha256: string | null): Promise<boolean> {
  const { deps } = ctx;
  const { session, label, access, here } = s;
  // read with the backup's other state (one exec request); by itself when that did not
  const pulse = peer.pulse ?? (await peerPulse(session, access.remoteRoot, here.sidecar));
  const recordLoaded = async () => {
    const path = peer.snapshot.loadedPath;
    await session.run({ file: 'mkdir', args: ['-p', '--', posix.dirname(path)] });
    await session.writeFileAtomic(path, here.config, { mode: 0o600 });
  };
  if (pulse.status.running !== true) {
    // pulse reads the new file when it starts
    deps.stdout.write(`pulse is not running on ${label} (${pulse.status.detail}): it reads the new lvs.cf when it starts\n`);
    if (loadedSha256 !== sha256Hex(here.config)) await recordLoaded().catch(() => undefined);
    return true;
  }
  const role = routerRole(here.model, (await peerAddresses(session, access.remoteRoot)).addresses);
  if (role.role !== 'standby') {
    deps.stdout.write(`pulse on ${label} was left alone: the backup is ${role.role === 'unknown' ? 'in an unknown role' : `${role.role} (${role.reason})`}; restart it there when it is the standby, for it to read the new lvs.cf\n`);
    return true;
  }
  const restart = pulse.commands?.actions.restart;
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
  const st = await readPulseStatus(peerRunner(session), pulse.commands!);
  if (st.running !== true) {
    deps.stderr.write(`lvs-tui: pulse is not running on ${label} after the restart (${st.detail})\n`);
    return false;
  }
  await recordLoaded();
  deps.stdout.write(`restarted pulse on ${label}: it runs the new lvs.cf\n`);
  return true;
}
