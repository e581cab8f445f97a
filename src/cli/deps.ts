// Everything with side effects the commands use, built once by main.ts (the composition root) and
// replaced by doubles in in-process tests.

import { Clock } from '../system/clock';
import { FileStore } from '../system/file-store';
import { HistoryStore } from '../system/history-store';
import { Locker } from '../system/lock-file';
import { Resolver } from '../system/resolver';
import { Runner } from '../system/runner';
import { FileStager } from '../system/file-store';
import { AuditLog, AuditUser } from '../system/audit-log';
import { Ask } from '../system/prompt';
import type { PeerConnectOptions, PeerSession } from '../sync/peer-session';
import { MonitorSources } from '../system/monitor-sources';
import type { CheckProbe } from '../system/check-probe';
import type { RouterLocker } from '../system/remote-lock';

export interface Output {
  write(chunk: string | Uint8Array): void;
}

export interface Deps {
  /** the router's files (over SFTP in remote mode) */
  readonly files: FileStore;
  /** files on this machine named on the command line (`import FILE.yaml`); absent: `files` */
  readonly localFiles?: FileStore;
  /** the history kept under a folder (ROOT/var/lib/lvs-tui/history) */
  readonly history: (dir: string) => HistoryStore;
  readonly locker: Locker;
  readonly resolver: Resolver;
  readonly clock: Clock;
  readonly version: string;
  readonly stdout: Output;
  readonly stderr: Output;
  /** runs programs (iptables-save, sysctl, pulse's service commands); argument arrays only */
  readonly runner: Runner;
  /** stages and commits files for apply's transaction */
  readonly stager: FileStager;
  /** the audit log at a path (ROOT/var/log/lvs-tui/audit.log) */
  readonly auditLog: (path: string) => AuditLog;
  readonly user: () => AuditUser;
  /** a yes/no question on the terminal; null when there is none to ask */
  readonly ask: Ask;
  /** creates a directory (and parents) lvs-tui keeps its state in */
  readonly makeDirectory: (dir: string) => void | Promise<void>;
  /** true when ROOT/run/systemd/system exists (pulse is then a systemd unit) */
  readonly hasSystemd: (root: string) => boolean;
  /** an SSH session to the other router of the pair (sync, status --peer); ssh2 is loaded on first use */
  readonly connectPeer: (opts: PeerConnectOptions) => Promise<PeerSession>;
  /** permission bits of a file here, null when it does not exist (a script synced to the backup keeps them) */
  readonly fileMode: (path: string) => number | null;
  /** YAML.stringify, loaded only when `export --format yaml` needs it */
  readonly yamlStringify: () => (value: unknown) => string;
  /** remote mode (--host): the far side's /proc, processes, log and addresses; absent: this machine's */
  readonly monitor?: MonitorSources;
  /** test-check's TCP/UDP exchanges (made from this machine, also in remote mode); absent: node:net */
  readonly checkProbe?: CheckProbe;
  /** remote mode: `user@host[:port]` of the router every path and program is on */
  readonly remoteLabel?: string;
  /** remote mode: takes the router's own apply lock (the one an lvs-tui there takes); absent: `locker` is the router's */
  readonly routerLock?: RouterLocker;
}
