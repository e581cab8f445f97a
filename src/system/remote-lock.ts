// The apply lock on the router in remote mode: the same lock file lvs-tui takes there when run on
// the router itself (O_EXCL, the holder's pid inside, a dead holder's lock taken over), taken by a
// small sh that stays alive while this lvs-tui holds it: its pid is the one written, so an lvs-tui
// on the router sees a live holder, and when the link drops sshd ends the shell and the lock is a
// dead pid's, taken over as any stale lock. Two admins' remote lvs-tui exclude each other, and
// exclude one running on the router.

import type { SshSession } from './ssh-session';
import { LockHeldError } from './io-error';

/** `sh -c SCRIPT sh LOCKPATH`: LOCKED then waits on stdin; HELD PID [EPOCH]; or an error line. */
const SCRIPT = [
  'lock=$1',
  'mkdir -p -- "$(dirname -- "$lock")" || exit 3',
  'for attempt in 1 2 3; do',
  '  if ( set -C; echo $$ > "$lock" ) 2>/dev/null; then',
  '    echo LOCKED',
  '    cat >/dev/null',
  '    [ "$(cat "$lock" 2>/dev/null)" = "$$" ] && rm -f -- "$lock"',
  '    exit 0',
  '  fi',
  '  pid=$(cat "$lock" 2>/dev/null)',
  '  case $pid in',
  '    ""|*[!0-9]*) sleep 1; continue ;;',
  '  esac',
  // the holder's pid and the lock file's time (date -r: GNU and BSD; left out where it fails)
  '  if kill -0 "$pid" 2>/dev/null; then echo "HELD $pid $(date -r "$lock" +%s 2>/dev/null)"; exit 1; fi',
  // a dead holder: remove it only if it is still that one
  '  [ "$(cat "$lock" 2>/dev/null)" = "$pid" ] && rm -f -- "$lock"',
  'done',
  'echo "HELD $(cat "$lock" 2>/dev/null)"',
  'exit 1',
].join('\n');

export interface RemoteLock {
  release(): Promise<void>;
}

/** Takes the lock file `path` on the far side; LockHeldError when another live lvs-tui holds it. */
export async function acquireRemoteLock(session: Pick<SshSession, 'runHeld' | 'label'>, path: string): Promise<RemoteLock> {
  const held = await session.runHeld({ file: 'sh', args: ['-c', SCRIPT, 'sh', path] });
  if (held.firstLine === 'LOCKED') return { release: () => held.end() };
  await held.end();
  const m = /^HELD (\d+)?(?: (\d+))?/m.exec(held.output);
  if (m) throw new LockHeldError(`${session.label}:${path}`, m[1] ? Number(m[1]) : null, m[2] ? new Date(Number(m[2]) * 1000) : null);
  throw new Error(`cannot take the lock ${path} on ${session.label}: ${held.output.trim() || `exit ${held.status}`}`);
}

/** Takes the router's lock for one apply (remote mode's Deps.routerLock; the CLI's apply and the TUI's). */
export type RouterLocker = (path: string) => Promise<RemoteLock>;

export function remoteLocker(session: Pick<SshSession, 'runHeld' | 'label'>): RouterLocker {
  return (path) => acquireRemoteLock(session, path);
}
