// Did lvs.cf or lvs-tui.yaml change on disk under an open TUI session (another admin, vi, a
// config-management run)? Compared by content, not by mtime (two writes in one second, or a copy
// that keeps the mtime, would pass an mtime check). Checked before every apply and on a cheap timer;
// the review then offers to reload the files, keeping the staged edits when they still apply on
// top of the new text (a three-way merge by lines, refusing on any overlap), or to show the diff.

import { createHash } from 'node:crypto';
import { diffLines, splitLines, unifiedDiff } from '../present/line-diff';

export interface FilesRead {
  readonly config: Buffer | null;
  /** null: no sidecar */
  readonly sidecar: Buffer | null;
}

export type FileState = 'changed' | 'created' | 'removed';

export interface DiskChange {
  readonly config: FileState | null;
  readonly sidecar: FileState | null;
  /** "lvs.cf changed on disk since lvs-tui read it" */
  readonly summary: string;
  /** what is on disk now */
  readonly now: FilesRead;
}

function stateOf(before: Buffer | null, now: Buffer | null): FileState | null {
  if (before === null) return now === null ? null : 'created';
  if (now === null) return 'removed';
  return before.equals(now) ? null : 'changed';
}

/** How the files on disk differ from what the session read (pure); null when they do not. */
export function diskChange(read: FilesRead, now: FilesRead, names = { config: 'lvs.cf', sidecar: 'lvs-tui.yaml' }): DiskChange | null {
  const config = stateOf(read.config, now.config);
  const sidecar = stateOf(read.sidecar, now.sidecar);
  if (config === null && sidecar === null) return null;
  const parts: string[] = [];
  if (config) parts.push(`${names.config} was ${config === 'changed' ? 'changed' : config}`);
  if (sidecar) parts.push(`${names.sidecar} was ${sidecar === 'changed' ? 'changed' : sidecar}`);
  return { config, sidecar, summary: `${parts.join(' and ')} on disk since lvs-tui read ${config && sidecar ? 'them' : 'it'}`, now };
}

/** The change on disk as a diff (what the session read → what is there now). */
export function diskChangeDiff(read: FilesRead, change: DiskChange, paths: { config: string; sidecar: string }): string {
  const text = (b: Buffer | null) => (b === null ? '' : b.toString('utf8'));
  let out = '';
  if (change.config) out += unifiedDiff(text(read.config), text(change.now.config), `${paths.config} (as read)`, `${paths.config} (on disk now)`);
  if (change.sidecar) out += unifiedDiff(text(read.sidecar), text(change.now.sidecar), `${paths.sidecar} (as read)`, `${paths.sidecar} (on disk now)`);
  return out;
}

interface Hunk {
  /** lines [from, to) of the base are replaced by `lines` */
  readonly from: number;
  readonly to: number;
  readonly lines: readonly string[];
}

function hunksOf(base: readonly string[], changed: readonly string[]): Hunk[] {
  const hunks: Hunk[] = [];
  let i = 0;
  let cur: { from: number; to: number; lines: string[] } | null = null;
  for (const op of diffLines(base, changed)) {
    if (op.op === ' ') {
      if (cur) hunks.push(cur);
      cur = null;
      i++;
      continue;
    }
    cur ??= { from: i, to: i, lines: [] };
    if (op.op === '-') {
      i++;
      cur.to = i;
    } else cur.lines.push(op.text);
  }
  if (cur) hunks.push(cur);
  return hunks;
}

/**
 * The staged edits (base → staged) replayed on the text now on disk (base → disk), or null when
 * they overlap what changed on disk (or touch the lines next to it): then the admin chooses.
 */
export function mergeStaged(base: string, staged: string, disk: string): string | null {
  const b = splitLines(base);
  const d = splitLines(disk);
  // where each unchanged base line is on disk; -1 where the disk changed it
  const at = new Array<number>(b.length).fill(-1);
  let i = 0;
  let j = 0;
  for (const op of diffLines(b, d)) {
    if (op.op === ' ') at[i++] = j++;
    else if (op.op === '-') i++;
    else j++;
  }
  const out: string[] = [];
  let next = 0; // next disk line not yet copied
  for (const h of hunksOf(b, splitLines(staged))) {
    // the hunk's own base lines and its neighbours must be untouched on disk, and adjacent there
    const first = h.from - 1;
    const last = h.to; // the line after the hunk
    for (let k = Math.max(0, first); k <= Math.min(b.length - 1, last); k++) if (at[k] < 0) return null;
    const before = first >= 0 ? at[first] : -1;
    const after = last < b.length ? at[last] : d.length;
    if (after - before - 1 !== h.to - h.from) return null;
    if (before + 1 < next) return null;
    out.push(...d.slice(next, before + 1), ...h.lines);
    next = after;
  }
  out.push(...d.slice(next));
  return out.join('');
}

/** A digest of the files' contents: two different contents on disk are two changes to report. */
export function fingerprint(f: FilesRead): string {
  const h = createHash('sha256');
  for (const b of [f.config, f.sidecar]) {
    h.update(b === null ? 'absent' : `${b.length}:`);
    if (b !== null) h.update(b);
  }
  return h.digest('hex');
}

/**
 * Calls `onChange` when the files on disk stop matching what the session read; `read` fetches
 * them (I/O through the caller's FileStore). Checks never overlap; stop() ends the timer.
 */
export function watchDisk(opts: { read: () => FilesRead; current: () => FilesRead; intervalMs: number; onChange: (c: DiskChange | null) => void }): { check(): DiskChange | null; stop(): void } {
  let last = '';
  let busy = false;
  const check = (): DiskChange | null => {
    let change: DiskChange | null;
    try {
      change = diskChange(opts.current(), opts.read());
    } catch {
      // unreadable right now (a rename in progress, permissions): the next check tells
      return null;
    }
    const key = change ? fingerprint(change.now) : '';
    if (key !== last) {
      last = key;
      opts.onChange(change);
    }
    return change;
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    try {
      check();
    } finally {
      busy = false;
    }
  }, opts.intervalMs);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
