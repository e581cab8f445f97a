// What a sync would change in each file, as the admin reads it before saying yes: a unified diff
// for text, a line saying sizes for anything else (a binary check program). Pure.

import { unifiedDiff } from './line-diff';

/** Text: valid UTF-8 without NUL bytes. */
export function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The diff from the backup's bytes (null: missing there) to the bytes here. */
export function syncDiff(path: string, backup: Uint8Array | null, here: Uint8Array): string {
  if (backup !== null && Buffer.compare(Buffer.from(backup), Buffer.from(here)) === 0) return '';
  if (!isText(here) || (backup !== null && !isText(backup))) {
    return `binary file ${path}: ${backup === null ? 'not on the backup' : `${backup.length} bytes on the backup`}, ${here.length} bytes here\n`;
  }
  const dec = new TextDecoder('utf-8');
  return unifiedDiff(backup === null ? '' : dec.decode(backup), dec.decode(here), backup === null ? '/dev/null' : `${path} (backup)`, `${path} (here)`);
}
