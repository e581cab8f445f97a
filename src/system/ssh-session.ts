// One SSH connection to a router (ssh2, pure JS): host key checked against known_hosts before
// anything is sent, authentication by agent or key files, keepalives, bounded timeouts. The
// session runs programs (an argument array quoted for the far side's POSIX sh, the Runner
// contract) and reads, stats and atomically writes files through SFTP.
//
//   const s = await connectSsh({ target: { user: 'root', host: 'router', port: 22 }, confirmUnknownHost });
//   try { await s.run({ file: 'ipvsadm', args: ['-Ln'] }) } finally { await s.close() }

import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { randomBytes } from 'node:crypto';
import { BatchResult, batchScript, splitBatch } from './remote-batch';
import { Command, RunResult } from './runner';
import { ExecError } from './io-error';
import { SshError } from './ssh-error';
import { SshTarget, formatSshTarget, knownHostsName } from './ssh-target';
import { shellCommandLine } from './remote-shell-quote';
import { defaultKnownHostsFiles, preferredHostKeyAlgorithms, readKnownHostsFiles, verifyHostKey } from './ssh-host-keys';
import { AuthAttempt, AuthLog, authAttempts, defaultIdentityFiles } from './ssh-auth';
import { Sftp, sftpIoError, sftpReadAll, wrapSftp } from './ssh-sftp';
import { fingerprintSha256 } from './known-hosts';
import { writeFileAtomicSftp, RemoteWriteOptions } from './ssh-write-atomic';
import { remoteSha256 } from './ssh-sha256';

export { SshTarget, formatSshTarget } from './ssh-target';
export { SshError, SshErrorCode } from './ssh-error';
export { RemoteWriteOptions } from './ssh-write-atomic';

export interface ConnectOptions {
  readonly target: SshTarget;
  /** default ~/.ssh/known_hosts then /etc/ssh/ssh_known_hosts; a trusted new key goes to the first */
  readonly knownHostsFiles?: readonly string[];
  /** default ~/.ssh/id_ed25519, id_ecdsa, id_rsa (those that exist) */
  readonly identityFiles?: readonly string[];
  /** default $SSH_AUTH_SOCK; null: no agent */
  readonly agentSocket?: string | null;
  /** asked about a host key known_hosts does not hold; absent: refused */
  readonly confirmUnknownHost?: (fingerprintSha256: string, target: SshTarget) => Promise<boolean>;
  /** asked for an encrypted key's passphrase; null: skip that key */
  readonly askPassphrase?: (file: string) => Promise<string | null>;
  /** TCP connect, key exchange and authentication (time spent waiting for the admin excluded); default 20 s */
  readonly readyTimeoutMs?: number;
  /** default 15 s; the link is declared dead after 3 unanswered keepalives */
  readonly keepaliveIntervalMs?: number;
  /** default timeout of a remote command without its own (default 60 s) */
  readonly execTimeoutMs?: number;
  /** channels open at once on the connection (sshd's MaxSessions is 10 by default); default 6 */
  readonly maxChannels?: number;
}

