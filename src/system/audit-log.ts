// The audit log: one JSON line per transaction in ROOT/var/log/lvs-tui/audit.log, so that the
// admin (or the next one) can see what lvs-tui did to the router, when, for whom, with which exit
// codes and what the programs said. Created 0600 in a 0700 directory: rules and command lines may
// say more about the network than everyone should read. Each record is one write(2) on an O_APPEND
// descriptor, so two writers never interleave inside a line.

import { makeDirectory } from './make-directory';
import * as fs from 'node:fs';
import { dirname, join } from 'node:path';
import { ioErrorFrom } from './io-error';

/** stderr kept per command: enough for the error, not a flood */
export const AUDIT_STDERR_LIMIT = 2048;

export interface AuditUser {
  readonly uid: number | null;
  /** the login name of the session, when the environment says */
  readonly user?: string;
  /** who ran `sudo lvs-tui ...` */
  readonly sudoUser?: string;
}

export interface AuditCommand {
  readonly phase: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface AuditStep {
  readonly id: string;
  readonly title: string;
  readonly outcome: string;
  readonly phases: readonly { readonly phase: string; readonly durationMs: number; readonly ok: boolean; readonly error?: string }[];
  readonly commands: readonly AuditCommand[];
  readonly notes: readonly string[];
}

export interface AuditRecord {
  readonly time: string;
  readonly user: AuditUser;
  /** the command line lvs-tui was run with */
  readonly command: readonly string[];
  readonly outcome: string;
  readonly durationMs: number;
  readonly error?: string;
  readonly undoFailures?: readonly string[];
  readonly steps: readonly AuditStep[];
}

export interface AuditLog {
  readonly path: string;
  /** Appends one line; IoError when it cannot (the caller says so, the router state decides the exit code). */
  append(record: AuditRecord): void;
}

/** The default place under a root (`--root DIR` or /). */
export function auditLogPath(root: string): string {
  return join(root, 'var', 'log', 'lvs-tui', 'audit.log');
}

/** Who is running lvs-tui, as far as the process can tell. */
export function currentUser(env: NodeJS.ProcessEnv = process.env): AuditUser {
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const user = env.LOGNAME || env.USER || undefined;
  const sudoUser = env.SUDO_USER || undefined;
  return { uid, ...(user ? { user } : {}), ...(sudoUser ? { sudoUser } : {}) };
}

function clip(text: string): string {
  if (text.length <= AUDIT_STDERR_LIMIT) return text;
  return `${text.slice(0, AUDIT_STDERR_LIMIT)}… (${text.length - AUDIT_STDERR_LIMIT} more characters)`;
}

/** The record as it is written: stderr clipped to its first 2 KB. */
export function clipAuditRecord(record: AuditRecord): AuditRecord {
  return {
    ...record,
    steps: record.steps.map((s) => ({ ...s, commands: s.commands.map((c) => ({ ...c, stderr: clip(c.stderr) })) })),
  };
}

export function fileAuditLog(path: string): AuditLog {
  return {
    path,
    append(record) {
      const dir = dirname(path);
      const line = Buffer.from(`${JSON.stringify(clipAuditRecord(record))}\n`);
      let fd: number | null = null;
      try {
        makeDirectory(dir);
        fd = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, 0o600);
        const written = fs.writeSync(fd, line);
        if (written !== line.length) throw Object.assign(new Error(`short write (${written} of ${line.length} bytes)`), { code: 'ENOSPC' });
        fs.fsyncSync(fd);
      } catch (err) {
        throw ioErrorFrom(err, 'write', path, dir);
      } finally {
        if (fd !== null) {
          try {
            fs.closeSync(fd);
          } catch {
            // the write already succeeded or already failed
          }
        }
      }
    },
  };
}
