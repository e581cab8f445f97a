// The second half of `lvs-tui sync` (sync.ts reaches the backup and reads it): what differs, the
// backup's own chains and sysctls planned from the files here, lvs.cf validated when anything is to
// change, the diffs shown, the question, the transaction on the backup and the pulse offer. Loaded
// once the backup is running the reads, so that its modules (the planner, the validator's rules,
// the transaction) are not on the way to the SSH handshake.

import { posix } from 'node:path';
import { formatDiagnostic } from '../../config/diagnostic';
import { ApplyPlan, checkParsed, planApply } from '../../apply/plan';
import { applySteps } from '../../apply/apply-steps';
import { describeResult, runTransaction, TransactionResult } from '../../apply/transaction';
import { ResolvedAccess, Sidecar } from '../../apply/sidecar';
import { ConfigFacts } from '../../config/model';
import { validate } from '../../config/validate';
import { routerRole } from '../../monitor/router-role';
import { sectionText } from '../../present/plan-text';
import { syncDiff } from '../../present/sync-diff';
import { SyncFile } from '../../sync/sync-files';
import { SyncPlan, planSync, syncPlanLines } from '../../sync/sync-plan';
import { PeerSession } from '../../sync/peer-session';
import { RemoteFileStepOptions, remoteFileStep, remoteFilesGuard, sha256Hex } from '../../sync/remote-file-step';
import { FarFile, farFileLines, farFileOutcomes } from '../../sync/sync-outcome';
import { auditLogPath } from '../../system/audit-log';
import { readPulseStatus } from '../../system/pulse-service';
import { sshErrorCode } from '../../system/ssh-error';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { peerAddresses, peerPulse, peerRunner, PeerRouterState } from '../peer';
import { CommandContext } from './context';
import type { ParsedHere, SyncRequest } from './sync';

export interface Here {
  /** checkFiles of the two, for the planner */
  readonly checked: ReturnType<typeof checkParsed<ConfigFacts>>;
  readonly config: Buffer;
  readonly model: ConfigFacts;
  readonly sidecar: Sidecar;
  readonly sidecarBytes: Buffer | null;
}

/** The files here checked but for lvs.cf's own validation (the sidecar's diagnostics and agreement only). */
export function unvalidated(ctx: CommandContext, r: ParsedHere): Here {
  const checked = checkParsed(ctx.paths.config, ctx.paths.sidecar, r.sidecarBytes, r.model, []);
  return { checked, config: r.config, model: r.model, sidecar: r.sidecar, sidecarBytes: r.sidecarBytes };
}

/** Refused when lvs.cf or the sidecar has errors: a broken lvs.cf must not reach the backup. */
export async function validateHere(ctx: CommandContext, r: ParsedHere): Promise<Here> {
  const { paths, deps } = ctx;
  // the worker's diagnostics; validated here when the worker could not run
  const own = (await r.worker.diagnostics()) ?? validate(r.full().doc, { src: r.config, config: r.full().model });
  const checked = checkParsed(paths.config, paths.sidecar, r.sidecarBytes, r.model, own);
  let errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    // the messages point into the file: the tree's places, not the quick reader's lines
    errors = checkParsed(paths.config, paths.sidecar, r.sidecarBytes, r.full().model, own).diagnostics.filter((d) => d.severity === 'error');
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

export interface SyncContext {
  /** the files here, lvs.cf not validated yet */
  readonly unvalidated: Here;
  /** lvs.cf validated (once), refused with its errors printed */
  readonly validate: () => Promise<Here>;
  readonly access: ResolvedAccess;
  readonly label: string;
  readonly list: readonly SyncFile[];
  readonly problems: readonly string[];
  readonly local: { hashes: Map<string, string | null>; bytes: Map<string, Buffer> };
  readonly session: PeerSession;
}

export async function syncOver(ctx: CommandContext, req: SyncRequest, s: SyncContext, there: ReadonlyMap<string, string | null>, peer: PeerRouterState, theirs: ReadonlyMap<string, Buffer | null>): Promise<ExitCode> {
  const { paths, deps } = ctx;
  const { label, session } = s;
  const out = deps.stdout;

  // 2. The files: what differs, with the previous bytes of those to write (diff and undo).
  const plan = planSync(s.list, s.local.hashes, there, s.problems);
  // files to write: lvs.cf is validated on the worker while the diffs are made
  if (plan.toWrite.length) s.validate().catch(() => undefined);
  // The writes will need the SFTP channel: sshd starts it while the diffs are made.
  if (plan.toWrite.length) void session.stat(posix.dirname(plan.toWrite[0].file.remote)).catch(() => undefined);
  const previous = new Map<string, Buffer | null>();
  const previousOf = async (remote: string) => theirs.get(remote) ?? (await session.readFile(remote));
  await Promise.all(plan.toWrite.map(async (e) => previous.set(e.file.remote, e.state === 'differs' ? await previousOf(e.file.remote) : null)));
  out.write(`== files (here -> ${label})\n${syncPlanLines(plan).join('\n')}\n`);
  for (const p of plan.problems) deps.stderr.write(`lvs-tui: warning: ${p}\n`);
  for (const e of plan.toWrite) out.write(syncDiff(e.file.path, previous.get(e.file.remote) ?? null, s.local.bytes.get(e.file.local)!));

  // 3. The backup's own iptables chains and sysctls, planned from the files here; with lvs.cf
  // validated when there is anything to change.
  let here = s.unvalidated;
  let applyPlan = planApply(peer.snapshot, here.config, undefined, here.checked);
  if (applyPlan.refused || !backupNothingToDo(plan, applyPlan)) {
    here = await s.validate();
    applyPlan = planApply(peer.snapshot, here.config, undefined, here.checked);
  }
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
  if (plan.toWrite.length > 0 && !(await offerPulseRestart(ctx, req, s, peer, there))) return EXIT.refused;
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
async function offerPulseRestart(ctx: CommandContext, req: SyncRequest, s: SyncContext, peer: PeerRouterState, there: ReadonlyMap<string, string | null>): Promise<boolean> {
  const { deps } = ctx;
  const { session, label, access } = s;
  // the files and model here (validated before anything was written)
  const here = s.unvalidated;
  // read with the backup's other state (one exec request); by itself when that did not
  const pulse = peer.pulse ?? (await peerPulse(session, access.remoteRoot, here.sidecar));
  const recordLoaded = async () => {
    const path = peer.snapshot.loadedPath;
    const write = () => session.writeFileAtomic(path, here.config, { mode: 0o600 });
    // its directory is there after the first sync: mkdir (a session for sshd to start) only when not
    await write().catch(async () => {
      await session.run({ file: 'mkdir', args: ['-p', '--', posix.dirname(path)] });
      await write();
    });
  };
  if (pulse.status.running !== true) {
    // pulse reads the new file when it starts
    deps.stdout.write(`pulse is not running on ${label} (${pulse.status.detail}): it reads the new lvs.cf when it starts\n`);
    // the record of what pulse will load, written unless it holds this lvs.cf already (its SHA-256
    // came with the first reads; read here when that could not tell)
    const path = peer.snapshot.loadedPath;
    const recorded = there.has(path) ? there.get(path)! : await session.readFile(path).then((b) => (b === null ? null : sha256Hex(b)), () => null);
    if (recorded !== sha256Hex(here.config)) await recordLoaded().catch(() => undefined);
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
