// Why a TUI session is read-only, if it is (pure). Forms still open, so the admin can read every
// value, but refuse changes and show this reason in the status bar.

import { Diagnostic } from '../config/diagnostic';

/**
 * Errors that leave the file's structure uncertain (where a block ends, which block a name means):
 * an edit could land in the wrong place, so the file is fixed as text first ($EDITOR).
 */
export const UNSAFE_TO_EDIT: ReadonlySet<string> = new Set([
  'syntax', 'unclosed-block', 'unmatched-brace', 'block-header', 'block-name', 'misplaced-block', 'unterminated-string', 'duplicate-name',
]);

export interface ReadOnlyFacts {
  /** --read-only was given */
  readonly flag: boolean;
  /** null when lvs.cf (and its folder, for the atomic rename) can be written; else why not */
  readonly notWritable: string | null;
  /** the file as opened */
  readonly diagnostics: readonly Diagnostic[];
  readonly fileName: string;
}

export function readOnlyReason(f: ReadOnlyFacts): string | null {
  if (f.flag) return 'opened with --read-only';
  if (f.notWritable) return f.notWritable;
  const bad = f.diagnostics.find((d) => d.severity === 'error' && UNSAFE_TO_EDIT.has(d.code));
  if (bad) return `${f.fileName}:${bad.span.line}:${bad.span.column}: ${bad.message} [${bad.code}]; fix the file as text first`;
  return null;
}
