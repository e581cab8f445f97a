// The sync plan: the SHA-256 of each file here and on the backup compared, and what a sync would
// write. A file missing here is never deleted there (reported only); a send_program script missing
// on both routers is reported, not fatal. Pure.

import { SyncFile } from './sync-files';

/**
 * same: equal hashes; differs: both exist, hashes differ; missing-on-backup: only here;
 * missing-here: only on the backup (reported, never deleted); missing: on neither.
 */
export type SyncState = 'same' | 'differs' | 'missing-on-backup' | 'missing-here' | 'missing';

export interface SyncEntry {
  readonly file: SyncFile;
  readonly state: SyncState;
  /** hex SHA-256 here; null when the file does not exist here */
  readonly here: string | null;
  /** hex SHA-256 on the backup; null when it does not exist there */
  readonly backup: string | null;
}

export interface SyncPlan {
  readonly entries: readonly SyncEntry[];
  /** the files a sync writes on the backup (differs or missing there), lvs.cf last */
  readonly toWrite: readonly SyncEntry[];
  /** what a sync cannot fix (missing here or anywhere), and send_program lines it skips */
  readonly problems: readonly string[];
  /** every file here is the same on the backup */
  readonly inSync: boolean;
}

function stateOf(here: string | null, backup: string | null): SyncState {
  if (here === null) return backup === null ? 'missing' : 'missing-here';
  if (backup === null) return 'missing-on-backup';
  return here === backup ? 'same' : 'differs';
}

/** lvs.cf is written last: pulse on the backup reads it, the scripts and sidecar it needs come first. */
const ORDER = { script: 0, sidecar: 1, 'lvs.cf': 2 } as const;

export function planSync(
  files: readonly SyncFile[],
  hereHashes: ReadonlyMap<string, string | null>,
  backupHashes: ReadonlyMap<string, string | null>,
  skipped: readonly string[] = [],
): SyncPlan {
  const entries: SyncEntry[] = files.map((file) => {
    const here = hereHashes.get(file.local) ?? null;
    const backup = backupHashes.get(file.remote) ?? null;
    return { file, state: stateOf(here, backup), here, backup };
  });
  const toWrite = entries.filter((e) => e.state === 'differs' || e.state === 'missing-on-backup').sort((a, b) => ORDER[a.file.kind] - ORDER[b.file.kind]);
  const problems = [...skipped];
  for (const e of entries) {
    const who = e.file.usedBy.length ? ` (send_program of ${e.file.usedBy.join(', ')})` : '';
    if (e.state === 'missing-here') problems.push(`${e.file.path} exists only on the backup${who}: left there as it is`);
    if (e.state === 'missing' && e.file.kind === 'script') problems.push(`${e.file.path}${who} is missing here and on the backup: nanny cannot run it`);
  }
  // A sidecar absent on both sides is the same (defaults); a missing script is not in sync.
  const inSync = entries.every((e) => e.state === 'same' || (e.state === 'missing' && e.file.kind !== 'script'));
  return { entries, toWrite, problems, inSync };
}

/** One line per file, for the admin: "differs  /etc/sysconfig/ha/lvs.cf". */
export function syncPlanLines(plan: SyncPlan): string[] {
  const word: Record<SyncState, string> = { same: 'same', differs: 'differs', 'missing-on-backup': 'not on backup', 'missing-here': 'only on backup', missing: 'missing' };
  return plan.entries.map((e) => `  ${word[e.state].padEnd(14)} ${e.file.path}`);
}
