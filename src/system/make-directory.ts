// Creating lvs-tui's own state and log directories.

import * as fs from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates `dir` and its missing parents: the last one with `mode` (0700: state and logs are
 * root's), its parents 0755. Not `mkdirSync({recursive: true})`, which Node 20 retries forever
 * where mkdir keeps failing with ENOENT (under /proc, for one).
 */
export function makeDirectory(dir: string, mode = 0o700): void {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode: d === dir ? mode : 0o755 });
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    }
  }
}
