// What a sync would change in each file, as the admin reads it before saying yes: a unified diff
// for text, a line saying sizes for anything else (a binary check program). Pure.

import { unifiedDiff } from './line-diff';

/** The bytes as text when they are text (valid UTF-8 without NUL bytes), else null. */
function textOf(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Text: valid UTF-8 without NUL bytes. */
export function isText(bytes: Uint8Array): boolean {
  return textOf(bytes) !== null;
}

const view = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** The diff from the backup's bytes (null: missing there) to the bytes here. */
export function syncDiff(path: string, backup: Uint8Array | null, here: Uint8Array): string {
  if (backup !== null && view(backup).equals(view(here))) return '';
  // each decoded once (a 2.5 MiB lvs.cf is decoded for the check and used for the diff)
  const now = textOf(here);
  const before = backup === null ? '' : textOf(backup);
  if (now === null || before === null) {
    return `binary file ${path}: ${backup === null ? 'not on the backup' : `${backup.length} bytes on the backup`}, ${here.length} bytes here\n`;
  }
  return unifiedDiff(before, now, backup === null ? '/dev/null' : `${path} (backup)`, `${path} (here)`);
}
