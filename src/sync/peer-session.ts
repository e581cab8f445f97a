// What sync and `status --peer` need of the SSH session to the other router: the part of
// src/system/ssh-session.ts's SshSession they use, as an interface of their own, so the sync steps
// can be driven by any implementation (the real session; a recording one in tests).

import type { Command, RunResult } from '../system/runner';
import type { BatchResult } from '../system/remote-batch';

export interface PeerStat {
  readonly size: number;
  /** st_mode: type and permission bits */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

export interface PeerWriteOptions {
  /** permission bits; default the replaced file's, 0644 for a new one */
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  /** keep the replaced file under this name */
  readonly previousPath?: string;
}

export interface PeerSession {
  /** `user@host[:port]` */
  readonly label: string;
  /** SHA256:... of the peer's host key */
  readonly hostKeyFingerprint: string;
  /** the Runner contract, on the peer */
  run(cmd: Command): Promise<RunResult>;
  /**
   * several programs in one exec request (one round trip), each one's result (with its stdout's
   * bytes) or error; `started` is called once the far side runs them. Absent: one run each.
   */
  runBatch?(cmds: readonly Command[], timeoutMs?: number, started?: () => void): Promise<Array<BatchResult | Error>>;
  readFile(path: string): Promise<Buffer | null>;
  stat(path: string): Promise<PeerStat | null>;
  /** never a partial file on the peer, even when the link drops */
  writeFileAtomic(path: string, bytes: Uint8Array, opts?: PeerWriteOptions): Promise<void>;
  sha256(paths: readonly string[]): Promise<Map<string, string | null>>;
  /** rejects when the connection drops (resolves on close()) */
  readonly closed?: Promise<void>;
  close(): Promise<void>;
}

/**
 * The session with every operation also ended by a dropped connection: an operation whose reply
 * never comes must fail with the drop's error rather than wait forever (or let the process end
 * with nothing said).
 */
export function failFastOnDrop(s: PeerSession): PeerSession {
  const closed = s.closed;
  if (!closed) return s;
  const never = new Promise<never>(() => undefined);
  const dropped = closed.then(() => never);
  dropped.catch(() => undefined);
  const race = <T>(p: Promise<T>): Promise<T> => Promise.race([p, dropped]);
  return {
    label: s.label,
    hostKeyFingerprint: s.hostKeyFingerprint,
    closed,
    run: (cmd) => race(s.run(cmd)),
    ...(s.runBatch ? { runBatch: (cmds: readonly Command[], timeoutMs?: number, started?: () => void) => race(s.runBatch!(cmds, timeoutMs, started)) } : {}),
    readFile: (path) => race(s.readFile(path)),
    stat: (path) => race(s.stat(path)),
    writeFileAtomic: (path, bytes, opts) => race(s.writeFileAtomic(path, bytes, opts)),
    sha256: (paths) => race(s.sha256(paths)),
    close: () => s.close(),
  };
}

/** What `connectSsh` (src/system/ssh-session.ts) takes, as far as sync and status --peer use it. */
export interface PeerConnectOptions {
  readonly target: { readonly user: string; readonly host: string; readonly port: number };
  /** default ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts */
  readonly knownHostsFiles?: readonly string[];
  /** default ssh-agent and ~/.ssh/id_* */
  readonly identityFiles?: readonly string[];
  /** asked about an unknown host key; absent: refused */
  readonly confirmUnknownHost?: (fingerprintSha256: string, target: { readonly user: string; readonly host: string; readonly port: number }) => Promise<boolean>;
  readonly readyTimeoutMs?: number;
}
