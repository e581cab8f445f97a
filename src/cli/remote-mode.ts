// Remote mode (`--host user@router[:port]`): the same commands, run here against a router over
// SSH. The composition root builds a Deps whose files, staged writes, programs, /proc, processes,
// log and audit log are the far side's (src/system/remote-*.ts, ssh-session.ts); --remote-root DIR
// takes every far path under DIR as --root does locally. The commands read files synchronously, so
// the files they use are read ahead here (lvs.cf, the sidecar, the files the sidecar names, pulse's
// loaded record, --from).

import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readSidecar } from '../apply/sidecar';
import { ParsedArgs } from './args';
import { Deps } from './deps';
import { UsageError } from './errors';
import { resolvePaths } from './paths';
import { loadedRecordPath } from './read-router';
import { ConnectOptions, connectSsh, SshSession } from '../system/ssh-session';
import { knownHostsName, formatSshTarget } from '../system/ssh-target';
import { parseSshAddress } from '../apply/ssh-address';
import { remoteFiles } from '../system/remote-file-store';
import { remoteMonitorSources } from '../system/remote-monitor-sources';
import { remoteState } from '../system/remote-state';
import { sftpHistoryStore } from '../system/remote-history-store';
import { terminalSecret } from '../system/secret-prompt';
import { RemoteLock, remoteLocker } from '../system/remote-lock';

/** The commands that take the apply lock on the router itself for their whole run (the TUI takes it for each apply: Deps.routerLock). */
const FAR_LOCKED: ReadonlySet<string | null> = new Set(['apply', 'set', 'unset', 'add', 'delete', 'rename', 'enable', 'disable', 'restore', 'import']);

/**
 * What runs in remote mode (null: the TUI): every command but sync (the primary's own command)
 * and realserver-setup (a real server's). Edits and import keep their history on the router and
 * hold its lock like apply (import's YAML is a file here); `pulse` and `server` take it for their
 * change only (withChangeLocks), so `pulse status` never waits.
 */
const REMOTE_COMMANDS: ReadonlySet<string | null> = new Set([
  null, 'tui', 'check', 'print', 'list', 'get', 'export', 'status', 'dashboard', 'plan', 'apply', 'test-check', 'pulse', 'server',
  'set', 'unset', 'add', 'delete', 'rename', 'enable', 'disable', 'history', 'restore', 'import',
]);

export interface RemoteDeps {
  readonly deps: Deps;
  readonly session: SshSession;
  /** waits for queued far-side writes (the audit log), then closes the connection */
  close(): Promise<void>;
}

/**
 * Connects and builds the remote Deps; UsageError for a bad --host or a command remote mode lacks, SshError when the connection fails.
 * `ssh`: key, known_hosts and agent (default the admin's ~/.ssh and $SSH_AUTH_SOCK; tests pass theirs).
 */
export async function openRemote(parsed: ParsedArgs, base: Deps, ssh: Pick<ConnectOptions, 'identityFiles' | 'knownHostsFiles' | 'agentSocket'> = {}): Promise<RemoteDeps> {
  const { command, options } = parsed;
  if (!REMOTE_COMMANDS.has(command)) throw new UsageError(`${command} does not work with --host (remote mode runs every command but sync and realserver-setup: run those on the router itself)`, command);
  if (options.demo) throw new UsageError('--demo runs on a simulated local router: not with --host', command);
  const target = parseSshAddress(options.host ?? '');
  if (typeof target === 'string') throw new UsageError(`--host ${target}`, command);
  const session = await connectSsh({
    ...ssh,
    target,
    confirmUnknownHost: async (fp, t) => {
      const answer = await base.ask(`The authenticity of host ${knownHostsName(t)} can't be established.\nIts host key fingerprint is ${fp}.\nTrust it and add it to ~/.ssh/known_hosts?`);
      return answer === true;
    },
    askPassphrase: (file) => terminalSecret()(`Enter passphrase for key '${file}': `),
  });
  let farLock: RemoteLock | null = null;
  const routerLock = remoteLocker(session);
  try {
    const paths = resolvePaths(options.remoteRoot, options.config);
    // two admins' lvs-tui, or one here and one on the router, never apply at once
    if (FAR_LOCKED.has(command)) farLock = await routerLock(paths.lock);
    const { files, stager } = remoteFiles(session);
    const state = remoteState(session);
    await files.prefetch([paths.config, paths.sidecar, loadedRecordPath(paths), ...(options.from ? [options.from] : [])]);
    let sidecarBytes: Buffer | null = null;
    try {
      sidecarBytes = files.read(paths.sidecar);
    } catch {
      // no sidecar: the defaults
    }
    const { sidecar } = readSidecar(sidecarBytes, paths.sidecar);
    await files.prefetch([join(paths.root, sidecar.persist.iptables), join(paths.root, sidecar.persist.sysctl)]);
    const systemd = await state.hasSystemd(paths.root);
    const label = formatSshTarget(target);
    const lockPath = join(tmpdir(), `lvs-tui-remote-${target.host.replace(/[^A-Za-z0-9.-]/g, '_')}-${target.port}.lock`);
    const deps: Deps = {
      ...base,
      files,
      localFiles: base.files,
      stager,
      runner: session,
      monitor: remoteMonitorSources(session),
      makeDirectory: (dir) => state.makeDirectory(dir),
      history: (dir) => sftpHistoryStore(session, dir, 20),
      hasSystemd: () => systemd,
      auditLog: (path) => state.auditLog(path),
      // one lvs-tui on this machine per router; `apply` also holds the router's own lock (farLock),
      // the TUI takes it for each apply (src/app/apply-session.ts)
      locker: { acquire: () => base.locker.acquire(lockPath) },
      remoteLabel: label,
      ...(FAR_LOCKED.has(command) ? {} : { routerLock }),
    };
    return {
      deps,
      session,
      async close() {
        try {
          await state.flush();
        } finally {
          await farLock?.release().catch(() => undefined);
          await session.close();
        }
      },
    };
  } catch (err) {
    await farLock?.release().catch(() => undefined);
    await session.close();
    throw err;
  }
}
