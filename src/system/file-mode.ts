// The permission bits of a file, for copying a file to the other router with the same ones (a
// send_program script must stay executable).

import { statSync } from 'node:fs';

export function fileMode(path: string): number | null {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return null;
  }
}
