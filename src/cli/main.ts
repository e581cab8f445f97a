// The composition root: the only place that builds the real I/O objects. Loads nothing of the TUI
// (blessed, screens/) so that non-interactive commands start fast.

import { Deps } from './deps';
import { OpenRemote, run } from './run';
import { nodeFileStager, nodeFileStore } from '../system/file-store';
import { currentUser, fileAuditLog } from '../system/audit-log';
import { terminalAsk } from '../system/prompt';
import { makeDirectory } from '../system/make-directory';
import { detectPulseManager } from '../system/pulse-service';
import { dirHistoryStore } from '../system/history-store';
import { fileLocker } from '../system/lock-file';
import { dnsResolver } from '../system/resolver';
import { processRunner } from '../system/runner';
import { systemClock } from '../system/clock';
import { packageVersion } from '../system/package-info';
import { fileMode } from '../system/file-mode';

export function realDeps(): Deps {
  const runner = processRunner();
  return {
    files: nodeFileStore({ runner }),
    runner,
    stager: nodeFileStager({ runner }),
    auditLog: fileAuditLog,
    user: () => currentUser(),
    ask: terminalAsk(),
    makeDirectory: (dir) => makeDirectory(dir),
    hasSystemd: (root) => detectPulseManager(root) === 'systemctl',
    history: (dir) => dirHistoryStore(dir, 20),
    locker: fileLocker(),
    resolver: dnsResolver(1500),
    clock: systemClock,
    version: packageVersion(),
    stdout: process.stdout,
    stderr: process.stderr,
    // ssh2 is loaded only when a command talks to the other router
    connectPeer: (opts) => (require('../system/ssh-session') as typeof import('../system/ssh-session')).connectSsh(opts),
    fileMode,
    yamlStringify: () => (require('yaml') as typeof import('yaml')).stringify,
  };
}

/** Remote mode (--host): the far side's Deps over SSH, loaded only when asked for. */
const openRemote: OpenRemote = (parsed, local) => (require('./remote-mode') as typeof import('./remote-mode')).openRemote(parsed, local);

export function main(argv: string[]): void {
  // `lvs-tui print | head`: a closed pipe ends the output, not with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  // Nothing left to wait for but no answer either (a reply over a dropped link that never came):
  // never end silently with status 0.
  let settled = false;
  process.on('beforeExit', () => {
    if (settled) return;
    settled = true;
    process.stderr.write('lvs-tui: internal error: stopped waiting for an answer that never came (a dropped connection?); the result is unknown\n');
    process.exitCode = 1;
  });
  run(argv, realDeps(), { openRemote }).then(
    (code) => {
      settled = true;
      process.exitCode = code;
      // A DNS lookup that timed out may still be pending in libuv: do not wait for it once the
      // output is flushed.
      process.stdout.write('', () => process.stderr.write('', () => setTimeout(() => process.exit(code), 50).unref()));
    },
    (err: unknown) => {
      settled = true;
      process.stderr.write(`lvs-tui: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
