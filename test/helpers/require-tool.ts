// Tests use real components. Where one is missing, a test is skipped on a developer's machine but
// FAILS under CI=true: CI must never pass by skipping.

import { spawnSync } from 'node:child_process';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Returns a skip reason for node:test (`{ skip }`) or throws under CI when a program is missing. */
export function needProgram(program: string, args: string[] = ['--version']): string | false {
  const r = spawnSync(program, args, { stdio: 'ignore' });
  if (!r.error) return false;
  const why = `${program} is not installed`;
  if (IN_CI) throw new Error(`${why}: .ci/run must install it`);
  return why;
}

/** True when this process may create namespaces and mounts (root with unshare). */
export function needRootNamespaces(): string | false {
  const r = spawnSync('unshare', ['-m', 'true'], { stdio: 'ignore' });
  if (!r.error && r.status === 0) return false;
  const why = 'unshare -m does not work here (needs root)';
  if (IN_CI) throw new Error(why);
  return why;
}
