// Sets up test/fixtures/pulse-standin.sh (a stand-in for pulse's service script) in a temp state
// directory, with the argument arrays a sidecar would give as `pulse: {manager: command, ...}`.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './paths';

export type StandinAction = 'status' | 'start' | 'stop' | 'restart' | 'reload';

export const PULSE_STANDIN_SCRIPT = join(FIXTURES, 'pulse-standin.sh');

export interface PulseStandin {
  /** the state directory */
  readonly dir: string;
  /** argv of each action: ['sh', SCRIPT, DIR, action] */
  readonly commands: Readonly<Record<StandinAction, readonly string[]>>;
  /** every action asked so far, in order */
  requests(): string[];
  setRunning(running: boolean): void;
  /** makes an action exit 1 with this message (null: succeed again) */
  failOn(action: StandinAction, message: string | null): void;
  setInstalled(installed: boolean): void;
  /** start/restart/reload copy this file to loadedConfig() */
  watchConfig(path: string): void;
  /** the file pulse last (re)loaded, null if none */
  loadedConfig(): string | null;
  remove(): void;
}

export function pulseStandin(opts: { running?: boolean; installed?: boolean } = {}): PulseStandin {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-tui-pulse-'));
  const argv = (a: StandinAction): readonly string[] => ['sh', PULSE_STANDIN_SCRIPT, dir, a];
  const commands = { status: argv('status'), start: argv('start'), stop: argv('stop'), restart: argv('restart'), reload: argv('reload') };
  const s: PulseStandin = {
    dir,
    commands,
    requests: () => {
      const log = join(dir, 'requests.log');
      return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l !== '') : [];
    },
    setRunning: (running) => (running ? writeFileSync(join(dir, 'running'), '4242\n') : rmSync(join(dir, 'running'), { force: true })),
    failOn: (action, message) => (message === null ? rmSync(join(dir, `fail-${action}`), { force: true }) : writeFileSync(join(dir, `fail-${action}`), `${message}\n`)),
    setInstalled: (installed) => (installed ? rmSync(join(dir, 'not-installed'), { force: true }) : writeFileSync(join(dir, 'not-installed'), '')),
    watchConfig: (path) => writeFileSync(join(dir, 'config-path'), path),
    loadedConfig: () => (existsSync(join(dir, 'loaded.cf')) ? readFileSync(join(dir, 'loaded.cf'), 'utf8') : null),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  s.setRunning(opts.running ?? true);
  s.setInstalled(opts.installed ?? true);
  return s;
}
