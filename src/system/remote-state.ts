// The rest of remote mode's I/O on the far side: appending to the audit log there, making
// directories there, whether pulse is a systemd unit there. The Deps functions are synchronous, so
// the audit appends are queued and `flush()` waits for them (called before the session closes);
// a failed append is reported by flush.

import { posix } from 'node:path';
import { AuditLog, clipAuditRecord } from './audit-log';
import type { SshSession } from './ssh-session';

export interface RemoteState {
  auditLog(path: string): AuditLog;
  makeDirectory(dir: string): Promise<void>;
  /** ROOT/run/systemd/system exists on the far side */
  hasSystemd(root: string): Promise<boolean>;
  /** waits for queued appends; rejects with the first failure */
  flush(): Promise<void>;
}

export function remoteState(session: SshSession): RemoteState {
  const pending: Promise<void>[] = [];
  return {
    auditLog(path) {
      return {
        path,
        append(record) {
          const line = `${JSON.stringify(clipAuditRecord(record))}\n`;
          // umask 077: the log may name users and hosts; only root reads it, as locally (0600)
          const script = 'umask 077; mkdir -p -- "$(dirname -- "$1")" && cat >> "$1"';
          pending.push(session.run({ file: 'sh', args: ['-c', script, 'sh', path], stdin: line, timeoutMs: 30_000 }).then(() => undefined));
        },
      } as AuditLog;
    },
    async makeDirectory(dir) {
      await session.run({ file: 'mkdir', args: ['-p', '--', dir], timeoutMs: 30_000 });
    },
    async hasSystemd(root) {
      const st = await session.stat(posix.join(root, 'run', 'systemd', 'system'));
      return st !== null && st.isDirectory;
    },
    async flush() {
      const all = pending.splice(0);
      await Promise.all(all);
    },
  };
}
