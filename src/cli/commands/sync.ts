// `lvs-tui sync`: make the backup router hold this router's configuration. Compares the SHA-256 of
// lvs.cf, lvs-tui.yaml and the send_program scripts on both routers, plans the backup's own
// iptables chains and sysctls from this router's files (the apply planner, run against the
// backup's state), shows it all as diffs, asks, then runs one transaction on the backup over SSH:
// its iptables, sysctls, saved rules and sysctl files, then each changed file (lvs.cf last), each
// written atomically and verified; any failure undoes what ran. Finally offers to restart pulse
// on the backup when it is the standby (pulse reads lvs.cf only when it starts). This file reaches
// the backup and reads it; sync-over.ts, loaded while the backup runs the reads, does the rest.

import { parse } from '../../config/parse';
import { ResolvedAccess, parseSshAddress, readSidecar, sshAddressText } from '../../apply/sidecar';
import { ConfigFacts, LvsConfig, buildModel } from '../../config/model';
import { Document } from '../../config/cst';
import { readConfigFacts } from '../../config/quick-facts';
import { SyncFile, sendProgramsOf, syncFiles } from '../../sync/sync-files';
import { sshErrorCode } from '../../system/ssh-error';
import { EXIT, ExitCode, RefusedError, UsageError } from '../errors';
import { backupAccess, catIfDiffersCommand, connectPeer, differOutcome, hashHere, hashedOverSftp, peerLoadedPath, readPeerRouter } from '../peer';
import { readIfPresent } from '../read-if-present';
import { checkOnWorker } from '../validate-worker';
import { CommandContext } from './context';
import type { Here } from './sync-over';

/** Host keys not trusted are refusals (exit 1); everything else about the link is I/O (exit 3). */
function sshExit(code: string): ExitCode {
  return code === 'host-key-unknown' || code === 'host-key-changed' ? EXIT.refused : EXIT.io;
}

/** lvs.cf's bytes and the sidecar here, lvs.cf handed to a worker thread (validate-worker.ts: stop() it). */
function readFilesHere(ctx: CommandContext) {
  const { paths, deps } = ctx;
  const config = deps.files.read(paths.config);
  const sidecarBytes = readIfPresent(deps, paths.sidecar);
  const { sidecar } = readSidecar(sidecarBytes, paths.sidecar);
  return { config, sidecar, sidecarBytes, worker: checkOnWorker(config) };
}

/**
 * lvs.cf's values for the planner (not validated yet: see sync-over.ts's validateHere): the quick
 * reader's for a plain file, a fifth of a full parse on this thread, which answers the backup;
 * the tree (`full`) is made only when a message must point into the file.
 */
function parseHere(files: ReturnType<typeof readFilesHere>) {
  let tree: { doc: Document; model: LvsConfig } | null = null;
  const full = () => {
    if (tree) return tree;
    const doc = parse(files.config);
    return (tree = { doc, model: buildModel(doc) });
  };
  const model: ConfigFacts = readConfigFacts(files.config) ?? full().model;
  return { ...files, model, full };
}

export type ParsedHere = ReturnType<typeof parseHere>;

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
  const { deps } = ctx;
  const files = readFilesHere(ctx);
  try {
    let parsed: ReturnType<typeof parseHere> | null = null;
    const parsedHere = () => (parsed ??= parseHere(files));
    // lvs.cf is parsed now only when the address comes from it (not from --to or the sidecar)
    const access = backupAccess(() => parsedHere().model, files.sidecar, req.to, 'sync');
    if (typeof access === 'string') throw new RefusedError(`no backup router to sync to: ${access}; give --to USER@HOST[:PORT]`);
    const label = sshAddressText(access.target);
    deps.stdout.write(`backup router: ${label} (${access.from})\n`);
    // The handshake starts first, with this thread free to answer the backup: lvs.cf is parsed on
    // a worker thread meanwhile, which says which send_program scripts the sync covers. The
    // backup's reads go out as one exec request; this thread parses lvs.cf for the planner while
    // the backup runs it. lvs.cf is validated (on the worker) only when the sync is to change
    // something on the backup: nothing is written before it is, and a sync that changes nothing
    // compares hashes only.
    return await syncWith(ctx, req, files, parsedHere, access, label);
  } finally {
    // whatever happened (no backup, a refused host key...): the worker must not outlive the sync
    files.worker.stop();
  }
}

async function syncWith(
  ctx: CommandContext,
  req: SyncRequest,
  files: ReturnType<typeof readFilesHere>,
  parsedHere: () => ReturnType<typeof parseHere>,
  access: ResolvedAccess,
  label: string,
): Promise<ExitCode> {
  const { paths, deps } = ctx;
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
      // One exec request (each costs a session there): the backup's iptables rules, pulse's state,
      // and for each file here its SHA-256 there with its bytes when they differ (what the diff
      // is made against); a file missing here is hashed there (a file only on the backup is said).
      const present = list.files.filter((f) => local.hashes.get(f.local));
      // Hashed there too: the record of the lvs.cf pulse there will load (rewritten after a sync
      // that changes lvs.cf while pulse is stopped).
      const hashedThere = [...list.files.filter((f) => !local.hashes.get(f.local)).map((f) => f.remote), peerLoadedPath(access.remoteRoot)];
      const reads = present.map((f) => catIfDiffersCommand(f.remote, local.hashes.get(f.local)!));
      const peer = await readPeerRouter(session, access.remoteRoot, peerInputs(ctx, list.files, files), hashedThere, reads, started);
      const there = new Map(peer.hashes);
      const theirs = new Map<string, Buffer | null>();
      for (const [i, f] of present.entries()) {
        // what the read could not tell is read over SFTP
        const o = differOutcome(local.hashes.get(f.local)!, peer.more[i]) ?? (await hashedOverSftp(session, f.remote));
        there.set(f.remote, o.sha256);
        theirs.set(f.remote, o.bytes);
      }
      return { session, there, peer, theirs };
    } catch (err) {
      await session.close().catch(() => undefined);
      throw err;
    }
  })();
  remoteWork.catch(() => undefined);
  await Promise.race([backupReading, remoteWork.then(() => undefined, () => undefined)]);
  const read = parsedHere();
  // the planner, the validator's rules and the transaction: loaded while the backup runs the reads
  const over = require('./sync-over') as typeof import('./sync-over');
  let validated: Promise<Here> | null = null;
  const validate = () => (validated ??= over.validateHere(ctx, read));
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
    return await over.syncOver(ctx, req, { unvalidated: over.unvalidated(ctx, read), validate, access, label, list: list.files, problems: list.problems, local, session }, remote.there, remote.peer, remote.theirs);
  } catch (err) {
    const code = sshErrorCode(err);
    if (code === null) throw err;
    deps.stderr.write(`lvs-tui: not synced: ${(err as Error).message}; nothing was changed on ${label}\n`);
    return sshExit(code);
  } finally {
    await session.close().catch(() => undefined);
  }
}

/** What readPeerRouter plans against: the files here, at their places on the backup. */
function peerInputs(ctx: CommandContext, list: readonly SyncFile[], read: ReturnType<typeof readFilesHere>) {
  const remote = (kind: SyncFile['kind'], fallback: string) => list.find((f) => f.kind === kind)?.remote ?? fallback;
  return { configPath: remote('lvs.cf', ctx.paths.config), config: read.config, sidecarPath: remote('sidecar', ctx.paths.sidecar), sidecarBytes: read.sidecarBytes, sidecar: read.sidecar };
}

