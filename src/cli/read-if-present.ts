// A file that may not exist (the sidecar, a saved rules file): its bytes or null. A module of its
// own so that status, check and the TUI read it without loading the planner (read-router.ts).

import { IoError } from '../system/io-error';
import type { Deps } from './deps';

/** The file's bytes, or null when it does not exist; any other failure (unreadable, a directory) is an I/O error. */
export function readIfPresent(deps: Pick<Deps, 'files'>, path: string): Buffer | null {
  try {
    return deps.files.read(path);
  } catch (err) {
    if (err instanceof IoError && err.code === 'not-found') return null;
    throw err;
  }
}
