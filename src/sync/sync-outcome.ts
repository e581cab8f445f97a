// After a sync's transaction: which files on the backup hold the new version and which the old,
// from the journal (each far file is written atomically, so it is one or the other, never partial;
// the one being written when the link dropped may be either). Pure.

import type { TransactionResult } from '../apply/transaction';
import { WRITING_BACK } from './remote-file-step';

/** new: written (and verified); old: untouched or put back; either: the link dropped while it was being written or put back */
export type FarFileState = 'new' | 'old' | 'either';

export interface FarFile {
  readonly id: string;
  readonly path: string;
}

export interface FarFileOutcome extends FarFile {
  readonly state: FarFileState;
}

export function farFileOutcomes(result: TransactionResult, files: readonly FarFile[]): FarFileOutcome[] {
  return files.map((f) => {
    const j = result.journal.steps.find((s) => s.id === f.id);
    let state: FarFileState = 'old';
    if (j) {
      if (j.outcome === 'applied') state = 'new';
      // its write, or the write putting it back, was cut off: atomic, so one or the other; an
      // undo that failed before it started writing (the link was already gone) left it new
      else if (j.outcome === 'undo-failed' || j.outcome === 'not-undoable') state = j.failedIn !== undefined || j.notes.includes(WRITING_BACK) ? 'either' : 'new';
    }
    return { ...f, state };
  });
}

/** The admin's lines: what is new, what is old, what may be either on the backup. */
export function farFileLines(outcomes: readonly FarFileOutcome[], peer: string): string[] {
  const of = (s: FarFileState) => outcomes.filter((o) => o.state === s).map((o) => o.path);
  const lines: string[] = [];
  const n = of('new');
  const o = of('old');
  const e = of('either');
  if (n.length) lines.push(`new on ${peer}: ${n.join(', ')}`);
  if (o.length) lines.push(`unchanged (old) on ${peer}: ${o.join(', ')}`);
  if (e.length) lines.push(`old or new on ${peer} (written atomically, never partial; the link dropped during the write): ${e.join(', ')}`);
  return lines;
}
