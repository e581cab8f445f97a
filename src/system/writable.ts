// Can this process replace a file? lvs-tui writes atomically (a temp file beside it, then a
// rename), so the folder must be writable too.

import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';

/** null when `path` and its folder are writable by this process; else the reason in words. */
export function whyNotWritable(path: string): string | null {
  try {
    accessSync(path, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${path} does not exist` : `${path} is not writable by this user`;
  }
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch {
    return `the folder of ${path} is not writable by this user`;
  }
  return null;
}