export interface RemoteStat {
  readonly size: number;
  /** st_mode: type and permission bits */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtimeMs: number;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

export interface SshSession {
  readonly target: SshTarget;
  /** SHA256:... of the host key the server presented */
  readonly hostKeyFingerprint: string;
  /** `user@host[:port]`, for messages */
  readonly label: string;
  /** The Runner contract: argv quoted for the far side's sh; ExecError on a non-zero exit. */
  run(cmd: Command): Promise<RunResult>;
  /**
   * Several programs in one exec request (one session and shell on the far side instead of one
   * each): each one's result or ExecError, in order. No stdin; one timeout for the whole batch.
   */
  runBatch(cmds: readonly Command[], timeoutMs?: number, started?: () => void): Promise<Array<BatchResult | ExecError>>;
  /**
   * Starts a program that keeps running while its stdin stays open (a lock held by a far shell):
   * resolves with its first line of output, or with its status and output when it exits first.
   * `end()` closes its stdin and waits for it to exit; the link dropping ends it too.
   */
  runHeld(cmd: Command): Promise<{ readonly firstLine: string | null; readonly status: number | null; readonly output: string; end(): Promise<void> }>;
  /** The file's bytes, null when it does not exist; IoError otherwise. */
  readFile(path: string): Promise<Buffer | null>;
  /** stat (following symlinks), null when it does not exist. */
  stat(path: string): Promise<RemoteStat | null>;
  /** Replaces or creates `path` atomically: never a partial file, even when the link drops. */
  writeFileAtomic(path: string, bytes: Uint8Array, opts?: RemoteWriteOptions): Promise<void>;
  /** SHA-256 (hex) of each file, null for a missing one. */
  sha256(paths: readonly string[]): Promise<Map<string, string | null>>;
  /** the SFTP channel (opened on first use) */
  sftp(): Promise<Sftp>;
  /** rejects when the connection drops */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_READY_MS = 20_000;
const DEFAULT_KEEPALIVE_MS = 15_000;
const DEFAULT_EXEC_MS = 60_000;

/** A connect-time failure of ssh2 as an SshError with a message for the admin. */
function connectError(err: unknown, target: SshTarget, authLog: AuthLog, readyMs: number): SshError {
  const e = err as { level?: string; code?: string; message?: string };
  const who = formatSshTarget(target);
  const where = `${target.host} port ${target.port}`;
  if (e.level === 'client-timeout') return new SshError('timeout', `ssh to ${who}: timed out after ${readyMs / 1000} s waiting for the server (connection, key exchange or login)`);
  if (e.level === 'client-authentication') {
    const tried = authLog.tried.length ? `tried ${authLog.tried.join(', ')}` : 'no key to try (no ssh-agent, no ~/.ssh/id_ed25519, id_ecdsa or id_rsa)';
    const skipped = authLog.skipped.length ? `; skipped ${authLog.skipped.join(', ')}` : '';
    return new SshError('auth-failed', `ssh to ${who}: authentication failed (${tried}${skipped}); is your public key in ~${target.user}/.ssh/authorized_keys on the router?`);
  }
  switch (e.code) {
    case 'ECONNREFUSED':
      return new SshError('refused', `ssh to ${who}: connection refused by ${where} (is sshd running there, on that port?)`);
    case 'ETIMEDOUT':
      return new SshError('timeout', `ssh to ${who}: connection to ${where} timed out`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new SshError('timeout', `ssh to ${who}: ${where} is unreachable (${e.code})`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SshError('refused', `ssh to ${who}: cannot resolve host name ${target.host}`);
    case 'ECONNRESET':
      return new SshError('disconnected', `ssh to ${who}: the connection was reset by ${where}`);
  }
  return new SshError('disconnected', `ssh to ${who}: ${e.message ?? String(err)}`);
}

export async function connectSsh(opts: ConnectOptions): Promise<SshSession> {
  const ssh2 = require('ssh2') as typeof import('ssh2');
  const { target } = opts;
  const label = formatSshTarget(target);
  const knownFiles = opts.knownHostsFiles ?? defaultKnownHostsFiles();
  const entries = readKnownHostsFiles(knownFiles);
  const readyMs = opts.readyTimeoutMs ?? DEFAULT_READY_MS;
  const authLog: AuthLog = { tried: [], skipped: [] };
  const client: Client = new ssh2.Client();

  let hostKeyFingerprint = '';
  let hostKeyFailure: SshError | null = null;

  // Our own ready timer, paused while the admin is asked something (ssh2's cannot pause).
  let timer: NodeJS.Timeout | null = null;
  let remaining = readyMs;
  let startedAt = 0;
  let onTimeout: () => void = () => undefined;
  const pauseTimer = (paused: boolean) => {
    if (paused && timer) {
      clearTimeout(timer);
      timer = null;
      remaining -= Date.now() - startedAt;
    } else if (!paused && !timer) {
      startedAt = Date.now();
      timer = setTimeout(() => onTimeout(), Math.max(0, remaining));
    }
  };

  const agentSocket = opts.agentSocket === undefined ? (process.env.SSH_AUTH_SOCK || null) : opts.agentSocket;
  const attempts = authAttempts(
    {
      username: target.user,
      agentSocket,
      identityFiles: opts.identityFiles ?? defaultIdentityFiles(),
      askPassphrase: opts.askPassphrase,
      pauseTimer,
      parseKey: (data, pass) => ssh2.utils.parseKey(data, pass),
    },
    authLog,
  );

  const config: ConnectConfig = {
    host: target.host,
    port: target.port,
    username: target.user,
    readyTimeout: 0,
    keepaliveInterval: opts.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_MS,
    keepaliveCountMax: 3,
    algorithms: { serverHostKey: preferredHostKeyAlgorithms(entries, target) as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] },
    // a plain function: ssh2 takes any returned value, a Promise included, as the verdict
    hostVerifier: ((key: Buffer, verify: (ok: boolean) => void): undefined => {
      hostKeyFingerprint = fingerprintSha256(key);
      pauseTimer(true);
      verifyHostKey({ target, files: knownFiles, entries, confirmUnknownHost: opts.confirmUnknownHost }, key).then(
        () => {
          pauseTimer(false);
          verify(true);
        },
        (err: unknown) => {
          pauseTimer(false);
          hostKeyFailure = err instanceof SshError ? err : new SshError('io', String(err));
          verify(false);
        },
      );
      return undefined;
    }) as unknown as ConnectConfig['hostVerifier'],
    authHandler: ((_methodsLeft: unknown, _partial: unknown, next: (auth: AuthAttempt | false) => void): undefined => {
      attempts.next().then(
        (r) => next(r.done ? false : r.value),
        () => next(false),
      );
      return undefined;
    }) as unknown as ConnectConfig['authHandler'],
  };

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (err: SshError) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      client.removeAllListeners('ready');
      client.on('error', () => undefined);
      client.end();
      reject(err);
    };
    onTimeout = () => {
      fail(connectError({ level: 'client-timeout' }, target, authLog, readyMs));
      client.destroy();
      // before the handshake ssh2's destroy may leave its socket open: nothing may keep us waiting
      (client as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
    };
    pauseTimer(false);
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve();
    });
    client.on('error', (err) => fail(hostKeyFailure ?? connectError(err, target, authLog, readyMs)));
    client.on('close', () => fail(hostKeyFailure ?? new SshError('disconnected', `ssh to ${label}: the server closed the connection during login`)));
    client.connect(config);
  });

  return openSession(client, { target, label, hostKeyFingerprint, execTimeoutMs: opts.execTimeoutMs ?? DEFAULT_EXEC_MS, maxChannels: opts.maxChannels ?? 6 });
}

