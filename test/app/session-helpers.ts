// A TUI environment for in-process tests of src/app: the real Deps of the binary (files, stager,
// lock, audit log), a runner of the test's choosing, output captured.

import { realDeps } from '../../src/cli/main';
import { Deps } from '../../src/cli/deps';
import { Options } from '../../src/cli/args';
import { resolvePaths } from '../../src/cli/paths';
import { CommandLog } from '../../src/app/command-log';
import { TuiEnv } from '../../src/app/session-env';
import type { DemoRouter } from '../../src/demo';
import { Runner } from '../../src/system/runner';

export const NO_OPTIONS: Options = { dryRun: false, force: false, help: false, version: false, json: false, demo: false, readOnly: false, yes: false, reload: false, restart: false };

export function capture(): { text(): string; write(c: string | Uint8Array): void } {
  const out: string[] = [];
  return { text: () => out.join(''), write: (c) => out.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')) };
}

export function testTui(root: string, opts: { runner?: Runner; demo?: DemoRouter | null } = {}): TuiEnv & { deps: Deps } {
  const deps: Deps = { ...realDeps(), stdout: capture(), stderr: capture(), ask: async () => null, ...(opts.runner ? { runner: opts.runner } : {}) };
  return { ctx: { positionals: [], options: NO_OPTIONS, paths: resolvePaths(root, undefined), deps }, demo: opts.demo ?? null, commandLog: new CommandLog(), deps };
}