interface SessionSettings {
  readonly target: SshTarget;
  readonly label: string;
  readonly hostKeyFingerprint: string;
  readonly execTimeoutMs: number;
  readonly maxChannels: number;
}

/** A counting semaphore: sshd refuses channels beyond MaxSessions. */
function limiter(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

function openSession(client: Client, s: SessionSettings): SshSession {
  let dropped: SshError | null = null;
  let closing = false;
  const closed = new Promise<void>((resolve, reject) => {
    const onGone = (why: string) => {
      if (closing) return resolve();
      dropped ??= new SshError('disconnected', `ssh to ${s.label}: ${why}`);
      reject(dropped);
    };
    client.on('error', (err) => onGone(`the connection failed: ${(err as Error).message}`));
    client.on('close', () => onGone('the connection was lost'));
  });
  closed.catch(() => undefined);
  // ssh2 leaves SFTP requests in flight unanswered when the link dies: every operation races this
  const droppedSignal = new Promise<never>((_, reject) => closed.then(() => reject(lost()), reject));
  droppedSignal.catch(() => undefined);
  const limit = limiter(s.maxChannels);
  const lost = () => dropped ?? new SshError('disconnected', `ssh to ${s.label}: the connection is closed`);

  let sftpPromise: Promise<Sftp> | null = null;
  const sftp = (): Promise<Sftp> => {
    if (dropped || closing) return Promise.reject(lost());
    sftpPromise ??= new Promise<Sftp>((resolve, reject) => {
      client.sftp((err, raw) => {
        if (err) {
          sftpPromise = null;
          reject(dropped ?? new SshError('io', `ssh to ${s.label}: cannot start SFTP (is the sftp subsystem enabled in sshd_config?): ${err.message}`));
        } else resolve(wrapSftp(raw));
      });
    });
    return sftpPromise;
  };
  const where = (path: string) => `${s.target.host}:${path}`;
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await Promise.race([fn(), droppedSignal]);
    } catch (err) {
      throw dropped ?? err;
    }
  };

  /**
   * Starts cmd as one exec request and hands its channel to onStream synchronously (so no exit or
   * close event can pass before the caller listens); refusals and a lost link go to reject.
   */
  const execChannel = (cmd: Command, reject: (err: Error) => void, onStream: (stream: ClientChannel) => void): void => {
    if (dropped || closing) return reject(lost());
    let line: string;
    try {
      line = shellCommandLine(cmd.file, cmd.args);
    } catch (err) {
      return reject(new ExecError(cmd.file, cmd.args, null, (err as Error).message));
    }
    client.exec(line, (err, stream: ClientChannel) => {
      if (err) return reject(dropped ?? new SshError('io', `ssh to ${s.label}: cannot start ${cmd.file}: ${err.message}`));
      onStream(stream);
    });
  };

  /**
   * cmd's stdout as bytes, its stderr and exit status; rejects on a timeout, a signal or a lost
   * link. `started` is called once sshd has started it.
   */
  const execRaw = (cmd: Command, started?: () => void): Promise<{ stdout: Buffer; stderr: string; status: number }> =>
    guard(() => limit(
      () =>
        new Promise<{ stdout: Buffer; stderr: string; status: number }>((resolve, reject) => {
          execChannel(cmd, reject, (stream) => {
            started?.();
            const out: Buffer[] = [];
            const errOut: Buffer[] = [];
            let status: number | null = null;
            let signal: string | null = null;
            let timedOut = false;
            const timeoutMs = cmd.timeoutMs ?? s.execTimeoutMs;
            const timer = setTimeout(() => {
              timedOut = true;
              try {
                stream.signal('KILL');
              } catch {
                // an older sshd ignores signals
              }
              stream.close();
              // the channel's close waits for the far process: the caller does not
              const stderr = Buffer.concat(errOut).toString('utf8');
              reject(new ExecError(cmd.file, cmd.args, null, `${stderr}${stderr && !stderr.endsWith('\n') ? '\n' : ''}timed out after ${timeoutMs} ms on ${s.label}`));
            }, timeoutMs);
            stream.on('data', (d: Buffer) => out.push(d));
            stream.stderr.on('data', (d: Buffer) => errOut.push(d));
            stream.on('exit', (code: number | null, sig?: string) => {
              status = code;
              signal = sig ?? null;
            });
            stream.on('close', () => {
              clearTimeout(timer);
              const stderr = Buffer.concat(errOut).toString('utf8');
              const sep = stderr && !stderr.endsWith('\n') ? '\n' : '';
              if (timedOut) return;
              if (status === null) {
                if (dropped) return reject(dropped);
                return reject(new ExecError(cmd.file, cmd.args, null, `${stderr}${sep}${signal ? `killed by SIG${signal} on ${s.label}` : `no exit status from ${s.label} (the connection dropped?)`}`));
              }
              resolve({ stdout: Buffer.concat(out), stderr, status });
            });
            // A program that exits without reading all its input: its exit status tells.
            stream.on('error', () => undefined);
            if (cmd.stdin !== undefined) stream.end(typeof cmd.stdin === 'string' ? cmd.stdin : Buffer.from(cmd.stdin));
            else stream.end();
          });
        }),
    ));

  const run = async (cmd: Command): Promise<RunResult> => {
    const r = await execRaw(cmd);
    const outcome = exitOutcome(cmd, r.status, r.stdout.toString('utf8'), r.stderr, s.label);
    if (outcome instanceof ExecError) throw outcome;
    return outcome;
  };

  const runBatch = async (cmds: readonly Command[], timeoutMs?: number, started?: () => void): Promise<Array<BatchResult | ExecError>> => {
    if (cmds.length === 0) return [];
    const nonce = randomBytes(12).toString('hex');
    let script: string;
    try {
      script = batchScript(cmds, nonce);
    } catch (err) {
      return cmds.map((c) => new ExecError(c.file, c.args, null, (err as Error).message));
    }
    const batch: Command = { file: 'sh', args: ['-c', script], timeoutMs: timeoutMs ?? Math.max(...cmds.map((c) => c.timeoutMs ?? s.execTimeoutMs)) };
    const r = await execRaw(batch, started);
    if (r.status !== 0) throw exitOutcome(batch, r.status, r.stdout.toString('utf8'), r.stderr, s.label);
    // split as latin1 (one character per byte, the markers are ASCII): each part's bytes stay exact
    return splitBatch(r.stdout.toString('latin1'), r.stderr, cmds.length, nonce).map((part, i) => {
      if (part.status === null) return new ExecError(cmds[i].file, cmds[i].args, null, `${part.stderr}no exit status from ${s.label}`);
      const bytes = Buffer.from(part.stdout, 'latin1');
      const outcome = exitOutcome(cmds[i], part.status, bytes.toString('utf8'), part.stderr, s.label);
      return outcome instanceof ExecError ? outcome : { ...outcome, bytes };
    });
  };

  const runHeld: SshSession['runHeld'] = (cmd) =>
    guard(
      () =>
        new Promise((resolve, reject) => {
          execChannel(cmd, reject, (stream) => {
            let out = '';
            let status: number | null = null;
            let settled = false;
            const exited = new Promise<void>((done) => stream.on('close', () => done()));
            const end = async () => {
              stream.end();
              await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
            };
            stream.on('data', (d: Buffer) => {
              out += d.toString('utf8');
              const nl = out.indexOf('\n');
              if (!settled && nl >= 0) {
                settled = true;
                resolve({ firstLine: out.slice(0, nl), status: null, output: out, end });
              }
            });
            stream.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
            stream.on('exit', (code: number | null) => (status = code));
            stream.on('error', () => undefined);
            void exited.then(() => {
              if (settled) return;
              settled = true;
              resolve({ firstLine: null, status, output: out, end: async () => undefined });
            });
          });
        }),
    );

  const session: SshSession = {
    target: s.target,
    hostKeyFingerprint: s.hostKeyFingerprint,
    label: s.label,
    closed,
    sftp,
    run,
    runBatch,
    runHeld,
    readFile: (path) => guard(async () => limit(async () => sftpReadAll(await sftp(), path, where(path)))),
    stat: (path) =>
      guard(async () => {
        const sf = await sftp();
        try {
          const st = await sf.stat(path);
          return { size: st.size, mode: st.mode, uid: st.uid, gid: st.gid, mtimeMs: st.mtime * 1000, isFile: st.isFile(), isDirectory: st.isDirectory() };
        } catch (err) {
          if ((err as { code?: unknown }).code === 2) return null;
          throw sftpIoError(err, 'stat', where(path));
        }
      }),
    writeFileAtomic: (path, bytes, opts = {}) => guard(async () => writeFileAtomicSftp(await sftp(), run, path, bytes, opts, where)),
    sha256: (paths) => guard(() => remoteSha256(session, paths)),
    async close() {
      if (closing) return;
      closing = true;
      await new Promise<void>((resolve) => {
        if (dropped) return resolve();
        client.once('close', () => resolve());
        client.end();
        setTimeout(resolve, 2000).unref();
      });
    },
  };
  return session;
}

/** A program's exit status as the Runner contract says: its output, or an ExecError in the local runner's words. */
function exitOutcome(cmd: Command, status: number, stdout: string, stderr: string, label: string): RunResult | ExecError {
  if (status === 0) return { stdout, stderr };
  if (cmd.acceptExit?.includes(status)) return { stdout, stderr, exitCode: status };
  // sh's "not found": the same words as the local runner's ENOENT
  if (status === 127 && /not found|No such file/i.test(stderr)) return new ExecError(cmd.file, cmd.args, 127, `cannot run ${cmd.file} on ${label}: no such program (is it installed and on PATH?)`);
  if (status === 126) return new ExecError(cmd.file, cmd.args, 126, `cannot run ${cmd.file} on ${label}: permission denied`);
  return new ExecError(cmd.file, cmd.args, status, stderr || `exit ${status}`);
}

/** The known_hosts name of a target (`host` or `[host]:port`), re-exported for messages. */
export { knownHostsName };
